package dev.vlmconsole.app.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.app.support.ConsoleNodes;
import dev.vlmconsole.app.support.Postgres;
import dev.vlmconsole.app.support.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two nodes on one PostgreSQL, node B behind a TCP proxy. When B's open connections die without a
 * reset (a NAT or load balancer forgot them), B's change feed notices within two heartbeats,
 * listens again on a new connection and forgets what it cached, so a key revoked on A fails on B
 * within the documented 5 s instead of when its cached state expires.
 */
class KeysAcrossADeadLinkTest {

    static final String ADMIN_KEY = TestKeys.admin();
    static TcpProxy link;
    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;
    static ApiClient a;
    static ApiClient b;

    @BeforeAll
    static void startTwoNodes() {
        String database = Postgres.newDatabase("dead_link");
        link = new TcpProxy(Postgres.server().getPort());
        nodeA = ConsoleNodes.start(
                Postgres.jdbcUrl(database),
                "--console.plans.payg.rate-limit=100000",
                "--console.billing.payg.rate-limit=100000", // the billing module's plans win
                "--CONSOLE_BOOTSTRAP_OWNER_EMAIL=owner@link.test",
                "--CONSOLE_BOOTSTRAP_OWNER_PASSWORD=owner-password-long",
                "--CONSOLE_BOOTSTRAP_ADMIN_KEY=" + ADMIN_KEY);
        // node B keeps the default shared rate-limit store: a lease fetch on a black-holed pooled connection
        // would wait for a socket time-out pgjdbc does not have by default, so verification waits for it
        // at most a second (DD004)
        nodeB = ConsoleNodes.start(
                "jdbc:postgresql://127.0.0.1:" + link.port() + "/" + database,
                "--console.plans.payg.rate-limit=100000",
                "--console.billing.payg.rate-limit=100000");
        a = new ApiClient(ConsoleNodes.port(nodeA));
        b = new ApiClient(ConsoleNodes.port(nodeB));
    }

    @AfterAll
    static void stopNodes() {
        if (link != null) {
            link.close();
        }
        if (nodeB != null) {
            nodeB.close();
        }
        if (nodeA != null) {
            nodeA.close();
        }
    }

    @Test
    void a_key_revoked_while_the_link_is_black_holed_fails_on_the_other_node_within_five_seconds() throws Exception {
        String[] key = a.create(ADMIN_KEY, "{\"name\":\"behind a nat\"}");
        // the new hash reaches node B's index by NOTIFY through the proxy, within the 1 s bound (not at once)
        long createdAt = System.nanoTime();
        String first = b.code(key[1]);
        while (!first.equals("VALID") && System.nanoTime() - createdAt < 2_000_000_000L) {
            Thread.sleep(20);
            first = b.code(key[1]);
        }
        assertThat(first).as("node B caches the key as valid").isEqualTo("VALID");

        link.blackHoleOpenLinks();
        assertThat(a.delete("/api/v1/keys/" + key[0], ADMIN_KEY).status()).isEqualTo(204);
        long revokedAt = System.nanoTime();
        long refusedAt = 0;
        String code = b.code(key[1]);
        while (!code.equals("REVOKED") && System.nanoTime() - revokedAt < 15_000_000_000L) {
            if (!code.equals("VALID") && refusedAt == 0) {
                refusedAt = System.nanoTime(); // a 503 while the pool replaces dead connections also refuses
            }
            assertThat(refusedAt == 0 || !code.equals("VALID"))
                    .as("never valid again once refused")
                    .isTrue();
            Thread.sleep(20);
            code = b.code(key[1]);
        }
        long revokedMillis = (System.nanoTime() - revokedAt) / 1_000_000;
        long refusedMillis = refusedAt == 0 ? revokedMillis : (refusedAt - revokedAt) / 1_000_000;
        System.out.printf(
                "dead link: node B refused the revoked key after %d ms, answered REVOKED after %d ms%n",
                refusedMillis, revokedMillis);
        assertThat(code).isEqualTo("REVOKED");
        // documented bound 5 s (two heartbeats plus a reconnect); loose here for a loaded machine
        assertThat(refusedMillis)
                .as("revocation reached node B after %d ms", refusedMillis)
                .isLessThan(8000);
    }
}
