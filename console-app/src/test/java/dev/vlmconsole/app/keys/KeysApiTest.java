package dev.vlmconsole.app.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.EntitlementService;
import dev.vlmconsole.api.services.Entitlements;
import dev.vlmconsole.app.account.UserRepository;
import dev.vlmconsole.app.keys.ApiClient.Answer;
import dev.vlmconsole.app.workspaces.WorkspaceRepository;
import dev.vlmconsole.app.workspaces.WorkspaceService;
import dev.vlmconsole.keys.KeyService;
import dev.vlmconsole.keys.verify.KeyStateCache;
import dev.vlmconsole.keys.verify.UsageRecorder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The keys part of the machine API over real HTTP: every verification code, the admin calls,
 * and every kind of bad input answered with a 4xx problem that changes nothing.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:keys_api;DB_CLOSE_DELAY=-1",
            "console.security.bcrypt-cost=4",
            "console.plugins-dir=target/no-plugins",
            "CONSOLE_BOOTSTRAP_OWNER_EMAIL=owner@keys-api.test",
            "CONSOLE_BOOTSTRAP_OWNER_PASSWORD=owner-password-long",
            "CONSOLE_BOOTSTRAP_ADMIN_KEY=" + KeysApiTest.ADMIN_KEY
        })
class KeysApiTest {

    static final String ADMIN_KEY = "vlm_admin_abcdefghijklmnopqrstuvwxyzABCDEF1mVgZW";

    @TestConfiguration
    static class Plans {
        /** Workspaces listed here have run out of credits. */
        static final Set<UUID> EXHAUSTED = ConcurrentHashMap.newKeySet();

        @Bean
        @Primary
        EntitlementService testEntitlements() {
            return ws -> EXHAUSTED.contains(ws)
                    ? new Entitlements("payg", "Pay-as-you-go", 10, Duration.ofMinutes(1), false)
                    : Entitlements.PAY_AS_YOU_GO;
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    KeyService keyService;

    @Autowired
    KeyStateCache cache;

    @Autowired
    DSLContext db;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    WorkspaceService workspaces;

    @Autowired
    UserRepository users;

    @Autowired
    WorkspaceRepository workspaceRepository;

    @Autowired
    UsageRecorder usage;

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
    }

    @Test
    void bootstrap_admin_key_is_installed_and_me_says_who_it_is() {
        Answer me = api.get("/api/v1/me", ADMIN_KEY);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.text("name")).isEqualTo("Bootstrap admin key");
        assertThat(me.json().path("scopes").get(0).asText()).isEqualTo("admin");
        assertThat(me.json().path("ratelimit").path("limit").asLong()).isEqualTo(10);
    }

    @Test
    void a_created_key_verifies_and_its_secret_is_shown_once() {
        Answer created = api.post("/api/v1/keys", ADMIN_KEY, "{\"name\":\"ingest\",\"project\":\"prod\"}");
        assertThat(created.status()).isEqualTo(201);
        String secret = created.text("secret");
        String id = created.json().path("key").path("id").asText();
        assertThat(secret).startsWith("vlm_live_").hasSize(47);
        assertThat(created.json().path("key").path("prefix").asText()).isEqualTo(secret.substring(0, 13));

        Answer v = api.verify(secret);
        assertThat(v.status()).isEqualTo(200);
        assertThat(v.json().path("valid").asBoolean()).isTrue();
        assertThat(v.text("code")).isEqualTo("VALID");
        assertThat(v.text("keyId")).isEqualTo(id);
        assertThat(v.json().path("scopes").get(0).asText()).isEqualTo("inference");
        assertThat(v.json().path("ratelimit").path("remaining").asLong()).isBetween(0L, 9L);

        assertThat(api.get("/api/v1/keys/" + id, ADMIN_KEY).body()).doesNotContain(secret);
        assertThat(api.get("/api/v1/keys", ADMIN_KEY).body())
                .doesNotContain(secret)
                .contains(id);
    }

    @Test
    void tampered_and_unknown_keys_are_malformed_and_not_found() {
        String[] key = api.create(ADMIN_KEY, "{\"name\":\"t\"}");
        assertThat(api.code(TestKeys.tampered(key[1]))).isEqualTo("MALFORMED");
        assertThat(api.code("not a key")).isEqualTo("MALFORMED");
        assertThat(api.code(TestKeys.inference())).isEqualTo("NOT_FOUND");
        Answer unknown = api.verify(TestKeys.inference());
        assertThat(unknown.json().path("valid").asBoolean()).isFalse();
        assertThat(unknown.json().path("keyId").isNull()).isTrue();
    }

    @Test
    void revoking_a_key_fails_the_next_verification() {
        String[] key = api.create(ADMIN_KEY, "{\"name\":\"to revoke\"}");
        assertThat(api.code(key[1])).isEqualTo("VALID");
        assertThat(api.delete("/api/v1/keys/" + key[0], ADMIN_KEY).status()).isEqualTo(204);
        assertThat(api.code(key[1])).isEqualTo("REVOKED");
        assertThat(api.delete("/api/v1/keys/" + key[0], ADMIN_KEY).status())
                .as("revoking twice is harmless")
                .isEqualTo(204);
        assertThat(api.get("/api/v1/keys/" + key[0], ADMIN_KEY).text("status")).isEqualTo("revoked");
    }

    @Test
    void an_expired_key_answers_expired() {
        String[] key = api.create(ADMIN_KEY, "{\"name\":\"short-lived\",\"expiresAt\":\"2030-01-01T00:00:00Z\"}");
        assertThat(api.code(key[1])).isEqualTo("VALID");
        UUID id = UUID.fromString(key[0]);
        tx.executeWithoutResult(s -> db.update(DSL.table("api_keys"))
                .set(
                        DSL.field("expires_at", OffsetDateTime.class),
                        OffsetDateTime.now().minusMinutes(1))
                .where(DSL.field("id", UUID.class).eq(id))
                .execute());
        cache.keyChanged(id);
        assertThat(api.code(key[1])).isEqualTo("EXPIRED");
    }

    @Test
    void a_roll_keeps_the_old_secret_for_the_grace_period_only_when_asked() {
        String[] key = api.create(ADMIN_KEY, "{\"name\":\"rolling\"}");
        Answer rolled = api.post("/api/v1/keys/" + key[0] + "/roll", ADMIN_KEY, "{\"gracePeriodSeconds\":3600}");
        assertThat(rolled.status()).isEqualTo(200);
        String fresh = rolled.text("secret");
        assertThat(fresh).isNotEqualTo(key[1]);
        assertThat(api.code(key[1])).isIn("VALID", "RATE_LIMITED");
        assertThat(api.code(fresh)).isIn("VALID", "RATE_LIMITED");

        Answer again = api.post("/api/v1/keys/" + key[0] + "/roll", ADMIN_KEY, "{\"gracePeriodSeconds\":0}");
        assertThat(api.code(fresh)).as("rolled without grace").isEqualTo("REVOKED");
        assertThat(api.code(key[1]))
                .as("the first secret's grace ends with the second roll")
                .isEqualTo("REVOKED");
        assertThat(api.code(again.text("secret"))).isIn("VALID", "RATE_LIMITED");
    }

    @Test
    void the_eleventh_call_in_a_minute_is_rate_limited_for_the_workspace() {
        UUID ws = newWorkspace();
        String admin = TestKeys.admin();
        installAdminKey(ws, admin);
        String[] key = api.create(admin, "{\"name\":\"busy\"}");
        for (int i = 0; i < 10; i++) {
            assertThat(api.code(key[1])).isEqualTo("VALID");
        }
        Answer limited = api.verify(key[1]);
        assertThat(limited.text("code")).isEqualTo("RATE_LIMITED");
        assertThat(limited.json().path("ratelimit").path("remaining").asLong()).isZero();
        assertThat(limited.json().path("ratelimit").path("reset").asLong()).isGreaterThan(System.currentTimeMillis());
    }

    @Test
    void a_workspace_out_of_credits_gets_insufficient_credits() {
        UUID ws = newWorkspace();
        String admin = TestKeys.admin();
        installAdminKey(ws, admin);
        String[] key = api.create(admin, "{\"name\":\"broke\"}");
        Plans.EXHAUSTED.add(ws);
        try {
            assertThat(api.code(key[1])).isEqualTo("INSUFFICIENT_CREDITS");
        } finally {
            Plans.EXHAUSTED.remove(ws);
        }
    }

    @Test
    void bad_input_is_a_problem_and_changes_nothing() {
        int before = api.get("/api/v1/keys?limit=1000", ADMIN_KEY).json().size();
        assertProblem(api.send("POST", "/api/v1/keys/verify", null, "application/json", "{\"key\": "), 400);
        assertProblem(api.send("POST", "/api/v1/keys/verify", null, "application/json", "{}"), 400);
        assertProblem(api.send("POST", "/api/v1/keys/verify", null, "application/json", "{\"key\": {\"a\": 1}}"), 400);
        assertProblem(api.send("POST", "/api/v1/keys/verify", null, "text/plain", "vlm_live_x"), 415);
        assertProblem(
                api.send(
                        "POST",
                        "/api/v1/keys/verify",
                        null,
                        "application/json",
                        "{\"key\":\"" + "a".repeat(100_000) + "\"}"),
                413);
        assertProblem(api.post("/api/v1/keys", ADMIN_KEY, "{}"), 400);
        assertProblem(api.post("/api/v1/keys", ADMIN_KEY, "{\"name\":\"" + "n".repeat(101) + "\"}"), 400);
        assertProblem(api.post("/api/v1/keys", ADMIN_KEY, "{\"name\":\"x\",\"scope\":\"root\"}"), 400);
        assertProblem(
                api.post("/api/v1/keys", ADMIN_KEY, "{\"name\":\"x\",\"expiresAt\":\"2001-01-01T00:00:00Z\"}"), 400);
        assertProblem(api.post("/api/v1/keys", ADMIN_KEY, "{\"name\":\"x\",\"expiresAt\":\"tomorrow\"}"), 400);
        assertProblem(api.post("/api/v1/keys", ADMIN_KEY, "[1,2]"), 400);
        assertProblem(api.post("/api/v1/keys", ADMIN_KEY, "{\"name\":\"a\\u0000b\"}"), 400);
        assertProblem(api.post("/api/v1/keys", ADMIN_KEY, "{\"name\":\"ok\",\"project\":\"p\\u0007q\"}"), 400);
        assertProblem(api.delete("/api/v1/keys/not-a-uuid", ADMIN_KEY), 400);
        assertProblem(api.get("/api/v1/keys?limit=0", ADMIN_KEY), 400);
        assertProblem(api.get("/api/v1/keys?status=sleeping", ADMIN_KEY), 400);
        String[] key = api.create(ADMIN_KEY, "{\"name\":\"grace\"}");
        assertProblem(api.post("/api/v1/keys/" + key[0] + "/roll", ADMIN_KEY, "{\"gracePeriodSeconds\":5}"), 400);
        assertThat(api.code(key[1])).as("a refused roll leaves the key alone").isIn("VALID", "RATE_LIMITED");
        assertThat(api.get("/api/v1/keys?limit=1000", ADMIN_KEY).json().size()).isEqualTo(before + 1);
    }

    @Test
    void an_inference_key_may_not_manage_keys_and_nobody_anonymous_may_either() {
        String[] key = api.create(ADMIN_KEY, "{\"name\":\"sdk\"}");
        assertProblem(api.get("/api/v1/keys", key[1]), 403);
        assertProblem(api.post("/api/v1/keys", key[1], "{\"name\":\"sneaky\"}"), 403);
        assertProblem(api.delete("/api/v1/keys/" + key[0], key[1]), 403);
        assertThat(api.get("/api/v1/me", key[1]).status()).isEqualTo(200);
        assertProblem(api.get("/api/v1/keys", null), 401);
        assertProblem(api.get("/api/v1/keys", TestKeys.admin()), 401);
        assertProblem(api.get("/api/v1/me", TestKeys.tampered(ADMIN_KEY)), 401);
        assertThat(api.code(key[1])).as("the refused calls changed nothing").isIn("VALID", "RATE_LIMITED");
    }

    @Test
    void another_workspaces_key_is_not_found_and_stays_valid() {
        UUID ws = newWorkspace();
        String otherAdmin = TestKeys.admin();
        installAdminKey(ws, otherAdmin);
        String[] theirs = api.create(otherAdmin, "{\"name\":\"theirs\"}");
        assertProblem(api.delete("/api/v1/keys/" + theirs[0], ADMIN_KEY), 404);
        assertProblem(api.post("/api/v1/keys/" + theirs[0] + "/roll", ADMIN_KEY, "{}"), 404);
        assertProblem(api.get("/api/v1/keys/" + theirs[0], ADMIN_KEY), 404);
        assertThat(api.get("/api/v1/keys?limit=1000", ADMIN_KEY).body()).doesNotContain(theirs[0]);
        assertThat(api.code(theirs[1])).isEqualTo("VALID");
    }

    @Test
    void the_ping_endpoint_and_openapi_document_answer_without_a_key() {
        assertThat(api.get("/api/v1/ping", null).status()).isEqualTo(200);
        Answer doc = api.get("/api/openapi", null);
        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.body()).contains("/api/v1/keys/verify").contains("/api/v1/keys/{id}/roll");
    }

    // --- request bodies: the limit holds whatever the path's spelling and whether or not a length is declared

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/keys/verify", "/%61pi/v1/keys/verify", "/api/v1/keys/%76erify"})
    void a_body_over_64_kib_is_a_413_problem_however_the_path_is_spelled(String path) throws Exception {
        byte[] body = verifyBody(1024 * 1024);

        HttpResponse<String> declared = http.send(
                HttpRequest.newBuilder(URI.create(base() + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> chunked = http.send(
                HttpRequest.newBuilder(URI.create(base() + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertProblem(new Answer(declared.statusCode(), contentType(declared), declared.body()), 413);
        assertProblem(new Answer(chunked.statusCode(), contentType(chunked), chunked.body()), 413);
        assertThat(chunked.request().headers().firstValue("Content-Length"))
                .as("sent chunked")
                .isEmpty();
    }

    @Test
    void a_chunked_multipart_body_over_the_limit_is_refused_too() throws Exception {
        byte[] part = new byte[512 * 1024]; // past 64 KiB, below Spring's own multipart default of 1 MB
        Arrays.fill(part, (byte) 'a');
        byte[] body = concat(
                ("--b\r\nContent-Disposition: form-data; name=\"key\"; filename=\"k\"\r\n"
                                + "Content-Type: application/octet-stream\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII),
                part,
                "\r\n--b--\r\n".getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/%61pi/v1/keys/verify"))
                        .header("Content-Type", "multipart/form-data; boundary=b")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertProblem(new Answer(r.statusCode(), contentType(r), r.body()), 413);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void a_declared_5_mb_body_is_refused_before_it_is_sent() throws Exception {
        RawAnswer a = raw("POST /%61pi/v1/keys/verify HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + (5 * 1024 * 1024) + "\r\nConnection: close\r\n\r\n{\"key\":\"");

        assertThat(a.status()).as(a.text()).isEqualTo(413);
        assertThat(a.text()).containsIgnoringCase("Content-Type: application/problem+json");
    }

    @Test
    void a_body_within_the_limit_still_reaches_the_call() throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/%61pi/v1/keys/verify"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(
                                () -> new ByteArrayInputStream(verifyBody(60_000))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("MALFORMED");
    }

    // --- every answer under /api is the API's own: 404 and 405 problems, problems for the container's errors too

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST", "DELETE", "PUT"})
    void an_unknown_api_path_is_a_404_problem_for_a_valid_key(String method) {
        for (String path : List.of("/api/v1/nope", "/api/v1/keys/x/y/z", "/api/v2/keys", "/api", "/api/")) {
            Answer a = api.send(
                    method,
                    path,
                    ADMIN_KEY,
                    "application/json",
                    method.equals("GET") || method.equals("DELETE") ? null : "{}");
            assertProblem(a, 404);
        }
    }

    @Test
    void a_known_api_path_with_another_method_is_a_405_problem() {
        assertProblem(api.send("DELETE", "/api/v1/me", ADMIN_KEY, null, null), 405);
        assertProblem(api.send("PUT", "/api/v1/keys", ADMIN_KEY, "application/json", "{}"), 405);
        assertProblem(api.send("PUT", "/api/v1/keys/verify", null, "application/json", "{}"), 405);
        assertProblem(api.send("POST", "/api/v1/ping", null, "application/json", "{}"), 405);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/v1/keys/..%2f..%2f",
                "/api/v1/keys/%2e%2e%2f%2e%2e%2f",
                "/api/v1/%zz",
                "/api/v1/keys;jsessionid=x/..;/me",
                "/api/v1/keys/%00"
            })
    void what_the_container_or_the_firewall_refuses_under_api_is_a_problem_too(String path) throws Exception {
        RawAnswer a = raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + ADMIN_KEY
                + "\r\nAccept: text/html\r\nConnection: close\r\n\r\n");

        assertThat(a.status()).as(a.text()).isBetween(400, 499);
        assertThat(a.text())
                .containsIgnoringCase("Content-Type: application/problem+json")
                .doesNotContain("<html", "Exception");
        assertThat(a.body()).contains("\"status\":" + a.status());
    }

    @Test
    void errors_are_problems_even_when_the_client_asks_for_html() throws Exception {
        for (String request :
                List.of("GET /api/v1/nope", "DELETE /api/v1/me", "GET /api/v1/me", "GET /%61pi/v1/keys")) {
            boolean withKey = !request.endsWith("/keys");
            RawAnswer a = raw(request + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\n"
                    + (withKey ? "Authorization: Bearer " + ADMIN_KEY + "\r\n" : "") + "Connection: close\r\n\r\n");

            assertThat(a.status()).as(request + ": " + a.text()).isBetween(400, 499);
            assertThat(a.text()).as(request).containsIgnoringCase("Content-Type: application/problem+json");
        }
    }

    // --- scopes are allow-lists: every role x scope x call

    /** Expected status per call, for an admin key of an owner with each role in the order of {@link Role#values()}. */
    private static final Map<String, int[]> ADMIN_KEY_MATRIX = Map.of(
            "GET /me", new int[] {200, 200, 200, 200, 200},
            "GET /keys", new int[] {200, 200, 200, 403, 200},
            "GET /keys/{own}", new int[] {200, 200, 200, 403, 200},
            "GET /keys/{other's}", new int[] {200, 200, 404, 403, 200},
            "POST /keys inference", new int[] {201, 201, 201, 403, 403},
            "POST /keys admin", new int[] {201, 201, 403, 403, 403},
            "POST /keys/{own}/roll", new int[] {200, 200, 200, 403, 403},
            "DELETE /keys/{other's}", new int[] {204, 204, 403, 403, 403});

    @Test
    void what_a_key_may_do_is_its_scopes_allow_list_capped_by_its_owners_role() {
        UUID ws = newWorkspace();
        UUID owner = ownerOf(ws);
        List<String> failures = new ArrayList<>();
        for (String scope : List.of("admin", "inference")) {
            for (Role role : Role.values()) {
                UUID user = role == Role.OWNER ? owner : member(ws, role);
                String secret = scope.equals("admin") ? TestKeys.admin() : TestKeys.inference();
                UUID own = keyService
                        .install(secret, ws, user, role + " " + scope, Actor.SYSTEM)
                        .id();
                for (var call : ADMIN_KEY_MATRIX.entrySet()) {
                    int expected = scope.equals("admin")
                            ? call.getValue()[role.ordinal()]
                            : call.getKey().equals("GET /me") ? 200 : 403;
                    UUID others = keyService
                            .install(TestKeys.inference(), ws, owner, "target", Actor.SYSTEM)
                            .id();
                    Answer a = call(call.getKey(), secret, own, others);
                    if (a.status() != expected) {
                        failures.add(role + " x " + scope + " x " + call.getKey() + ": " + a.status() + " instead of "
                                + expected);
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    private Answer call(String call, String key, UUID own, UUID others) {
        return switch (call) {
            case "GET /me" -> api.get("/api/v1/me", key);
            case "GET /keys" -> api.get("/api/v1/keys", key);
            case "GET /keys/{own}" -> api.get("/api/v1/keys/" + own, key);
            case "GET /keys/{other's}" -> api.get("/api/v1/keys/" + others, key);
            case "POST /keys inference" -> api.post("/api/v1/keys", key, "{\"name\":\"made by a key\"}");
            case "POST /keys admin" ->
                api.post("/api/v1/keys", key, "{\"name\":\"made by a key\",\"scope\":\"admin\"}");
            case "POST /keys/{own}/roll" ->
                api.post("/api/v1/keys/" + own + "/roll", key, "{\"gracePeriodSeconds\":3600}");
            case "DELETE /keys/{other's}" -> api.delete("/api/v1/keys/" + others, key);
            default -> throw new IllegalArgumentException(call);
        };
    }

    // --- management calls are not key usage

    @Test
    void management_calls_leave_a_keys_requests_and_last_use_alone() {
        UUID ws = newWorkspace();
        String admin = TestKeys.admin();
        UUID keyId = keyService
                .install(admin, ws, ownerOf(ws), "automation", Actor.SYSTEM)
                .id();
        for (int i = 0; i < 5; i++) {
            assertThat(api.get("/api/v1/me", admin).status()).isEqualTo(200);
            assertThat(api.get("/api/v1/keys", admin).status()).isEqualTo(200);
        }
        usage.flush();
        assertThat(requestsOf(keyId)).isZero();
        assertThat(api.get("/api/v1/keys/" + keyId, admin)
                        .json()
                        .path("lastUsedAt")
                        .isNull())
                .isTrue();

        assertThat(api.code(admin)).as("a verification is usage").isEqualTo("VALID");
        usage.flush();
        assertThat(requestsOf(keyId)).isEqualTo(1);
    }

    private long requestsOf(UUID keyId) {
        Long n = tx.execute(s -> db.select(DSL.sum(DSL.field("requests", Long.class)))
                .from(DSL.table("api_key_daily_requests"))
                .where(DSL.field("key_id", UUID.class).eq(keyId))
                .fetchOne(0, Long.class));
        return n == null ? 0 : n;
    }

    private UUID member(UUID ws, Role role) {
        return tx.execute(s -> {
            UUID u = users.insert("member-" + UUID.randomUUID() + "@keys-api.test", "Member", "{noop}x", false);
            workspaceRepository.insertMembership(ws, u, role);
            return u;
        });
    }

    private UUID ownerOf(UUID workspaceId) {
        return tx.execute(s -> db.select(DSL.field("user_id", UUID.class))
                .from(DSL.table("memberships"))
                .where(DSL.field("workspace_id", UUID.class).eq(workspaceId))
                .and(DSL.field("role", String.class).eq("OWNER"))
                .fetchOne(0, UUID.class));
    }

    private final HttpClient http = HttpClient.newHttpClient();

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private static String contentType(HttpResponse<?> r) {
        return r.headers().firstValue("Content-Type").orElse("");
    }

    private static byte[] verifyBody(int size) {
        return ("{\"key\":\"" + "a".repeat(size) + "\"}").getBytes(StandardCharsets.US_ASCII);
    }

    /** An answer read off a socket, so that no client normalises the path first. */
    record RawAnswer(int status, String text) {
        String body() {
            int i = text.indexOf("\r\n\r\n");
            return i < 0 ? "" : text.substring(i + 4);
        }
    }

    private RawAnswer raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String text = readResponse(socket.getInputStream());
            String[] statusLine = text.split("\r\n", 2)[0].split(" ");
            return new RawAnswer(Integer.parseInt(statusLine[1]), text);
        }
    }

    /** One response: its head, then its declared length, its chunks or everything until the server closes. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            out.write(b);
            String text = out.toString(StandardCharsets.UTF_8);
            int headEnd = text.indexOf("\r\n\r\n");
            if (headEnd < 0) {
                continue;
            }
            String head = text.substring(0, headEnd).toLowerCase(Locale.ROOT);
            var length = Pattern.compile("content-length: *(\\d+)").matcher(head);
            if (length.find() && text.length() - headEnd - 4 >= Integer.parseInt(length.group(1))) {
                return text;
            }
            if (head.contains("transfer-encoding: chunked") && text.endsWith("\r\n0\r\n\r\n")) {
                return text;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private void assertProblem(Answer a, int status) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.contentType()).startsWith("application/problem+json");
        assertThat(a.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private UUID newWorkspace() {
        return tx.execute(s -> {
            UUID owner = users.insert("owner-" + UUID.randomUUID() + "@keys-api.test", "Other owner", "{noop}x", false);
            return workspaces.createWithOwner("Other " + owner, owner);
        });
    }

    private void installAdminKey(UUID workspaceId, String secret) {
        UUID owner = tx.execute(s -> db.select(DSL.field("user_id", UUID.class))
                .from(DSL.table("memberships"))
                .where(DSL.field("workspace_id", UUID.class).eq(workspaceId))
                .fetchOne(0, UUID.class));
        keyService.install(secret, workspaceId, owner, "Test admin key", Actor.SYSTEM);
    }
}
