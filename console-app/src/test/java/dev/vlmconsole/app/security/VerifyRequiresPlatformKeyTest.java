package dev.vlmconsole.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.Actor;
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
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code console.keys.verify-requires-platform-key=true}: verification answers only callers that send a
 * platform key with the {@code verify} scope, in {@code X-Platform-Key} or as the bearer token; forward-auth
 * too (in {@code X-Platform-Key}, beside the client's own key).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:verify_requires_platform_key;DB_CLOSE_DELAY=-1",
            "console.security.bcrypt-cost=4",
            "console.plugins-dir=target/no-plugins",
            "console.data-dir=target/test-data/verify-requires-platform-key",
            "CONSOLE_BOOTSTRAP_OWNER_EMAIL=owner@verify-requires.test",
            "CONSOLE_BOOTSTRAP_OWNER_PASSWORD=owner-password-long",
            "CONSOLE_BOOTSTRAP_PLATFORM_KEY=" + PlatformKeysOverHttpTest.BOOTSTRAP,
            "console.keys.verify-requires-platform-key=true",
            // the first Owner creates a key through the service directly; TwoFactorGateTest covers the operators' rule
            "console.security.operators-require-two-factor=false",
            "spring.main.banner-mode=off",
        })
class VerifyRequiresPlatformKeyTest {

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
    String key;

    @BeforeEach
    void aWorkspaceKey() {
        key = format.generate(KeyFormat.Scope.INFERENCE);
        tx.executeWithoutResult(s -> {
            UUID owner =
                    users.insert("owner-" + UUID.randomUUID() + "@verify-requires.test", "Owner", "{noop}x", false);
            UUID ws = workspaces.createWithOwner("Verify " + owner, owner);
            keyService.install(key, ws, owner, "inference", Actor.SYSTEM);
        });
    }

    private HttpResponse<String> verify(Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/keys/verify"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"" + key + "\"}"))
                .header("Content-Type", "application/json");
        headers.forEach(b::header);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String code(HttpResponse<String> r) {
        return JsonMapper.builder().build().readTree(r.body()).path("code").asText();
    }

    @Test
    void without_a_platform_key_verification_is_a_401_problem() {
        HttpResponse<String> r = verify(Map.of());

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(r.body()).contains("X-Platform-Key").doesNotContain(key);
    }

    @Test
    void a_platform_key_with_the_verify_scope_in_x_platform_key_or_as_the_bearer_is_answered() {
        HttpResponse<String> header = verify(Map.of("X-Platform-Key", PlatformKeysOverHttpTest.BOOTSTRAP));
        assertThat(header.statusCode()).isEqualTo(200);
        assertThat(code(header)).isEqualTo("VALID");

        HttpResponse<String> bearer = verify(Map.of("Authorization", "Bearer " + PlatformKeysOverHttpTest.BOOTSTRAP));
        assertThat(bearer.statusCode()).isEqualTo(200);
        assertThat(code(bearer)).isEqualTo("VALID");
    }

    @Test
    void a_workspace_key_an_unknown_platform_key_or_one_without_the_scope_is_refused() {
        assertThat(verify(Map.of("Authorization", "Bearer " + key)).statusCode())
                .as("the subject key itself")
                .isEqualTo(401);
        assertThat(verify(Map.of("X-Platform-Key", format.generatePlatform())).statusCode())
                .isEqualTo(401);
        String usageOnly = usageOnlyKey();
        HttpResponse<String> lacking = verify(Map.of("X-Platform-Key", usageOnly));
        assertThat(lacking.statusCode()).isEqualTo(403);
        assertThat(lacking.body()).contains("'verify' scope");
    }

    @Test
    void forward_auth_likewise_needs_the_gateways_platform_key_beside_the_clients_key() {
        HttpResponse<String> without = forward(Map.of("Authorization", "Bearer " + key));
        assertThat(without.statusCode()).isEqualTo(401);
        assertThat(without.headers().firstValue("X-Verify-Code"))
                .as("not a verdict on the key")
                .isEmpty();
        assertThat(without.body()).contains("X-Platform-Key").doesNotContain(key);

        assertThat(forward(Map.of("Authorization", "Bearer " + key, "X-Platform-Key", usageOnlyKey()))
                        .statusCode())
                .isEqualTo(403);

        HttpResponse<String> gateway =
                forward(Map.of("Authorization", "Bearer " + key, "X-Platform-Key", PlatformKeysOverHttpTest.BOOTSTRAP));
        assertThat(gateway.statusCode()).isEqualTo(200);
        assertThat(gateway.headers().firstValue("X-Verify-Code")).hasValue("VALID");
    }

    private HttpResponse<String> forward(Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/auth/forward"));
        headers.forEach(b::header);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String usageOnlyKey() {
        return PlatformKeysOverHttpTest.asOperator(
                users,
                tx,
                "owner@verify-requires.test",
                () -> platformKeys.create("Usage only", Set.of("usage")).secret());
    }
}
