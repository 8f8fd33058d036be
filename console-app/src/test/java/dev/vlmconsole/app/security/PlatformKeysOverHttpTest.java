package dev.vlmconsole.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.app.account.ConsoleUser;
import dev.vlmconsole.app.account.UserRepository;
import dev.vlmconsole.app.workspaces.WorkspaceService;
import dev.vlmconsole.keys.KeyFormat;
import dev.vlmconsole.keys.KeyService;
import dev.vlmconsole.keys.platform.PlatformKeyService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Platform keys on the machine API, over HTTP: a bearer platform key reaches a platform call with
 * {@code ConsoleContext.platformKey()} set and no workspace, is refused by workspace calls, is never held
 * to the management-call limit, and stops working on revocation; the bootstrap key is installed by first
 * run; usage ingestion takes bodies of up to 1 MiB. Verification needs no platform key by default
 * ({@link VerifyRequiresPlatformKeyTest} turns the setting on).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:platform_keys_http;DB_CLOSE_DELAY=-1",
            "console.security.bcrypt-cost=4",
            "console.plugins-dir=target/no-plugins",
            "console.data-dir=target/test-data/platform-keys-http",
            "CONSOLE_BOOTSTRAP_OWNER_EMAIL=" + PlatformKeysOverHttpTest.OWNER,
            "CONSOLE_BOOTSTRAP_OWNER_PASSWORD=owner-password-long",
            "CONSOLE_BOOTSTRAP_PLATFORM_KEY=" + PlatformKeysOverHttpTest.BOOTSTRAP,
            // the operator here acts through the service directly; TwoFactorGateTest covers the operators' rule
            "console.security.operators-require-two-factor=false",
            "console.api.management-rate-limit=3",
            "console.api.management-rate-period=PT1H",
            "spring.main.banner-mode=off",
        })
class PlatformKeysOverHttpTest {

    static final String OWNER = "owner@platform-keys.test";
    /** A well-formed platform key: the body's CRC32 in base 62 is {@code 1mVgZW}. */
    static final String BOOTSTRAP = "vlm_svc_abcdefghijklmnopqrstuvwxyzABCDEF" + "1mVgZW";
    /** A path of the platform only (the real usage call is the billing module's). */
    static final String ECHO = "/api/v1/test-platform/echo";

    /** A call for the platform: says who called, as the acting context sees it. */
    @RestController
    static class PlatformEcho {
        private final ConsoleContext context;

        PlatformEcho(ConsoleContext context) {
            this.context = context;
        }

        @PostMapping(path = ECHO, produces = "application/json")
        Map<String, Object> echo() {
            var key = context.platformKey().orElseThrow();
            return Map.of(
                    "keyId", key.keyId().toString(),
                    "scopes", key.scopes().stream().sorted().toList(),
                    "workspace", context.workspace().isPresent(),
                    "apiKey", context.apiKey().isPresent(),
                    "operator", context.can(Permissions.OPERATOR),
                    "actor", context.actor().displayName());
        }
    }

    @TestConfiguration
    static class Echo {
        @Bean
        PlatformEcho platformEcho(ConsoleContext context) {
            return new PlatformEcho(context);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    UserRepository users;

    @Autowired
    WorkspaceService workspaces;

    @Autowired
    KeyService keyService;

    @Autowired
    PlatformKeyService platformKeys;

    @Autowired
    KeyFormat format;

    @Autowired
    TransactionTemplate tx;

    final HttpClient http = HttpClient.newHttpClient();

    record Answer(int status, String contentType, String body, HttpResponse<String> raw) {
        JsonNode json() {
            return JsonMapper.builder().build().readTree(body);
        }
    }

    private Answer call(String method, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> bearer(String key) {
        return Map.of("Authorization", "Bearer " + key);
    }

    @Test
    void the_bootstrap_platform_key_reaches_a_platform_call_with_every_scope_and_no_workspace() {
        Answer a = call("POST", ECHO, bearer(BOOTSTRAP), "{}");

        assertThat(a.status()).isEqualTo(200);
        JsonNode body = a.json();
        assertThat(body.path("scopes").toString()).isEqualTo("[\"operator\",\"usage\",\"verify\"]");
        assertThat(body.path("workspace").asBoolean()).isFalse();
        assertThat(body.path("apiKey").asBoolean()).isFalse();
        assertThat(body.path("operator").asBoolean()).as("never held by a key").isFalse();
        assertThat(body.path("actor").asText()).isEqualTo("Platform key Bootstrap platform key");
    }

    @Test
    void the_first_owner_of_first_run_is_the_installs_first_operator() {
        assertThat(tx.execute(s -> users.findByEmail(OWNER)).orElseThrow().operator())
                .isTrue();
    }

    @Test
    void workspace_calls_refuse_a_platform_key_with_403_problems() {
        for (String path : List.of("/api/v1/keys", "/api/v1/me")) {
            Answer a = call("GET", path, bearer(BOOTSTRAP), null);
            assertThat(a.status()).as(path).isEqualTo(403);
            assertThat(a.contentType()).as(path).startsWith("application/problem+json");
        }
        Answer create = call("POST", "/api/v1/keys", bearer(BOOTSTRAP), "{\"name\":\"sneaky\"}");
        assertThat(create.status()).isEqualTo(403);
    }

    @Test
    void a_platform_key_is_never_held_to_the_management_call_limit_that_holds_admin_keys() {
        for (int i = 0; i < 12; i++) {
            assertThat(call("POST", ECHO, bearer(BOOTSTRAP), "{}").status())
                    .as("call %d", i + 1)
                    .isEqualTo(200);
        }
        String admin = adminKeyOfNewWorkspace();
        for (int i = 0; i < 3; i++) {
            assertThat(call("GET", "/api/v1/me", bearer(admin), null).status()).isEqualTo(200);
        }
        assertThat(call("GET", "/api/v1/me", bearer(admin), null).status())
                .as("the limit is on, for admin keys")
                .isEqualTo(429);
    }

    @Test
    void an_unknown_malformed_or_revoked_platform_key_is_a_401_problem() {
        assertThat(call("POST", ECHO, bearer(format.generatePlatform()), "{}").status())
                .isEqualTo(401);
        assertThat(call("POST", ECHO, bearer("vlm_svc_tooShort"), "{}").status())
                .isEqualTo(401);
        var created = createAsOperator("Short-lived", Set.of("usage"));
        assertThat(call("POST", ECHO, bearer(created.secret()), "{}").status()).isEqualTo(200);

        revokeAsOperator(created.key().id());

        Answer refused = call("POST", ECHO, bearer(created.secret()), "{}");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void verification_needs_no_platform_key_by_default() {
        String admin = adminKeyOfNewWorkspace();
        Answer a = call("POST", "/api/v1/keys/verify", Map.of(), "{\"key\":\"" + admin + "\"}");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().path("code").asText()).isEqualTo("VALID");
    }

    @Test
    void usage_ingestion_takes_bodies_up_to_one_mib_and_other_calls_keep_64_kib() {
        String almostOneMiB = "{\"events\":[],\"pad\":\"" + "a".repeat(1_000_000) + "\"}";
        String overOneMiB = "{\"events\":[],\"pad\":\"" + "a".repeat(1_100_000) + "\"}";

        assertThat(call("POST", "/api/v1/usage", bearer(BOOTSTRAP), almostOneMiB)
                        .status())
                .as("within the limit: whatever the call answers, not 413")
                .isNotEqualTo(413);
        Answer tooLarge = call("POST", "/api/v1/usage", bearer(BOOTSTRAP), overOneMiB);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.contentType()).startsWith("application/problem+json");
        assertThat(call("POST", ECHO, bearer(BOOTSTRAP), "{\"pad\":\"" + "a".repeat(100_000) + "\"}")
                        .status())
                .isEqualTo(413);
    }

    private PlatformKeyService.KeyWithSecret createAsOperator(String name, Set<String> scopes) {
        return asOperator(() -> platformKeys.create(name, scopes));
    }

    private void revokeAsOperator(UUID id) {
        asOperator(() -> platformKeys.revoke(id));
    }

    private <T> T asOperator(Supplier<T> call) {
        return asOperator(users, tx, OWNER, call);
    }

    /** Runs {@code call} as the person with {@code email}, signed in as an operator (the first Owner is one). */
    static <T> T asOperator(UserRepository users, TransactionTemplate tx, String email, Supplier<T> call) {
        var owner = tx.execute(s -> users.findByEmail(email)).orElseThrow();
        var principal =
                new ConsoleUser(owner.id(), owner.email(), owner.displayName(), true, owner.sessionEpoch(), null);
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities()));
        SecurityContextHolder.setContext(context);
        try {
            return call.get();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private String adminKeyOfNewWorkspace() {
        String secret = format.generate(KeyFormat.Scope.ADMIN);
        tx.executeWithoutResult(s -> {
            UUID owner = users.insert("owner-" + UUID.randomUUID() + "@platform-keys.test", "Owner", "{noop}x", false);
            UUID ws = workspaces.createWithOwner("Platform " + owner, owner);
            keyService.install(secret, ws, owner, "automation", Actor.SYSTEM);
        });
        return secret;
    }
}
