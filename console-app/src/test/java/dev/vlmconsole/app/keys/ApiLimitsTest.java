package dev.vlmconsole.app.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.app.account.UserRepository;
import dev.vlmconsole.app.keys.ApiClient.Answer;
import dev.vlmconsole.app.workspaces.WorkspaceService;
import dev.vlmconsole.keys.KeyService;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The limits of the machine API with small, configured values: calls per key, active keys per
 * workspace, and a path whose body limit is raised above the default.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:api_limits;DB_CLOSE_DELAY=-1",
            "console.security.bcrypt-cost=4",
            "console.plugins-dir=target/no-plugins",
            "CONSOLE_BOOTSTRAP_OWNER_EMAIL=owner@api-limits.test",
            "CONSOLE_BOOTSTRAP_OWNER_PASSWORD=owner-password-long",
            "console.api.management-rate-limit=30",
            "console.api.management-rate-period=PT1H",
            "console.keys.max-active-per-workspace=5",
            "console.http.body-size-overrides[/api/v1/keys/verify]=200KB"
        })
class ApiLimitsTest {

    @LocalServerPort
    int port;

    @Autowired
    KeyService keyService;

    @Autowired
    WorkspaceService workspaces;

    @Autowired
    UserRepository users;

    @Autowired
    DSLContext db;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JsonMapper json;

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
    }

    @Test
    void management_calls_past_the_per_key_limit_are_429_problems_with_retry_after() {
        String admin = adminKeyOfNewWorkspace();
        for (int i = 0; i < 30; i++) {
            assertThat(api.get("/api/v1/me", admin).status())
                    .as("call %d", i + 1)
                    .isEqualTo(200);
        }

        Answer limited = api.get("/api/v1/keys", admin);

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 3600L);
        assertThat(api.get("/api/v1/me", adminKeyOfNewWorkspace()).status())
                .as("another key's own limit")
                .isEqualTo(200);
        assertThat(api.send("POST", "/api/v1/keys/verify", admin, "application/json", "{\"key\":\"" + admin + "\"}")
                        .text("code"))
                .as("verification is not a management call")
                .isEqualTo("VALID");
    }

    @Test
    void a_workspace_gets_at_most_the_configured_active_keys_even_when_created_at_once() throws Exception {
        String admin = adminKeyOfNewWorkspace(); // one active key already
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Answer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                Callable<Answer> create = () -> api.post("/api/v1/keys", admin, "{\"name\":\"parallel\"}");
                answers.add(pool.submit(create));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Answer> f : answers) {
                Answer a = f.get();
                statuses.add(a.status());
                if (a.status() == 409) {
                    assertThat(a.contentType()).startsWith("application/problem+json");
                    assertThat(a.json().path("detail").asText())
                            .contains("5 active keys")
                            .contains("Revoke");
                }
            }
            assertThat(statuses).containsOnly(201, 409);
            assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(4);
        } finally {
            pool.shutdownNow();
        }
        UUID workspace = UUID.fromString(api.get("/api/v1/me", admin).text("workspaceId"));
        assertThat(activeKeys(workspace)).isEqualTo(5);

        String[] revoked = {
            api.get("/api/v1/keys?limit=1", admin).json().get(0).path("id").asText()
        };
        assertThat(api.delete("/api/v1/keys/" + revoked[0], admin).status()).isEqualTo(204);
        assertThat(api.post("/api/v1/keys", admin, "{\"name\":\"after a revocation\"}")
                        .status())
                .isEqualTo(201);
    }

    @Test
    void a_path_with_a_raised_body_limit_accepts_more_and_no_more() {
        Answer within = api.send(
                "POST", "/api/v1/keys/verify", null, "application/json", "{\"key\":\"" + "a".repeat(150_000) + "\"}");
        Answer over = api.send(
                "POST", "/%61pi/v1/keys/verify", null, "application/json", "{\"key\":\"" + "a".repeat(250_000) + "\"}");

        assertThat(within.status()).isEqualTo(200);
        assertThat(within.text("code")).isEqualTo("MALFORMED");
        assertThat(over.status()).isEqualTo(413);
        assertThat(api.send("POST", "/api/v1/nope", null, "application/json", "{\"a\":\"" + "a".repeat(100_000) + "\"}")
                        .status())
                .as("other paths keep 64 KiB")
                .isEqualTo(413);
    }

    @Test
    void the_json_reader_limits_follow_the_largest_body_limit() {
        var constraints = json.tokenStreamFactory().streamReadConstraints();
        // usage ingestion's 1 MiB (BodyLimits' default for /api/v1/usage) is the largest here
        assertThat(constraints.getMaxDocumentLength()).isEqualTo(1024 * 1024);
        assertThat(constraints.getMaxStringLength()).isEqualTo(1024 * 1024);
    }

    private long activeKeys(UUID workspace) {
        return tx.execute(s -> db.fetchCount(
                DSL.table("api_keys"),
                DSL.field("workspace_id", UUID.class)
                        .eq(workspace)
                        .and(DSL.field("revoked_at").isNull())));
    }

    private String adminKeyOfNewWorkspace() {
        String secret = TestKeys.admin();
        tx.executeWithoutResult(s -> {
            UUID owner = users.insert("owner-" + UUID.randomUUID() + "@api-limits.test", "Owner", "{noop}x", false);
            UUID ws = workspaces.createWithOwner("Limits " + owner, owner);
            keyService.install(secret, ws, owner, "automation", Actor.SYSTEM);
        });
        return secret;
    }
}
