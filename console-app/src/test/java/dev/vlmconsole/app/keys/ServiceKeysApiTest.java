package dev.vlmconsole.app.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.app.account.UserRepository;
import dev.vlmconsole.app.keys.ApiClient.Answer;
import dev.vlmconsole.app.workspaces.WorkspaceRepository;
import dev.vlmconsole.keys.KeyService;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Service keys on the machine API over real HTTP (module-api 1.5, DD037): who may create a SCIM key or
 * an admin key the workspace owns, what the answer says of its owner, and that a SCIM key is never a key
 * for the platform (verification, forward-auth) nor for the keys API.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:service_keys_api;DB_CLOSE_DELAY=-1",
            "console.security.bcrypt-cost=4",
            "console.plugins-dir=target/no-plugins",
            "console.data-dir=target/test-data/service-keys-api",
            "CONSOLE_BOOTSTRAP_OWNER_EMAIL=owner@service-keys.test",
            "CONSOLE_BOOTSTRAP_OWNER_PASSWORD=owner-password-long",
            "CONSOLE_BOOTSTRAP_ADMIN_KEY=" + ServiceKeysApiTest.OWNERS_KEY
        })
class ServiceKeysApiTest {

    /** The bootstrap admin key: the first Owner's. */
    static final String OWNERS_KEY = "vlm_admin_abcdefghijklmnopqrstuvwxyzABCDEF1mVgZW";

    @LocalServerPort
    int port;

    @Autowired
    KeyService keyService;

    @Autowired
    DSLContext db;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    UserRepository users;

    @Autowired
    WorkspaceRepository workspaces;

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
    }

    @Test
    void an_owners_admin_key_creates_a_scim_key_owned_by_the_workspace() {
        Answer created = api.post("/api/v1/keys", OWNERS_KEY, "{\"name\":\"Okta provisioning\",\"scope\":\"scim\"}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.text("secret")).matches("vlm_admin_[0-9A-Za-z]{38}");
        assertThat(created.json().path("key").path("scope").asText()).isEqualTo("scim");
        assertThat(created.json().path("key").path("owner").asText()).isEqualTo("workspace");
        assertThat(created.json().path("key").path("ownerUserId").isNull()).isTrue();
        assertThat(created.json().path("key").path("createdBy").asText()).isEqualTo("API key Bootstrap admin key");
        String id = created.json().path("key").path("id").asText();
        Answer listed = api.get("/api/v1/keys/" + id, OWNERS_KEY);
        assertThat(listed.text("owner")).isEqualTo("workspace");
        assertThat(listed.body()).doesNotContain(created.text("secret"));
    }

    @Test
    void an_admin_key_may_be_the_workspaces_and_an_inference_key_may_not() {
        Answer bot = api.post(
                "/api/v1/keys", OWNERS_KEY, "{\"name\":\"deploy bot\",\"scope\":\"admin\",\"owner\":\"workspace\"}");
        assertThat(bot.status()).as(bot.body()).isEqualTo(201);
        assertThat(bot.json().path("key").path("owner").asText()).isEqualTo("workspace");
        assertThat(bot.json().path("key").path("ownerUserId").isNull()).isTrue();

        Answer mine = api.post("/api/v1/keys", OWNERS_KEY, "{\"name\":\"mine\",\"scope\":\"admin\"}");
        assertThat(mine.json().path("key").path("owner").asText()).isEqualTo("member");
        assertThat(mine.json().path("key").path("ownerUserId").asText()).isNotBlank();

        int before = api.get("/api/v1/keys?limit=1000", OWNERS_KEY).json().size();
        assertProblem(
                api.post(
                        "/api/v1/keys",
                        OWNERS_KEY,
                        "{\"name\":\"sdk\",\"scope\":\"inference\",\"owner\":\"workspace\"}"),
                400);
        assertProblem(
                api.post("/api/v1/keys", OWNERS_KEY, "{\"name\":\"x\",\"scope\":\"scim\",\"owner\":\"me\"}"), 400);
        assertProblem(api.post("/api/v1/keys", OWNERS_KEY, "{\"name\":\"x\",\"scope\":\"root\"}"), 400);
        assertThat(api.get("/api/v1/keys?limit=1000", OWNERS_KEY).json().size())
                .as("nothing created")
                .isEqualTo(before);
    }

    @Test
    void only_an_owners_key_creates_service_keys() {
        UUID ws = firstWorkspace();
        String adminsKey = TestKeys.admin();
        keyService.install(adminsKey, ws, member(ws, Role.ADMIN), "admin's key", Actor.SYSTEM);
        String membersKey = TestKeys.admin();
        keyService.install(membersKey, ws, member(ws, Role.MEMBER), "member's key", Actor.SYSTEM);

        assertProblem(api.post("/api/v1/keys", adminsKey, "{\"name\":\"x\",\"scope\":\"scim\"}"), 403);
        assertProblem(
                api.post("/api/v1/keys", adminsKey, "{\"name\":\"x\",\"scope\":\"admin\",\"owner\":\"workspace\"}"),
                403);
        assertProblem(api.post("/api/v1/keys", membersKey, "{\"name\":\"x\",\"scope\":\"scim\"}"), 403);
        assertThat(api.post("/api/v1/keys", adminsKey, "{\"name\":\"the admin's own\",\"scope\":\"admin\"}")
                        .status())
                .as("an Admin's key still makes its owner's keys")
                .isEqualTo(201);
    }

    @Test
    void a_scim_key_never_verifies_for_the_platform_and_the_keys_api_refuses_it() {
        String[] scim = api.create(OWNERS_KEY, "{\"name\":\"Entra\",\"scope\":\"scim\"}");

        Answer verified = api.verify(scim[1]);
        assertThat(verified.status()).isEqualTo(200);
        assertThat(verified.text("code")).isEqualTo("NOT_FOUND");
        assertThat(verified.json().path("valid").asBoolean()).isFalse();
        assertThat(verified.json().path("keyId").isNull())
                .as("nothing of the key is told")
                .isTrue();
        assertThat(verified.json().path("workspaceId").isNull()).isTrue();

        Answer forward = api.get("/api/v1/auth/forward", scim[1]);
        assertThat(forward.status()).isEqualTo(401);
        assertThat(forward.header("X-Verify-Code")).isEqualTo("NOT_FOUND");
        assertThat(forward.header("X-Workspace-Id")).isNullOrEmpty();

        assertProblem(api.get("/api/v1/keys", scim[1]), 403);
        assertProblem(api.get("/api/v1/keys/" + scim[0], scim[1]), 403);
        assertProblem(api.post("/api/v1/keys", scim[1], "{\"name\":\"more\"}"), 403);
        assertProblem(api.post("/api/v1/keys", scim[1], "{\"name\":\"more\",\"scope\":\"scim\"}"), 403);
        assertProblem(api.delete("/api/v1/keys/" + scim[0], scim[1]), 403);
        assertProblem(api.get("/api/v1/me", scim[1]), 403);

        assertThat(api.delete("/api/v1/keys/" + scim[0], OWNERS_KEY).status())
                .as("an Owner's key revokes it")
                .isEqualTo(204);
        assertThat(api.get("/api/v1/keys/" + scim[0], OWNERS_KEY).text("status"))
                .isEqualTo("revoked");
        assertThat(api.code(scim[1])).isEqualTo("NOT_FOUND");
    }

    @Test
    void an_admin_service_key_manages_keys_as_an_owners_key_would_but_makes_and_changes_no_service_keys() {
        String[] bot = api.create(OWNERS_KEY, "{\"name\":\"terraform\",\"scope\":\"admin\",\"owner\":\"workspace\"}");
        String[] scim = api.create(OWNERS_KEY, "{\"name\":\"Okta\",\"scope\":\"scim\"}");
        String[] someones = api.create(OWNERS_KEY, "{\"name\":\"someone's\"}");

        assertThat(api.get("/api/v1/me", bot[1]).status()).isEqualTo(200);
        Answer listed = api.get("/api/v1/keys?limit=1000", bot[1]);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).contains(bot[0], scim[0], someones[0]);
        assertThat(api.delete("/api/v1/keys/" + someones[0], bot[1]).status())
                .as("a member's key: as an Owner's admin key may")
                .isEqualTo(204);

        assertProblem(api.post("/api/v1/keys", bot[1], "{\"name\":\"x\",\"scope\":\"scim\"}"), 403);
        assertProblem(
                api.post("/api/v1/keys", bot[1], "{\"name\":\"x\",\"scope\":\"admin\",\"owner\":\"workspace\"}"), 403);
        assertProblem(api.post("/api/v1/keys", bot[1], "{\"name\":\"x\"}"), 403);
        assertProblem(api.delete("/api/v1/keys/" + scim[0], bot[1]), 403);
        assertProblem(api.post("/api/v1/keys/" + bot[0] + "/roll", bot[1], "{}"), 403);
        assertThat(api.code(scim[1])).isEqualTo("NOT_FOUND");
        assertThat(api.get("/api/v1/keys/" + scim[0], OWNERS_KEY).text("status"))
                .isEqualTo("active");
    }

    private static void assertProblem(Answer a, int status) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.contentType()).startsWith("application/problem+json");
    }

    private UUID firstWorkspace() {
        return tx.execute(s -> db.select(DSL.field("workspace_id", UUID.class))
                .from(DSL.table("memberships"))
                .join(DSL.table("users"))
                .on(DSL.field("users.id", UUID.class).eq(DSL.field("memberships.user_id", UUID.class)))
                .where(DSL.field("users.email", String.class).eq("owner@service-keys.test"))
                .fetchOne(0, UUID.class));
    }

    private UUID member(UUID ws, Role role) {
        return tx.execute(s -> {
            UUID u = users.insert("member-" + UUID.randomUUID() + "@service-keys.test", "Member", "{noop}x", false);
            workspaces.insertMembership(ws, u, role);
            return u;
        });
    }
}
