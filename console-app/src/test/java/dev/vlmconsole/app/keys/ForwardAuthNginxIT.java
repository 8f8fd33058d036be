package dev.vlmconsole.app.keys;

import static dev.vlmconsole.app.support.ConsoleProcesses.freePort;
import static dev.vlmconsole.app.support.ConsoleProcesses.tail;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.vlmconsole.app.support.ConsoleProcesses;
import dev.vlmconsole.keys.KeyFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's nginx recipe ({@code docs/gateways/nginx-forward-auth.conf}, included as it is) in a real
 * nginx (Debian's package), in front of a stub upstream that counts what reaches it, with the console
 * jar on H2 answering forward-auth: a valid key reaches the upstream with its workspace (whatever the
 * client claims), {@code X-Api-Key} works too, a revoked or unknown key is a 401, the eleventh call in a
 * minute a 429 with {@code Retry-After}, a workspace capped at its credits a 402, a console that cannot
 * be asked a 503, and the upstream never sees a refused call.
 *
 * <p>The calls share one workspace (the bootstrap's, Pay-as-you-go: 10 requests a minute), so the cases
 * run in order within the minute. Without nginx the test is skipped, except on CI ({@code CI=true}),
 * where {@code .ci/run} installs it: there a missing nginx fails it. Needs {@code target/console.jar}
 * (failsafe runs after {@code package}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ForwardAuthNginxIT {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KeyFormat format = new KeyFormat("vlm");
    private final String adminKey = format.generate(KeyFormat.Scope.ADMIN);
    private final String platformKey = format.generatePlatform();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> started = new ArrayList<>();

    /** What reached the upstream: the X-Workspace-Id and X-Key-Id of each request. */
    private final List<String[]> upstreamSaw = new CopyOnWriteArrayList<>();
    /** Calls the client saw answered 200 through nginx. */
    private final AtomicInteger passed = new AtomicInteger();

    /** Static: JUnit fills static temporary folders before {@code @BeforeAll}, instance ones only per test. */
    @TempDir
    static Path work;

    private HttpServer upstream;
    private Process console;
    private String consoleBase;
    private String gateway;
    private String workspaceId;
    private String key;
    private String keyId;

    @BeforeAll
    void start() throws Exception {
        Path nginx = nginx();
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            upstreamSaw.add(new String[] {
                exchange.getRequestHeaders().getFirst("X-Workspace-Id"),
                exchange.getRequestHeaders().getFirst("X-Key-Id")
            });
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();

        int consolePort = freePort();
        consoleBase = "http://127.0.0.1:" + consolePort;
        console = startConsole(consolePort);
        int gatewayPort = freePort();
        gateway = "http://127.0.0.1:" + gatewayPort;
        startNginx(nginx, gatewayPort, consolePort, upstream.getAddress().getPort());

        workspaceId = json(call(consoleBase + "/api/v1/me", "Authorization", "Bearer " + adminKey))
                .path("workspaceId")
                .asText();
        JsonNode created = createKey("through nginx");
        key = created.path("secret").asText();
        keyId = created.path("key").path("id").asText();
    }

    @AfterAll
    void stop() throws InterruptedException {
        for (Process p : started.reversed()) {
            List<ProcessHandle> children = p.descendants().toList();
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(20, TimeUnit.SECONDS);
            }
            children.forEach(ProcessHandle::destroyForcibly);
        }
        if (upstream != null) {
            upstream.stop(0);
        }
    }

    @Test
    @Order(1)
    void a_valid_key_reaches_the_upstream_with_its_workspace_whatever_the_client_claims() {
        HttpResponse<String> r = through("Authorization", "Bearer " + key, "X-Workspace-Id", "someone-elses");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        passed.incrementAndGet();
        assertThat(r.body()).isEqualTo("{\"ok\":true}");
        assertThat(upstreamSaw).hasSize(1);
        assertThat(upstreamSaw.getLast()).containsExactly(workspaceId, keyId);
        assertThat(r.headers().firstValue("X-RateLimit-Limit")).hasValue("10");
        assertThat(r.headers().firstValue("X-RateLimit-Remaining")).hasValue("9");
        long reset = Long.parseLong(r.headers().firstValue("X-RateLimit-Reset").orElseThrow());
        assertThat(reset)
                .isBetween(Instant.now().getEpochSecond(), Instant.now().getEpochSecond() + 61);
    }

    @Test
    @Order(2)
    void x_api_key_is_accepted_when_there_is_no_bearer_token() {
        HttpResponse<String> r = through("X-Api-Key", key);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        passed.incrementAndGet();
        assertThat(upstreamSaw.getLast()).containsExactly(workspaceId, keyId);
    }

    @Test
    @Order(3)
    void a_revoked_an_unknown_or_no_key_is_a_401_problem_with_a_bearer_challenge() throws Exception {
        JsonNode revoked = createKey("revoked at once");
        HttpResponse<Void> deleted = http.send(
                request(
                                consoleBase + "/api/v1/keys/"
                                        + revoked.path("key").path("id").asText(),
                                "Authorization",
                                "Bearer " + adminKey)
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(deleted.statusCode()).isEqualTo(204);

        assertRefused(
                through("Authorization", "Bearer " + revoked.path("secret").asText()), 401, "REVOKED");
        assertRefused(
                through("Authorization", "Bearer " + format.generate(KeyFormat.Scope.INFERENCE)), 401, "NOT_FOUND");
        HttpResponse<String> none = through();
        assertRefused(none, 401, "MALFORMED");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    @Order(4)
    void the_eleventh_call_in_a_minute_is_a_429_with_retry_after() {
        while (passed.get() < 10) {
            HttpResponse<String> r = through("Authorization", "Bearer " + key);
            assertThat(r.statusCode())
                    .as("call %d: %s", passed.get() + 1, r.body())
                    .isEqualTo(200);
            passed.incrementAndGet();
        }
        HttpResponse<String> eleventh = through("Authorization", "Bearer " + key);

        assertRefused(eleventh, 429, "RATE_LIMITED");
        long retryAfter =
                Long.parseLong(eleventh.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(eleventh.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
        assertThat(eleventh.headers().firstValue("X-RateLimit-Limit")).hasValue("10");
    }

    @Test
    @Order(5)
    void a_workspace_capped_at_its_credits_is_a_402() throws Exception {
        // nothing beyond the credits it has (a hard limit of 0), and every credit used
        HttpResponse<String> limit = http.send(
                request(consoleBase + "/api/v1/billing/limit", "Authorization", "Bearer " + adminKey)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"amount\":0,\"hard\":true}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(limit.statusCode()).as(limit.body()).isEqualTo(200);
        String usage = "{\"events\":[{\"id\":\"forward-auth-it-1\",\"keyId\":\"" + keyId
                + "\",\"credits\":1000,\"timestamp\":\"" + Instant.now().minusSeconds(5) + "\"}]}";
        HttpResponse<String> reported = http.send(
                request(consoleBase + "/api/v1/usage", "Authorization", "Bearer " + platformKey)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(usage))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reported.statusCode()).as(reported.body()).isEqualTo(202);

        // the cap reaches verification through the change feed, within a second
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        HttpResponse<String> r = through("Authorization", "Bearer " + key);
        while (r.statusCode() != 402 && System.nanoTime() < deadline) {
            assertThat(r.statusCode())
                    .as("before the cap arrives: rate limited")
                    .isEqualTo(429);
            Thread.sleep(50);
            r = through("Authorization", "Bearer " + key);
        }
        assertRefused(r, 402, "INSUFFICIENT_CREDITS");
    }

    @Test
    @Order(6)
    void a_console_that_cannot_be_asked_is_a_503_and_the_upstream_never_saw_a_refused_call() throws Exception {
        console.destroy();
        assertThat(console.waitFor(60, TimeUnit.SECONDS)).isTrue();

        HttpResponse<String> r = through("Authorization", "Bearer " + key);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(upstreamSaw)
                .as("the upstream saw exactly the calls answered 200")
                .hasSize(passed.get());
        assertThat(upstreamSaw).allSatisfy(seen -> assertThat(seen).containsExactly(workspaceId, keyId));
    }

    // ------------------------------------------------------------------------------------------- helpers

    private void assertRefused(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("X-Verify-Code")).hasValue(code);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(r.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("code").asText()).isEqualTo(code);
        assertThat(r.body()).doesNotContain(key);
    }

    /** A call to the platform's API through nginx, with these header name/value pairs. */
    private HttpResponse<String> through(String... headers) {
        return call(gateway + "/v1/chat/completions", headers);
    }

    private HttpResponse<String> call(String url, String... headers) {
        try {
            return http.send(request(url, headers).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest.Builder request(String url, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    private static JsonNode json(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** A workspace key of the bootstrap workspace, created with the bootstrap admin key: {key, secret}. */
    private JsonNode createKey(String name) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                request(consoleBase + "/api/v1/keys", "Authorization", "Bearer " + adminKey)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("create a key: %s", r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }

    /** Debian's nginx; skips the test without it, except on CI, where it must be there. */
    private static Path nginx() {
        Path found = Stream.concat(
                        Stream.of("/usr/sbin"),
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(":")))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "nginx"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
        if (found == null) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("nginx is missing: .ci/run installs Debian's nginx (apt-get install nginx)");
            }
            Assumptions.abort("nginx is not installed (apt-get install nginx); CI=true makes this a failure");
        }
        return found;
    }

    /**
     * nginx in the foreground with the recipe included as it is: its own prefix, temp paths, pid and error
     * log under the test's folder; {@code user root} only when running as root (the workers would
     * otherwise run as nobody, who cannot enter the test's private folder).
     */
    private void startNginx(Path nginx, int port, int consolePort, int upstreamPort) throws Exception {
        Path recipe = Path.of("..", "docs", "gateways", "nginx-forward-auth.conf")
                .toAbsolutePath()
                .normalize();
        assertThat(recipe).as("the README's nginx recipe").exists();
        Path prefix = Files.createDirectories(work.resolve("nginx"));
        Path temp = Files.createDirectories(prefix.resolve("temp"));
        boolean root = "root".equals(System.getProperty("user.name"));
        String conf = """
                daemon off;
                %s
                worker_processes 1;
                pid %s;
                error_log %s info;
                events { worker_connections 256; }
                http {
                    access_log off;
                    client_body_temp_path %s/body;
                    proxy_temp_path %s/proxy;
                    fastcgi_temp_path %s/fastcgi;
                    uwsgi_temp_path %s/uwsgi;
                    scgi_temp_path %s/scgi;
                    upstream vlm_console { server 127.0.0.1:%d; keepalive 8; }
                    upstream vlm_app { server 127.0.0.1:%d; keepalive 8; }
                    server {
                        listen 127.0.0.1:%d;
                        include %s;
                    }
                }
                """.formatted(
                        root ? "user root;" : "",
                        prefix.resolve("nginx.pid"),
                        prefix.resolve("error.log"),
                        temp,
                        temp,
                        temp,
                        temp,
                        temp,
                        consolePort,
                        upstreamPort,
                        port,
                        recipe);
        Path confFile = Files.writeString(prefix.resolve("nginx.conf"), conf);
        Process process = new ProcessBuilder(
                        nginx.toString(),
                        "-p",
                        prefix.toString(),
                        "-c",
                        confFile.toString(),
                        "-e",
                        prefix.resolve("error.log").toString())
                .redirectErrorStream(true)
                .redirectOutput(prefix.resolve("nginx.out").toFile())
                .start();
        started.add(process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("nginx exited: " + Files.readString(prefix.resolve("nginx.out"))
                        + tail(prefix.resolve("error.log")));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("nginx did not listen within 20 s: " + tail(prefix.resolve("error.log")));
    }

    /** The console jar on an H2 file, with a bootstrap owner, admin key and platform key; waits until ready. */
    private Process startConsole(int port) throws IOException, InterruptedException {
        Path jar = Path.of("target", "console.jar").toAbsolutePath();
        assertThat(jar).as("the console jar (failsafe runs after package)").exists();
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = work.resolve("console.log");
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
        builder.environment()
                .putAll(Map.of(
                        "CONSOLE_LAUNCHER",
                        "off",
                        "CONSOLE_DATA_DIR",
                        Files.createDirectories(work.resolve("data")).toString(),
                        "CONSOLE_PLUGINS_DIR",
                        work.resolve("plugins").toString(),
                        "CONSOLE_BOOTSTRAP_OWNER_EMAIL",
                        "owner@forward-auth.test",
                        "CONSOLE_BOOTSTRAP_OWNER_PASSWORD",
                        "forward-auth-password-0123",
                        "CONSOLE_BOOTSTRAP_ADMIN_KEY",
                        adminKey,
                        "CONSOLE_BOOTSTRAP_PLATFORM_KEY",
                        platformKey));
        Process process = builder.start();
        started.add(process);
        return ConsoleProcesses.awaitReady(process, port, log, START_TIMEOUT, http);
    }
}
