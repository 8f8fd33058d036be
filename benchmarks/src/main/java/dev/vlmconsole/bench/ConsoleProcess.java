package dev.vlmconsole.bench;

import dev.vlmconsole.keys.KeyFormat;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The console jar as a process of its own on 127.0.0.1, a free port and a fresh data folder, on an H2
 * file or on an embedded PostgreSQL (zonky, in a temporary folder), with a bootstrap Owner, admin key
 * and platform key, for the HTTP benchmarks. Started with the JVM options of {@code ./run.sh}
 * ({@code scripts/launch.sh}: serial collector, 1 GiB heap at most) in one JVM, without the start-up
 * cache. {@link #close()} stops the console (SIGTERM, then SIGKILL after 60 s), the database and
 * deletes the folder.
 */
final class ConsoleProcess implements AutoCloseable {

    static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");
    private static final Pattern USAGE_CREDITS =
            Pattern.compile("\"usage\"\\s*:\\s*\\{[^}]*\"credits\"\\s*:\\s*\"?([0-9.eE+-]+)");

    final String base;
    final String adminKey;
    final String platformKey;
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Path work;
    private final Process process;
    private final EmbeddedPostgres postgres;

    /**
     * @param database {@code h2} or {@code postgres}
     * @param jar      the console jar ({@code console-app/target/console.jar})
     * @param settings more {@code --name=value} arguments for the console
     */
    ConsoleProcess(String database, Path jar, String... settings) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("No console jar at " + jar
                    + ": build it with mvn -B -ntp -o -q package -pl console-app -am -DskipTests");
        }
        work = Files.createTempDirectory("console-bench");
        KeyFormat format = new KeyFormat("vlm");
        adminKey = format.generate(KeyFormat.Scope.ADMIN);
        platformKey = format.generatePlatform();
        Map<String, String> env = new HashMap<>();
        env.put(
                "CONSOLE_DATA_DIR",
                Files.createDirectories(work.resolve("data")).toString());
        env.put("CONSOLE_PLUGINS_DIR", work.resolve("plugins").toString());
        env.put("CONSOLE_BOOTSTRAP_OWNER_EMAIL", "owner@example.com");
        env.put("CONSOLE_BOOTSTRAP_OWNER_PASSWORD", "bench-password-0123");
        env.put("CONSOLE_BOOTSTRAP_ADMIN_KEY", adminKey);
        env.put("CONSOLE_BOOTSTRAP_PLATFORM_KEY", platformKey);
        env.put("CONSOLE_LAUNCHER", "off");
        switch (database) {
            case "h2" -> postgres = null;
            case "postgres" -> {
                postgres = EmbeddedPostgres.builder()
                        .setOverrideWorkingDirectory(work.resolve("pg").toFile())
                        .start();
                env.put("SPRING_DATASOURCE_URL", postgres.getJdbcUrl("postgres", "postgres"));
                env.put("SPRING_DATASOURCE_USERNAME", "postgres");
                env.put("SPRING_DATASOURCE_PASSWORD", "");
            }
            default -> throw new IllegalArgumentException("database is h2 or postgres, not " + database);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Dconsole.launcher=off",
                "-XX:+UseSerialGC",
                "-Xms32m",
                "-Xmx1g",
                "-XX:MaxMetaspaceSize=256m",
                "-Xss512k",
                "-XX:ReservedCodeCacheSize=128m",
                "-jar",
                jar.toAbsolutePath().toString(),
                "--server.address=127.0.0.1",
                "--server.port=" + port));
        command.addAll(List.of(settings));
        Path log = work.resolve("console.log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "console-bench-stop"));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The console exited during start-up:\n" + tail(log));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The console was not ready within 5 minutes:\n" + tail(log));
            }
            try {
                if (http.send(
                                        HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness"))
                                                .timeout(Duration.ofSeconds(5))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
    }

    /** JDBC URL of the embedded PostgreSQL (user postgres, no password); only on postgres. */
    String postgresUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    /** Creates a workspace key in the first workspace and returns its id. */
    String createKey(String name, String project) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/keys"))
                        .header("Authorization", "Bearer " + adminKey)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"name\":\"" + name + "\",\"project\":\"" + project + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 201) {
            throw new IllegalStateException("create key: " + answer.statusCode() + " " + answer.body());
        }
        String location = answer.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** {@code POST /api/v1/usage} with the platform key. */
    HttpResponse<String> postUsage(String body) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/usage"))
                        .timeout(Duration.ofSeconds(120))
                        .header("Authorization", "Bearer " + platformKey)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** {@code GET} with the admin key; the body of a {@code 200}. */
    String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + adminKey)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + answer.statusCode() + " " + answer.body());
        }
        return answer.body();
    }

    /** {@code GET} without a key (e.g. {@code /api/v1/ping}); the status. */
    int getPublic(String path) throws IOException, InterruptedException {
        return http.send(
                        HttpRequest.newBuilder(URI.create(base + path))
                                .timeout(Duration.ofSeconds(60))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** {@code usage.credits} of {@code GET /api/v1/billing}. */
    BigDecimal usageCredits() throws IOException, InterruptedException {
        String billing = get("/api/v1/billing");
        Matcher m = USAGE_CREDITS.matcher(billing);
        if (!m.find()) {
            throw new IllegalStateException("no usage.credits in " + billing);
        }
        return new BigDecimal(m.group(1));
    }

    /** The console's own process id, for {@code ps}/{@code jcmd}. */
    long pid() {
        return process.pid();
    }

    private synchronized void stop() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() throws IOException {
        stop();
        if (postgres != null) {
            postgres.close();
        }
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
