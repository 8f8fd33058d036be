package dev.vlmconsole.app.billing;

import static dev.vlmconsole.app.support.ConsoleProcesses.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.app.support.ConsoleProcesses;
import dev.vlmconsole.keys.KeyFormat;
import dev.vlmconsole.testsupport.TestPostgres;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Usage ingestion survives {@code kill -9}: the console jar runs as a process of its own, a client
 * posts batches of unique events (each batch also replays part of the one before) from two threads and
 * notes which were acknowledged ({@code 202}); the process is killed with SIGKILL while batches are in
 * flight ({@link Process#destroyForcibly()} sends SIGKILL on Linux), started again on the same data,
 * and the client replays everything it ever sent. Then every batch acknowledged before the kill must
 * come back all duplicates (nothing acknowledged was lost), the events accepted over all calls must be
 * exactly the distinct events sent, and {@code GET /api/v1/billing} ({@code usage.credits}) and
 * {@code GET /api/v1/usage/daily} must both total exactly the credits of the distinct events (nothing
 * counted twice). On an H2 file and on PostgreSQL (the embedded server of the tests, which the kill
 * does not touch).
 *
 * <p>Needs {@code target/console.jar}: failsafe runs after {@code package}. The console runs in one
 * JVM ({@code console.launcher=off}), so the process killed is the one that holds the database.
 */
class UsageKill9IT {

    private static final String OWNER = "owner@example.com";
    private static final String PASSWORD = "kill-nine-password-0123";
    private static final int NEW_PER_BATCH = 200;
    private static final int REPLAYED_PER_BATCH = 20;
    private static final int ACKED_BEFORE_KILL = 12;
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Pattern USAGE_CREDITS =
            Pattern.compile("\"usage\"\\s*:\\s*\\{[^}]*\"credits\"\\s*:\\s*\"?([0-9.eE+-]+)");
    private static final Pattern DAY_CREDITS = Pattern.compile("\"credits\"\\s*:\\s*\"?([0-9.eE+-]+)");
    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");
    private static final Pattern DUPLICATES = Pattern.compile("\"duplicates\"\\s*:\\s*(\\d+)");

    @TempDir
    Path work;

    private final KeyFormat format = new KeyFormat("vlm");
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopConsoles() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void on_an_h2_file_no_acknowledged_event_is_lost_and_none_is_counted_twice() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        killDuringIngestion("h2", Map.of("CONSOLE_DATA_DIR", data.toString()));
    }

    @Test
    void on_postgres_no_acknowledged_event_is_lost_and_none_is_counted_twice() throws Exception {
        String database = TestPostgres.newDatabase("kill9");
        killDuringIngestion(
                "pg",
                Map.of(
                        "CONSOLE_DATA_DIR",
                        Files.createDirectories(work.resolve("data")).toString(),
                        "SPRING_DATASOURCE_URL",
                        TestPostgres.jdbcUrl(database),
                        "SPRING_DATASOURCE_USERNAME",
                        TestPostgres.USER,
                        "SPRING_DATASOURCE_PASSWORD",
                        ""));
    }

    /**
     * Two nodes on one PostgreSQL, the clients' batches alternating between them; node A is killed with
     * SIGKILL mid-run while node B goes on answering. Every batch either node acknowledged is stored, once.
     */
    @Test
    void with_two_nodes_on_postgres_a_node_killed_loses_no_acknowledged_event() throws Exception {
        String database = TestPostgres.newDatabase("kill9_nodes");
        killDuringIngestion(
                "two",
                Map.of(
                        "SPRING_DATASOURCE_URL",
                        TestPostgres.jdbcUrl(database),
                        "SPRING_DATASOURCE_USERNAME",
                        TestPostgres.USER,
                        "SPRING_DATASOURCE_PASSWORD",
                        ""),
                2);
    }

    private void killDuringIngestion(String run, Map<String, String> database) throws Exception {
        killDuringIngestion(run, database, 1);
    }

    /**
     * {@code nodes} consoles on the database (each with a data folder of its own); batch n goes to node
     * n mod nodes; node 0 is killed, then started again, and the replay goes through every node.
     */
    private void killDuringIngestion(String run, Map<String, String> database, int nodes) throws Exception {
        String adminKey = format.generate(KeyFormat.Scope.ADMIN);
        String platformKey = format.generatePlatform();
        Map<String, String> env = new HashMap<>(database);
        env.put("CONSOLE_BOOTSTRAP_OWNER_EMAIL", OWNER);
        env.put("CONSOLE_BOOTSTRAP_OWNER_PASSWORD", PASSWORD);
        env.put("CONSOLE_BOOTSTRAP_ADMIN_KEY", adminKey);
        env.put("CONSOLE_BOOTSTRAP_PLATFORM_KEY", platformKey);
        env.put("CONSOLE_PLUGINS_DIR", work.resolve("plugins").toString());
        List<Integer> ports = new ArrayList<>();
        List<String> bases = new ArrayList<>();
        List<Map<String, String>> envs = new ArrayList<>();
        for (int node = 0; node < nodes; node++) {
            int port = freePort();
            ports.add(port);
            bases.add("http://127.0.0.1:" + port);
            Map<String, String> nodeEnv = new HashMap<>(env);
            nodeEnv.putIfAbsent(
                    "CONSOLE_DATA_DIR",
                    Files.createDirectories(work.resolve("data-" + node)).toString());
            envs.add(nodeEnv);
        }
        String base = bases.get(0);

        Process first = start(envs.get(0), ports.get(0), work.resolve("console-1.log"));
        for (int node = 1; node < nodes; node++) {
            start(envs.get(node), ports.get(node), work.resolve("console-node-" + node + ".log"));
        }
        String keyId = createKey(base, adminKey);
        Instant at = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);

        // every batch the client built, in order; which were answered 202 before the kill
        List<String> bodies = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, Boolean> acknowledged = new ConcurrentHashMap<>();
        Map<String, BigDecimal> distinct = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger acceptedTotal = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        List<Throwable> clientErrors = new CopyOnWriteArrayList<>();
        Runnable client = () -> {
            while (!killed.get()) {
                int batch;
                String body;
                synchronized (bodies) {
                    batch = next.getAndIncrement();
                    body = batch(run, batch, keyId, at, distinct);
                    bodies.add(body);
                }
                try {
                    HttpResponse<String> answer = postUsage(bases.get(batch % nodes), platformKey, body);
                    if (answer.statusCode() == 202) {
                        acceptedTotal.addAndGet(number(ACCEPTED, answer.body()));
                        acknowledged.put(batch, true);
                    } else if (!killed.get()) {
                        clientErrors.add(new AssertionError(
                                "batch " + batch + ": " + answer.statusCode() + " " + answer.body()));
                        return;
                    }
                } catch (IOException e) {
                    if (!killed.get() && !(nodes > 1 && !first.isAlive())) {
                        clientErrors.add(e);
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        };
        List<Thread> clients = List.of(new Thread(client, "kill9-client-1"), new Thread(client, "kill9-client-2"));
        clients.forEach(Thread::start);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (acknowledged.size() < ACKED_BEFORE_KILL && clientErrors.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(clientErrors).as("the client before the kill").isEmpty();
        assertThat(acknowledged)
                .as("batches acknowledged before the kill")
                .hasSizeGreaterThanOrEqualTo(ACKED_BEFORE_KILL);
        killed.set(true);
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        for (Thread t : clients) {
            t.join(TimeUnit.SECONDS.toMillis(60));
        }
        Map<Integer, Boolean> ackedBeforeKill = new LinkedHashMap<>(acknowledged);
        int sentBeforeKill = bodies.size();

        start(envs.get(0), ports.get(0), work.resolve("console-2.log"));
        for (int batch = 0; batch < sentBeforeKill; batch++) {
            HttpResponse<String> answer = postUsage(bases.get(batch % nodes), platformKey, bodies.get(batch));
            assertThat(answer.statusCode())
                    .as("replay of batch %d: %s", batch, answer.body())
                    .isEqualTo(202);
            int accepted = number(ACCEPTED, answer.body());
            int duplicates = number(DUPLICATES, answer.body());
            assertThat(accepted + duplicates).as("batch %d's events", batch).isEqualTo(eventsIn(batch));
            if (ackedBeforeKill.containsKey(batch)) {
                assertThat(accepted)
                        .as("batch %d was acknowledged before the kill: its events are all recorded", batch)
                        .isZero();
            }
            acceptedTotal.addAndGet(accepted);
        }

        BigDecimal expected = distinct.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        // a batch committed just before the kill but never answered is counted in neither pass
        assertThat(acceptedTotal.get())
                .as("events accepted over every call (none twice)")
                .isLessThanOrEqualTo(distinct.size());

        String billing = get(base, adminKey, "/api/v1/billing");
        Matcher usage = USAGE_CREDITS.matcher(billing);
        assertThat(usage.find()).as("usage.credits in %s", billing).isTrue();
        assertThat(new BigDecimal(usage.group(1))).as("usage.credits").isEqualByComparingTo(expected);

        LocalDate from = LocalDate.ofInstant(at, ZoneOffset.UTC).minusDays(1);
        LocalDate to = LocalDate.now(ZoneOffset.UTC).plusDays(1);
        String daily = get(base, adminKey, "/api/v1/usage/daily?from=" + from + "&to=" + to);
        BigDecimal dailyTotal = BigDecimal.ZERO;
        Matcher day = DAY_CREDITS.matcher(daily);
        while (day.find()) {
            dailyTotal = dailyTotal.add(new BigDecimal(day.group(1)));
        }
        assertThat(dailyTotal).as("daily credits %s", daily).isEqualByComparingTo(expected);
        String perKey = get(base, adminKey, "/api/v1/usage/daily?from=" + from + "&to=" + to + "&keyId=" + keyId);
        BigDecimal keyTotal = BigDecimal.ZERO;
        Matcher keyDay = DAY_CREDITS.matcher(perKey);
        while (keyDay.find()) {
            keyTotal = keyTotal.add(new BigDecimal(keyDay.group(1)));
        }
        assertThat(keyTotal).as("the key's daily credits %s", perKey).isEqualByComparingTo(expected);
        System.out.printf(
                "kill -9 (%s): %d batches sent before the kill, %d acknowledged; %d distinct events, %s credits%n",
                run, sentBeforeKill, ackedBeforeKill.size(), distinct.size(), expected.toPlainString());
    }

    /** Batch {@code n}: {@link #NEW_PER_BATCH} new events, then the first events of batch n - 1 again. */
    private static String batch(String run, int n, String keyId, Instant at, Map<String, BigDecimal> distinct) {
        StringBuilder json = new StringBuilder("{\"events\":[");
        List<Integer> replays = new ArrayList<>();
        if (n > 0) {
            for (int j = 0; j < REPLAYED_PER_BATCH; j++) {
                replays.add(j);
            }
        }
        boolean first = true;
        for (int j = 0; j < NEW_PER_BATCH + replays.size(); j++) {
            int batch = j < NEW_PER_BATCH ? n : n - 1;
            int index = j < NEW_PER_BATCH ? j : replays.get(j - NEW_PER_BATCH);
            String id = "k9-" + run + "-" + batch + "-" + index;
            BigDecimal credits = credits(batch, index);
            distinct.put(id, credits);
            if (!first) {
                json.append(',');
            }
            first = false;
            json.append("{\"id\":\"")
                    .append(id)
                    .append("\",\"keyId\":\"")
                    .append(keyId)
                    .append("\",\"credits\":")
                    .append(credits.toPlainString())
                    .append(",\"timestamp\":\"")
                    .append(at.plusSeconds(index % 300))
                    .append("\"}");
        }
        return json.append("]}").toString();
    }

    private static int eventsIn(int batch) {
        return NEW_PER_BATCH + (batch > 0 ? REPLAYED_PER_BATCH : 0);
    }

    /** Between 0.000001 and 2.5 credits, with up to 6 fractional digits. */
    private static BigDecimal credits(int batch, int index) {
        long micros = (batch * 7_919L + index * 104_729L) % 2_500_000L + 1;
        return BigDecimal.valueOf(micros, 6);
    }

    private static int number(Pattern field, String body) {
        Matcher m = field.matcher(body);
        if (!m.find()) {
            throw new AssertionError("no " + field + " in " + body);
        }
        return Integer.parseInt(m.group(1));
    }

    private HttpResponse<String> postUsage(String base, String platformKey, String body)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/usage"))
                        .timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + platformKey)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String get(String base, String adminKey, String path) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + adminKey)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("GET %s: %s", path, answer.body()).isEqualTo(200);
        return answer.body();
    }

    /** A workspace key of the first workspace, through the bootstrap admin key; its id. */
    private String createKey(String base, String adminKey) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/keys"))
                        .timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + adminKey)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"gateway\",\"project\":\"kill9\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("create a key: %s", answer.body()).isEqualTo(201);
        String location = answer.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** Starts the console jar on {@code port} and waits until it is ready. */
    private Process start(Map<String, String> env, int port, Path log) throws IOException, InterruptedException {
        Path jar = Path.of("target", "console.jar").toAbsolutePath();
        assertThat(jar).as("the console jar (failsafe runs after package)").exists();
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(
                        java,
                        "-Dconsole.launcher=off",
                        "-XX:+UseSerialGC",
                        "-Xms64m",
                        "-Xmx512m",
                        "-XX:TieredStopAtLevel=1",
                        "-jar",
                        jar.toString(),
                        "--server.address=127.0.0.1",
                        "--server.port=" + port)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("CONSOLE_LAUNCHER", "off");
        Process process = builder.start();
        started.add(process);
        return ConsoleProcesses.awaitReady(process, port, log, START_TIMEOUT, http);
    }
}
