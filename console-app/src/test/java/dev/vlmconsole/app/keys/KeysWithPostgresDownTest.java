package dev.vlmconsole.app.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.app.keys.ApiClient.Answer;
import dev.vlmconsole.app.support.ConsoleNodes;
import dev.vlmconsole.app.support.Postgres;
import dev.vlmconsole.app.support.TcpProxy;
import dev.vlmconsole.keys.verify.KeyStoreHealth;
import dev.vlmconsole.keys.verify.KeyStoreUnavailableException;
import dev.vlmconsole.keys.verify.KeyVerifier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A node on PostgreSQL whose database goes away mid-test (a TCP proxy closes every connection and
 * refuses new ones): cached keys keep answering VALID from memory, with local rate limits, until the
 * maximum staleness; uncached keys answer the 503 problem within a second; when the database returns
 * the node recovers by itself and applies what changed meanwhile. Prints the latencies it measured.
 */
class KeysWithPostgresDownTest {

    static final String ADMIN_KEY = TestKeys.admin();
    static final long MAX_STALENESS_SECONDS = 10;
    static String database;
    static TcpProxy link;
    static ConfigurableApplicationContext node;
    static ApiClient api;

    @BeforeAll
    static void start() throws InterruptedException {
        database = Postgres.newDatabase("pg_down");
        link = new TcpProxy(Postgres.server().getPort());
        node = ConsoleNodes.start(
                "jdbc:postgresql://127.0.0.1:" + link.port() + "/" + database,
                "--console.keys.max-staleness=PT" + MAX_STALENESS_SECONDS + "S",
                "--console.plans.payg.rate-limit=100000",
                "--console.billing.payg.rate-limit=100000", // the billing module's plans win
                "--CONSOLE_BOOTSTRAP_OWNER_EMAIL=owner@pg-down.test",
                "--CONSOLE_BOOTSTRAP_OWNER_PASSWORD=owner-password-long",
                "--CONSOLE_BOOTSTRAP_ADMIN_KEY=" + ADMIN_KEY);
        api = new ApiClient(ConsoleNodes.port(node));
        // a cold JVM on a loaded machine may take longer than the read time-out for its first read
        for (int i = 0; i < 10 && api.get("/api/v1/me", ADMIN_KEY).status() != 200; i++) {
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stop() {
        if (link != null) {
            link.resume();
        }
        if (node != null) {
            node.close();
        }
        if (link != null) {
            link.close();
        }
    }

    @Test
    void cached_keys_keep_verifying_uncached_ones_get_a_503_at_once_and_the_node_recovers_by_itself() throws Exception {
        String[] hot = api.create(ADMIN_KEY, "{\"name\":\"hot\"}");
        String[] cold = api.create(ADMIN_KEY, "{\"name\":\"cold\"}");
        String[] revokedMeanwhile = api.create(ADMIN_KEY, "{\"name\":\"revoked elsewhere\"}");
        assertThat(api.code(hot[1])).isEqualTo("VALID");
        assertThat(api.code(revokedMeanwhile[1])).isEqualTo("VALID");
        print(
                "cached key, database up (VALID)",
                timed(
                        200,
                        () -> api.verify(hot[1]),
                        a -> assertThat(a.text("code")).isEqualTo("VALID")));

        link.refuse();
        long stoppedAt = System.nanoTime();
        KeyStoreHealth health = node.getBean(KeyStoreHealth.class);
        waitFor(health::isDown, 10_000);
        System.out.printf("database down: noticed after %d ms%n", (System.nanoTime() - stoppedAt) / 1_000_000);
        revokeBehindTheNodesBack(revokedMeanwhile[0]);

        long[] cached = timed(
                200, () -> api.verify(hot[1]), a -> assertThat(a.text("code")).isEqualTo("VALID"));
        long[] uncached = timed(20, () -> api.verify(cold[1]), a -> {
            assertThat(a.status()).isEqualTo(503);
            assertThat(a.contentType()).startsWith("application/problem+json");
        });
        long[] unknown = timed(
                20,
                () -> api.verify(TestKeys.inference()),
                a -> assertThat(a.status()).isEqualTo(503));
        print("cached key, database down (VALID)", cached);
        print("uncached key, database down (503)", uncached);
        print("unknown key, database down (503)", unknown);
        assertThat(percentile(cached, 99)).as("cached keys answer from memory").isLessThan(250_000);
        assertThat(max(uncached))
                .as("uncached keys answer 503 within a second (loosely)")
                .isLessThan(2_000_000);
        assertThat(api.code(TestKeys.tampered(cold[1]))).isEqualTo("MALFORMED");
        KeyVerifier verifier = node.getBean(KeyVerifier.class);
        long[] inProcess =
                timedInProcess(10_000, () -> verifier.verify(hot[1]).code().name(), "VALID");
        long[] inProcessUncached = timedInProcess(
                1_000,
                () -> {
                    try {
                        return verifier.verify(cold[1]).code().name();
                    } catch (KeyStoreUnavailableException e) {
                        return "503";
                    }
                },
                "503");
        printNanos("in process, cached key, database down (VALID)", inProcess);
        printNanos("in process, uncached key, database down (503)", inProcessUncached);
        assertThat(percentile(inProcess, 99))
                .as("microseconds, not a round trip")
                .isLessThan(50_000_000);

        waitFor(() -> api.verify(hot[1]).status() == 503, 30_000);
        long refusedAfter = (System.nanoTime() - stoppedAt) / 1_000_000;
        System.out.printf(
                "database down: the cached key was refused after %d ms (max staleness %d s)%n",
                refusedAfter, MAX_STALENESS_SECONDS);
        // staleness counts from the feed's last round trip, at most a heartbeat (2 s) before the stop
        assertThat(refusedAfter).isGreaterThan((MAX_STALENESS_SECONDS - 3) * 1000);

        link.resume();
        long resumedAt = System.nanoTime();
        waitFor(() -> "VALID".equals(api.code(cold[1])), 30_000);
        System.out.printf(
                "database back: uncached keys verify again after %d ms%n", (System.nanoTime() - resumedAt) / 1_000_000);
        assertThat(api.code(revokedMeanwhile[1]))
                .as("a revocation made meanwhile applies")
                .isEqualTo("REVOKED");
        assertThat(api.code(hot[1])).isEqualTo("VALID");
        assertThat(health.isDown()).isFalse();
    }

    /** Another node, which still reaches the database, revokes the key. */
    private static void revokeBehindTheNodesBack(String keyId) throws Exception {
        try (Connection c = Postgres.dataSource(database).getConnection();
                PreparedStatement s = c.prepareStatement("update api_keys set revoked_at = now() where id = ?")) {
            s.setObject(1, UUID.fromString(keyId));
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }

    private interface Check {
        void accept(Answer a);
    }

    /** Makes {@code calls} calls, checks each answer and returns their durations in microseconds. */
    private static long[] timed(int calls, Supplier<Answer> call, Check check) {
        long[] micros = new long[calls];
        for (int i = 0; i < calls; i++) {
            long t = System.nanoTime();
            Answer a = call.get();
            micros[i] = (System.nanoTime() - t) / 1000;
            check.accept(a);
        }
        Arrays.sort(micros);
        return micros;
    }

    /** Verifications in the process, without HTTP; durations in nanoseconds. */
    private static long[] timedInProcess(int calls, Supplier<String> call, String expected) {
        long[] nanos = new long[calls];
        String last = null;
        for (int i = 0; i < calls; i++) {
            long t = System.nanoTime();
            last = call.get();
            nanos[i] = System.nanoTime() - t;
            assertThat(last).isEqualTo(expected);
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static void printNanos(String what, long[] nanos) {
        System.out.printf(
                "%s: %d calls, p50 %.1f µs, p99 %.1f µs, max %.1f µs%n",
                what,
                nanos.length,
                nanos[nanos.length / 2] / 1000.0,
                percentile(nanos, 99) / 1000.0,
                max(nanos) / 1000.0);
    }

    private static void print(String what, long[] micros) {
        System.out.printf(
                "%s: %d calls, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                what,
                micros.length,
                micros[micros.length / 2] / 1000.0,
                percentile(micros, 99) / 1000.0,
                max(micros) / 1000.0);
    }

    private static long percentile(long[] sorted, int p) {
        return sorted[(int) Math.ceil(sorted.length * p / 100.0) - 1];
    }

    private static long max(long[] sorted) {
        return sorted[sorted.length - 1];
    }

    private static void waitFor(Supplier<Boolean> condition, long millis) throws InterruptedException {
        long until = System.nanoTime() + millis * 1_000_000;
        while (!condition.get()) {
            assertThat(System.nanoTime()).as("waited %d ms", millis).isLessThan(until);
            Thread.sleep(20);
        }
    }
}
