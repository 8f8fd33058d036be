package dev.vlmconsole.app.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.services.EntitlementService;
import dev.vlmconsole.api.services.Entitlements;
import dev.vlmconsole.app.account.UserRepository;
import dev.vlmconsole.app.workspaces.WorkspaceService;
import dev.vlmconsole.keys.KeyService;
import dev.vlmconsole.keys.verify.KeyStateCache;
import dev.vlmconsole.keys.verify.UsageRecorder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code /api/v1/auth/forward} over real HTTP through the console's security chain: the real verifier
 * (the same window and usage count as {@code POST /api/v1/keys/verify}), every refusal a gateway passes
 * on, and the path public like verification: no scope allow-list, no management-call limit (here 3 an
 * hour, so that a fourth call would be refused if it applied).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:forward_auth_api;DB_CLOSE_DELAY=-1",
            "console.security.bcrypt-cost=4",
            "console.plugins-dir=target/no-plugins",
            "console.data-dir=target/test-data/forward-auth-api",
            "CONSOLE_BOOTSTRAP_OWNER_EMAIL=owner@forward-auth.test",
            "CONSOLE_BOOTSTRAP_OWNER_PASSWORD=owner-password-long",
            "console.api.management-rate-limit=3",
            "console.api.management-rate-period=PT1H",
            "spring.main.banner-mode=off",
        })
class ForwardAuthApiTest {

    @TestConfiguration
    static class Plans {
        /** Workspaces listed here have run out of credits. */
        static final Set<UUID> EXHAUSTED = ConcurrentHashMap.newKeySet();

        @Bean
        @Primary
        EntitlementService testEntitlements() {
            return ws -> new Entitlements("payg", "Pay-as-you-go", 10, Duration.ofMinutes(1), !EXHAUSTED.contains(ws));
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    KeyService keyService;

    @Autowired
    KeyStateCache cache;

    @Autowired
    UserRepository users;

    @Autowired
    WorkspaceService workspaces;

    @Autowired
    UsageRecorder usage;

    @Autowired
    DSLContext db;

    @Autowired
    TransactionTemplate tx;

    final HttpClient http = HttpClient.newHttpClient();
    ApiClient api;
    UUID workspace;
    UUID owner;

    @BeforeEach
    void aWorkspaceOfItsOwn() {
        api = new ApiClient(port);
        owner = tx.execute(
                s -> users.insert("owner-" + UUID.randomUUID() + "@forward-auth.test", "Owner", "{noop}x", false));
        workspace = tx.execute(s -> workspaces.createWithOwner("Forward " + owner, owner));
    }

    /** A key of the test's workspace: {id, secret}. */
    private String[] key(String scope) {
        String secret = "admin".equals(scope) ? TestKeys.admin() : TestKeys.inference();
        UUID id = keyService
                .install(secret, workspace, owner, scope + " key", Actor.SYSTEM)
                .id();
        return new String[] {id.toString(), secret};
    }

    private HttpResponse<String> forwardAs(String method, String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> forward(String... headers) {
        return forwardAs("GET", "/api/v1/auth/forward", headers);
    }

    @Test
    void a_valid_key_is_200_with_its_workspace_key_and_window() {
        String[] key = key("inference");

        HttpResponse<String> r = forward("Authorization", "Bearer " + key[1]);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValue("X-Workspace-Id")).hasValue(workspace.toString());
        assertThat(r.headers().firstValue("X-Key-Id")).hasValue(key[0]);
        assertThat(r.headers().firstValue("X-Verify-Code")).hasValue("VALID");
        assertThat(r.headers().firstValue("X-RateLimit-Limit")).hasValue("10");
        assertThat(r.headers().firstValue("X-RateLimit-Remaining")).hasValue("9");
        long reset = Long.parseLong(r.headers().firstValue("X-RateLimit-Reset").orElseThrow());
        long now = System.currentTimeMillis() / 1000;
        assertThat(reset).isBetween(now, now + 61);
    }

    @Test
    void it_verifies_exactly_as_verify_does_one_window_and_one_request_counted_per_call() {
        String[] key = key("inference");

        assertThat(api.code(key[1])).isEqualTo("VALID");
        HttpResponse<String> r = forward("X-Api-Key", key[1]);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-RateLimit-Remaining"))
                .as("the verification before took from the same window")
                .hasValue("8");
        assertThat(api.verify(key[1]).json().path("ratelimit").path("remaining").asLong())
                .isEqualTo(7);

        usage.flush();
        assertThat(requestsOf(UUID.fromString(key[0]))).isEqualTo(3);
    }

    @Test
    void refused_keys_are_401_problems_with_a_bearer_challenge_and_the_code() {
        String[] revoked = key("inference");
        String[] expired = key("inference");
        endNow(revoked[0], "revoked_at");
        endNow(expired[0], "expires_at");

        assertUnauthorized(forward(), "MALFORMED");
        assertUnauthorized(forward("Authorization", "Basic dXNlcjpwYXNz"), "MALFORMED");
        assertUnauthorized(forward("Authorization", "Bearer not-a-key"), "MALFORMED");
        assertUnauthorized(forward("Authorization", "Bearer " + TestKeys.tampered(revoked[1])), "MALFORMED");
        assertUnauthorized(forward("Authorization", "Bearer " + TestKeys.inference()), "NOT_FOUND");
        assertUnauthorized(forward("Authorization", "Bearer " + revoked[1]), "REVOKED");
        assertUnauthorized(forward("X-Api-Key", expired[1]), "EXPIRED");
    }

    @Test
    void the_eleventh_call_in_a_minute_is_429_with_retry_after() {
        String[] key = key("inference");
        for (int i = 0; i < 10; i++) {
            assertThat(forward("Authorization", "Bearer " + key[1]).statusCode())
                    .isEqualTo(200);
        }

        HttpResponse<String> r = forward("Authorization", "Bearer " + key[1]);

        assertProblem(r, 429, "RATE_LIMITED");
        assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(1L, 60L);
        assertThat(r.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
        assertThat(r.headers().firstValue("X-Workspace-Id")).isEmpty();
    }

    @Test
    void a_workspace_out_of_credits_is_402() {
        String[] key = key("inference");
        Plans.EXHAUSTED.add(workspace);
        try {
            assertProblem(forward("Authorization", "Bearer " + key[1]), 402, "INSUFFICIENT_CREDITS");
        } finally {
            Plans.EXHAUSTED.remove(workspace);
        }
    }

    @Test
    void any_method_and_any_path_below_is_answered_the_same() {
        String[] key = key("inference");
        for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"}) {
            HttpResponse<String> r =
                    forwardAs(method, "/api/v1/auth/forward/v1/chat", "Authorization", "Bearer " + key[1]);
            assertThat(r.statusCode()).as(method).isEqualTo(200);
            assertThat(r.headers().firstValue("X-Workspace-Id")).hasValue(workspace.toString());
        }
        assertThat(forwardAs("OPTIONS", "/api/v1/auth/forward").statusCode())
                .as("no key, not even for a preflight")
                .isEqualTo(401);
    }

    @Test
    void neither_the_scope_allow_list_nor_the_management_call_limit_applies() {
        String[] admin = key("admin");
        for (int i = 0; i < 3; i++) {
            assertThat(api.get("/api/v1/me", admin[1]).status()).isEqualTo(200);
        }
        assertThat(api.get("/api/v1/me", admin[1]).status())
                .as("the admin key's management calls are used up")
                .isEqualTo(429);

        for (int i = 0; i < 5; i++) {
            assertThat(forward("Authorization", "Bearer " + admin[1]).statusCode())
                    .as("forward-auth %d with the same key", i + 1)
                    .isEqualTo(200);
        }
        String[] inference = key("inference");
        assertThat(api.get("/api/v1/keys", inference[1]).status())
                .as("an inference key may not manage keys")
                .isEqualTo(403);
        assertThat(forward("Authorization", "Bearer " + inference[1]).statusCode())
                .as("but is verified here")
                .isEqualTo(200);
    }

    /** Sets the key's revocation or expiry a minute ago, as the Keys page or time would. */
    private void endNow(String keyId, String column) {
        UUID id = UUID.fromString(keyId);
        tx.executeWithoutResult(s -> db.update(DSL.table("api_keys"))
                .set(
                        DSL.field(column, OffsetDateTime.class),
                        OffsetDateTime.now().minusMinutes(1))
                .where(DSL.field("id", UUID.class).eq(id))
                .execute());
        cache.keyChanged(id);
    }

    private long requestsOf(UUID keyId) {
        Long n = tx.execute(s -> db.select(DSL.sum(DSL.field("requests", Long.class)))
                .from(DSL.table("api_key_daily_requests"))
                .where(DSL.field("key_id", UUID.class).eq(keyId))
                .fetchOne(0, Long.class));
        return n == null ? 0 : n;
    }

    private static void assertUnauthorized(HttpResponse<String> r, String code) {
        assertProblem(r, 401, code);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    private static void assertProblem(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("X-Verify-Code")).hasValue(code);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(r.body()).contains("\"code\":\"" + code + "\"").contains("\"status\":" + status);
    }
}
