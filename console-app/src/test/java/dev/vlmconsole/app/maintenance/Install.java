package dev.vlmconsole.app.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.app.ConsoleApplication;
import dev.vlmconsole.app.support.ConsoleNodes;
import dev.vlmconsole.keys.KeyFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A whole console install for the backup and move tests: started in this JVM on an H2 data folder or
 * a PostgreSQL database, with a bootstrap admin and platform key, data put in through the machine API in
 * every module (keys, a team invitation, a top-up with its invoice, usage, the audit entries they
 * write), and a snapshot of what it answers, to compare after a restore or a move.
 */
final class Install implements AutoCloseable {

    static final KeyFormat FORMAT = new KeyFormat("vlm");
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    final String adminKey;
    final String platformKey;
    final ConfigurableApplicationContext context;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    private Install(String adminKey, String platformKey, ConfigurableApplicationContext context) {
        this.adminKey = adminKey;
        this.platformKey = platformKey;
        this.context = context;
        this.base = "http://127.0.0.1:"
                + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** Keys to bootstrap an install with, kept across its restarts. */
    record Keys(String admin, String platform) {
        static Keys fresh() {
            return new Keys(FORMAT.generate(KeyFormat.Scope.ADMIN), FORMAT.generatePlatform());
        }
    }

    static Install onH2(Path dataDir, Keys keys) {
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        try {
            return new Install(
                    keys.admin(),
                    keys.platform(),
                    ConsoleApplication.start(
                            "--server.port=0",
                            "--console.data-dir=" + dataDir,
                            "--console.security.bcrypt-cost=4",
                            "--console.plugins-dir=target/no-plugins",
                            "--CONSOLE_BOOTSTRAP_OWNER_EMAIL=owner@install.test",
                            "--CONSOLE_BOOTSTRAP_OWNER_PASSWORD=owner-password-long",
                            "--CONSOLE_BOOTSTRAP_ADMIN_KEY=" + keys.admin(),
                            "--CONSOLE_BOOTSTRAP_PLATFORM_KEY=" + keys.platform()));
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }

    static Install onPostgres(String jdbcUrl, Keys keys) {
        return new Install(
                keys.admin(),
                keys.platform(),
                ConsoleNodes.start(
                        jdbcUrl,
                        "--CONSOLE_BOOTSTRAP_OWNER_EMAIL=owner@install.test",
                        "--CONSOLE_BOOTSTRAP_OWNER_PASSWORD=owner-password-long",
                        "--CONSOLE_BOOTSTRAP_ADMIN_KEY=" + keys.admin(),
                        "--CONSOLE_BOOTSTRAP_PLATFORM_KEY=" + keys.platform()));
    }

    @Override
    public void close() {
        context.close();
    }

    /** An answer: status and body. */
    record Answer(int status, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    Answer call(String method, String path, String key, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        try {
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(answer.statusCode(), answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Answer get(String path) {
        Answer a = call("GET", path, adminKey, null);
        assertThat(a.status()).as("GET %s: %s", path, a.body()).isEqualTo(200);
        return a;
    }

    /** A new key of the first workspace: {id, secret}. */
    String[] createKey(String name) {
        Answer a = call("POST", "/api/v1/keys", adminKey, "{\"name\":\"" + name + "\",\"project\":\"moves\"}");
        assertThat(a.status()).as("create key: %s", a.body()).isEqualTo(201);
        return new String[] {
            a.json().path("key").path("id").asString(), a.json().get("secret").asString()
        };
    }

    String verify(String secret) {
        Answer a = call("POST", "/api/v1/keys/verify", null, "{\"key\":\"" + secret + "\"}");
        assertThat(a.status()).isEqualTo(200);
        return a.json().get("code").asString();
    }

    /** Data in every module: a key with usage, an invitation, a top-up (ledger and invoice). */
    String[] putDataInEveryModule(String tag) {
        String[] key = createKey("key-" + tag);
        Answer invite = call(
                "POST",
                "/api/v1/invitations",
                adminKey,
                "{\"email\":\"" + tag + "@invited.test\",\"role\":\"MEMBER\"}");
        assertThat(invite.status()).as("invite: %s", invite.body()).isEqualTo(201);
        String pack = get("/api/v1/billing/packs").json().get(0).get("id").asString();
        Answer topUp = call("POST", "/api/v1/billing/top-ups", adminKey, "{\"pack\":\"" + pack + "\"}");
        assertThat(topUp.status()).as("top-up: %s", topUp.body()).isEqualTo(201);
        Instant at = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        StringBuilder events = new StringBuilder("{\"events\":[");
        for (int i = 0; i < 20; i++) {
            events.append(i == 0 ? "" : ",")
                    .append("{\"id\":\"")
                    .append(tag)
                    .append('-')
                    .append(i)
                    .append("\",\"keyId\":\"")
                    .append(key[0])
                    .append("\",\"credits\":\"1.")
                    .append(String.format("%06d", i * 12_345))
                    .append("\",\"timestamp\":\"")
                    .append(at.plusSeconds(i))
                    .append("\"}");
        }
        Answer usage =
                call("POST", "/api/v1/usage", platformKey, events.append("]}").toString());
        assertThat(usage.status()).as("usage: %s", usage.body()).isEqualTo(202);
        return key;
    }

    /**
     * What the install answers and holds: members, invitations, billing (balance, usage), invoices, the
     * keys (without their last use, which verification moves) and every audit entry.
     */
    Map<String, Object> snapshot() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("members", get("/api/v1/members").body());
        state.put("invitations", get("/api/v1/invitations").body());
        state.put("billing", get("/api/v1/billing").json().get("balance").toString());
        state.put("invoices", get("/api/v1/invoices").body());
        List<String> keys = new ArrayList<>();
        JsonNode listed = get("/api/v1/keys").json();
        for (JsonNode key : listed.isArray() ? listed : listed.path("items")) {
            keys.add(key.get("id").asString() + " " + key.get("name").asString() + " " + key.path("status"));
        }
        state.put("keys", keys);
        state.put("audit", rows(context.getBean(DataSource.class), "audit_log"));
        state.put("ledger", rows(context.getBean(DataSource.class), "billing_ledger_entry"));
        return state;
    }

    /** Every row of {@code table} as canonical text, in a stable order. */
    static List<String> rows(DataSource dataSource, String table) {
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select * from " + table)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(rs.getMetaData().getColumnLabel(i).toLowerCase(Locale.ROOT))
                            .append('=')
                            .append(MoveToPostgres.canonical(rs, i))
                            .append(' ');
                }
                rows.add(row.toString());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        rows.sort(null);
        return rows;
    }
}
