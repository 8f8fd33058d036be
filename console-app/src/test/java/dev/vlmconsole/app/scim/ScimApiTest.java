package dev.vlmconsole.app.scim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.api.services.PendingInvitations;
import dev.vlmconsole.api.services.SignInOptions;
import dev.vlmconsole.app.account.UserRepository;
import dev.vlmconsole.app.sso.GroupRoleMappings;
import dev.vlmconsole.app.workspaces.WorkspaceRepository;
import dev.vlmconsole.app.workspaces.WorkspaceService;
import dev.vlmconsole.keys.KeyFormat;
import dev.vlmconsole.keys.KeyService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * SCIM 2.0 over real HTTP against a running console: an identity provider's scripted runs (Okta's
 * style, then Microsoft Entra ID's), the removed member's key verifying REVOKED, tenant isolation of
 * SCIM keys, who may call SCIM and what a SCIM key may not do, filter errors, groups setting roles and
 * the last Owner kept.
 *
 * <p>SCIM keys are the keys module's service keys, created on the keys API as an Owner would. Group
 * mappings, sign-in options and provisioned invitations are test doubles of their interfaces.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:scim_api;DB_CLOSE_DELAY=-1",
            "console.security.bcrypt-cost=4",
            "console.plugins-dir=target/no-plugins"
        })
class ScimApiTest {

    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final KeyFormat FORMAT = new KeyFormat("vlm");

    @TestConfiguration
    static class Doubles {
        /** Group mappings: workspace to group to role. */
        static final Map<UUID, Map<String, Role>> MAPPINGS = new ConcurrentHashMap<>();

        static final AtomicBoolean SSO = new AtomicBoolean();
        static final List<String> PROVISIONED = new CopyOnWriteArrayList<>();
        static final List<String> REVOKED = new CopyOnWriteArrayList<>();

        @Bean
        @Primary // over the real one once i11-ssoadmin, i11-sso or i11-team is merged
        GroupRoleMappings testMappings() {
            return new GroupRoleMappings() {
                @Override
                public List<Mapping> ofCurrentWorkspace() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public Mapping put(String group, Role role) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void remove(String group) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public Optional<Role> roleFor(UUID workspaceId, Collection<String> groups) {
                    Map<String, Role> m = MAPPINGS.getOrDefault(workspaceId, Map.of());
                    return groups.stream()
                            .map(m::get)
                            .filter(r -> r != null)
                            .min(Enum::compareTo); // OWNER first: the highest
                }
            };
        }

        @Bean
        @Primary // over the real one once i11-ssoadmin, i11-sso or i11-team is merged
        SignInOptions testSignIn() {
            return new SignInOptions() {
                @Override
                public boolean ssoEnabled() {
                    return SSO.get();
                }

                @Override
                public boolean passwordsAllowed() {
                    return true;
                }

                @Override
                public String ssoButtonLabel() {
                    return "Sign in with SSO";
                }

                @Override
                public String ssoSignInUrl(String continueTo) {
                    return "oauth2/authorization/sso";
                }
            };
        }

        @Bean
        @Primary // over the real one once i11-ssoadmin, i11-sso or i11-team is merged
        PendingInvitations testInvitations() {
            return new PendingInvitations() {
                @Override
                public List<Pending> pendingFor(String email) {
                    return List.of();
                }

                @Override
                public void accept(UUID invitationId, UUID userId) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public Pending provision(String email, Role role) {
                    PROVISIONED.add(email + " as " + role);
                    return new Pending(UUID.randomUUID(), UUID.randomUUID(), email, role, Instant.now(), null);
                }

                @Override
                public int revokeProvisioned(String email) {
                    REVOKED.add(email);
                    return 1;
                }
            };
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    KeyService keyService;

    @Autowired
    DSLContext db;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    WorkspaceService workspaces;

    @Autowired
    WorkspaceRepository workspaceRepository;

    @Autowired
    UserRepository users;

    private final HttpClient http = HttpClient.newHttpClient();

    /** A workspace with its Owner and its SCIM key. */
    record Tenant(UUID id, UUID owner, String scimKey, UUID scimKeyId) {}

    Tenant a;
    Tenant b;

    @BeforeEach
    void setUp() {
        a = tenant("a");
        b = tenant("b");
        Doubles.SSO.set(false);
    }

    @Test
    void an_okta_style_run_adds_finds_deactivates_reactivates_and_deletes_and_the_leavers_key_is_revoked() {
        UUID person = account("okta-person");
        String email = emailOf(person);
        String key = inferenceKeyFor(a.id(), person, true); // a member already, with a key
        assertThat(verify(key)).isEqualTo("VALID");

        // Okta looks the person up first: members count as SCIM users, not only those SCIM created
        JsonNode found = get(a, "/Users?filter=" + encode("userName eq \"" + email + "\""));
        assertThat(found.path("totalResults").asInt()).isEqualTo(1);
        JsonNode listed = found.path("Resources").get(0);
        String id = listed.path("id").asText();
        assertThat(listed.path("active").asBoolean()).isTrue();
        assertThat(listed.path("userName").asText()).isEqualTo(email);

        // a new colleague with an account elsewhere: created, and a Member
        UUID colleague = account("okta-colleague");
        Answer created = send(a, "POST", "/Users", userJson(emailOf(colleague), "okta-ext-1", true));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.contentType()).startsWith("application/scim+json");
        String colleagueId = created.json().path("id").asText();
        assertThat(created.header("Location")).endsWith("/scim/v2/Users/" + colleagueId);
        assertThat(roleOf(a.id(), colleague)).contains(Role.MEMBER);
        // retried: the same user, 200
        Answer retried = send(a, "POST", "/Users", userJson(emailOf(colleague), "okta-ext-1", true));
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.json().path("id").asText()).isEqualTo(colleagueId);
        // someone else claiming the address: 409 uniqueness
        Answer clash = send(a, "POST", "/Users", userJson(emailOf(colleague), "okta-ext-2", true));
        assertScimError(clash, 409, "uniqueness");

        // Okta deactivates with a path-less replace
        Answer deactivated = send(
                a,
                "PATCH",
                "/Users/" + id,
                "{\"schemas\":[\"" + PATCH_OP
                        + "\"],\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}");
        assertThat(deactivated.status()).as(deactivated.body()).isEqualTo(200);
        assertThat(deactivated.json().path("active").asBoolean()).isFalse();
        assertThat(roleOf(a.id(), person)).isEmpty();
        assertThat(verify(key)).as("the removed member's key").isEqualTo("REVOKED");
        assertThat(sessionEpochOf(person))
                .as("their sessions end at their next request")
                .isGreaterThan(0);
        JsonNode inactive = get(a, "/Users/" + id);
        assertThat(inactive.path("active").asBoolean())
                .as("readable as inactive")
                .isFalse();
        assertThat(audit(a.id(), "core.member.removed")).contains("SCIM key Okta");

        // re-activated with a PUT: a Member again, without keys
        Answer reactivated = send(a, "PUT", "/Users/" + id, userJson(email, "okta-ext-0", true));
        assertThat(reactivated.status()).as(reactivated.body()).isEqualTo(200);
        assertThat(reactivated.json().path("active").asBoolean()).isTrue();
        assertThat(reactivated.json().path("externalId").asText()).isEqualTo("okta-ext-0");
        assertThat(roleOf(a.id(), person)).contains(Role.MEMBER);
        assertThat(verify(key)).isEqualTo("REVOKED");

        // deleted: gone (404), not a member
        assertThat(send(a, "DELETE", "/Users/" + id, null).status()).isEqualTo(204);
        assertScimError(send(a, "GET", "/Users/" + id, null), 404, null);
        assertThat(roleOf(a.id(), person)).isEmpty();
        assertThat(get(a, "/Users?filter=" + encode("userName eq \"" + email + "\""))
                        .path("totalResults")
                        .asInt())
                .isZero();
        assertThat(audit(a.id(), "core.scim.user_deleted")).contains("SCIM key Okta");
    }

    @Test
    void an_entra_style_run_with_capitalised_ops_and_string_booleans() {
        UUID person = account("entra-person");
        String email = emailOf(person);
        Answer created = send(a, "POST", "/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"externalId":"entra-1",
                 "userName":"%s","active":true,"displayName":"Entra Person",
                 "emails":[{"primary":true,"type":"work","value":"%s"}],
                 "name":{"formatted":"Entra Person","familyName":"Person","givenName":"Entra"}}
                """.formatted(email, email));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asText();
        String key = inferenceKeyFor(a.id(), person, false);

        // Entra checks with a filter on externalId too
        assertThat(get(a, "/Users?filter=" + encode("externalId eq \"entra-1\""))
                        .path("totalResults")
                        .asInt())
                .isEqualTo(1);
        Answer renamed = send(a, "PATCH", "/Users/" + id, """
                {"schemas":["%s"],"Operations":[
                  {"op":"Replace","path":"name.givenName","value":"Entra2"},
                  {"op":"Add","path":"displayName","value":"Entra Two"}]}
                """.formatted(PATCH_OP));
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.json().path("name").path("givenName").asText()).isEqualTo("Entra2");
        assertThat(renamed.json().path("displayName").asText()).isEqualTo("Entra Two");

        Answer disabled = send(a, "PATCH", "/Users/" + id, """
                {"schemas":["%s"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}
                """.formatted(PATCH_OP));
        assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
        assertThat(disabled.json().path("active").asBoolean()).isFalse();
        assertThat(roleOf(a.id(), person)).isEmpty();
        assertThat(verify(key)).isEqualTo("REVOKED");

        Answer enabled = send(a, "PATCH", "/Users/" + id, """
                {"schemas":["%s"],"Operations":[{"op":"Replace","path":"active","value":"True"}]}
                """.formatted(PATCH_OP));
        assertThat(enabled.json().path("active").asBoolean()).isTrue();
        assertThat(roleOf(a.id(), person)).contains(Role.MEMBER);

        assertThat(send(a, "DELETE", "/Users/" + id, null).status()).isEqualTo(204);
        assertThat(roleOf(a.id(), person)).isEmpty();
        assertScimError(send(a, "DELETE", "/Users/" + id, null), 404, null);
    }

    @Test
    void a_person_without_an_account_is_invited_with_sso_off_and_gets_a_passwordless_account_with_sso_on() {
        String invited = "invited-" + UUID.randomUUID() + "@scim.test";
        Answer pending = send(a, "POST", "/Users", userJson(invited, null, true));
        assertThat(pending.status()).as(pending.body()).isEqualTo(201);
        assertThat(pending.json().path("active").asBoolean()).isTrue();
        assertThat(Doubles.PROVISIONED).contains(invited + " as MEMBER");
        assertThat(accountOf(invited)).isEmpty();
        // deactivating a pending user revokes the invitation
        String pendingId = pending.json().path("id").asText();
        send(
                a,
                "PATCH",
                "/Users/" + pendingId,
                "{\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}");
        assertThat(Doubles.REVOKED).contains(invited);

        Doubles.SSO.set(true);
        String newcomer = "newcomer-" + UUID.randomUUID() + "@scim.test";
        Answer created = send(a, "POST", "/Users", userJson(newcomer, null, true));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        UUID account = tx.execute(s -> users.findByEmail(newcomer).orElseThrow().id());
        assertThat(roleOf(a.id(), account)).contains(Role.MEMBER);
        assertThat(audit(a.id(), "core.scim.account_created")).contains("SCIM key Okta");
    }

    @Test
    void a_workspaces_scim_key_sees_and_changes_only_its_own_users_and_groups() {
        UUID person = account("isolated");
        String id = send(a, "POST", "/Users", userJson(emailOf(person), "iso-1", true))
                .json()
                .path("id")
                .asText();
        String group = send(
                        a, "POST", "/Groups", "{\"displayName\":\"Team A\",\"members\":[{\"value\":\"" + id + "\"}]}")
                .json()
                .path("id")
                .asText();

        assertScimError(send(b, "GET", "/Users/" + id, null), 404, null);
        assertScimError(send(b, "PUT", "/Users/" + id, userJson(emailOf(person), "iso-1", false)), 404, null);
        assertScimError(
                send(
                        b,
                        "PATCH",
                        "/Users/" + id,
                        "{\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}"),
                404,
                null);
        assertScimError(send(b, "DELETE", "/Users/" + id, null), 404, null);
        assertScimError(send(b, "GET", "/Groups/" + group, null), 404, null);
        assertScimError(send(b, "DELETE", "/Groups/" + group, null), 404, null);
        assertScimError(
                send(b, "POST", "/Groups", "{\"displayName\":\"Steal\",\"members\":[{\"value\":\"" + id + "\"}]}"),
                400,
                "invalidValue");
        assertThat(get(b, "/Users").path("Resources").toString()).doesNotContain(emailOf(person));
        assertThat(get(b, "/Groups").path("totalResults").asInt()).isZero();
        assertThat(roleOf(a.id(), person)).contains(Role.MEMBER);
    }

    @Test
    void only_a_scim_key_calls_scim_and_a_scim_key_calls_nothing_else() {
        Answer none = raw("GET", "/scim/v2/Users", null, null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(none.contentType()).startsWith("application/scim+json");
        assertThat(none.json().path("schemas").get(0).asText())
                .isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");

        assertThat(raw("GET", "/scim/v2/Users", FORMAT.generate(KeyFormat.Scope.ADMIN), null)
                        .status())
                .as("an unknown key")
                .isEqualTo(401);

        String admin = FORMAT.generate(KeyFormat.Scope.ADMIN);
        keyService.install(admin, a.id(), a.owner(), "Automation", Actor.SYSTEM);
        Answer adminOnScim = raw("GET", "/scim/v2/Users", admin, null);
        assertThat(adminOnScim.status()).as("an admin key").isEqualTo(403);
        assertThat(adminOnScim.contentType()).startsWith("application/scim+json");

        Answer scimOnApi = raw("GET", "/api/v1/keys", a.scimKey(), null);
        assertThat(scimOnApi.status()).isEqualTo(403);
        assertThat(scimOnApi.contentType()).startsWith("application/problem+json");
        assertThat(raw("GET", "/api/v1/me", a.scimKey(), null).status()).isEqualTo(403);
        assertThat(raw("POST", "/api/v1/keys", a.scimKey(), "{\"name\":\"x\"}").status())
                .isEqualTo(403);
    }

    @Test
    void filters_are_parsed_by_the_sdk_and_bad_ones_are_invalid_filter() {
        assertScimError(send(a, "GET", "/Users?filter=" + encode("userName eq"), null), 400, "invalidFilter");
        assertScimError(send(a, "GET", "/Users?filter=" + encode("userName xx \"a\""), null), 400, "invalidFilter");
        assertScimError(
                send(a, "GET", "/Groups?filter=" + encode("(displayName eq \"x\""), null), 400, "invalidFilter");
        String ownerEmail = emailOf(a.owner());
        JsonNode owners = get(
                a, "/Users?filter=" + encode("userName eq \"" + ownerEmail.toUpperCase() + "\" and active eq true"));
        assertThat(owners.path("totalResults").asInt())
                .as("userName compares case-insensitively")
                .isEqualTo(1);
        JsonNode page = get(a, "/Users?startIndex=1&count=0");
        assertThat(page.path("totalResults").asInt()).isEqualTo(1);
        assertThat(page.path("Resources").size()).isZero();
    }

    @Test
    void mapped_groups_set_roles_and_the_last_owner_is_kept() {
        Doubles.MAPPINGS.put(a.id(), Map.of("Admins", Role.ADMIN, "Everyone", Role.MEMBER, "Owners", Role.OWNER));
        UUID person = account("grouped");
        String id = send(a, "POST", "/Users", userJson(emailOf(person), "g-1", true))
                .json()
                .path("id")
                .asText();
        Answer admins =
                send(a, "POST", "/Groups", "{\"displayName\":\"Admins\",\"members\":[{\"value\":\"" + id + "\"}]}");
        assertThat(admins.status()).as(admins.body()).isEqualTo(201);
        assertThat(roleOf(a.id(), person)).contains(Role.ADMIN);
        String adminsId = admins.json().path("id").asText();
        assertThat(get(a, "/Users/" + id).path("groups").get(0).path("display").asText())
                .isEqualTo("Admins");

        // Okta removes the member with a value filter
        Answer removed = send(a, "PATCH", "/Groups/" + adminsId, """
                {"schemas":["%s"],"Operations":[{"op":"remove","path":"members[value eq \\"%s\\"]"}]}
                """.formatted(PATCH_OP, id));
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(removed.json().path("members").size()).isZero();
        assertThat(roleOf(a.id(), person)).contains(Role.MEMBER);
        // Entra adds with a list
        Answer added = send(a, "PATCH", "/Groups/" + adminsId, """
                {"schemas":["%s"],"Operations":[{"op":"Add","path":"members","value":[{"value":"%s"}]}]}
                """.formatted(PATCH_OP, id));
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(roleOf(a.id(), person)).contains(Role.ADMIN);
        assertThat(audit(a.id(), "core.member.role_changed")).contains("SCIM key Okta");

        // the workspace's only Owner pushed into a group that maps to Member: refused, nothing changed
        String ownerId = get(a, "/Users?filter=" + encode("userName eq \"" + emailOf(a.owner()) + "\""))
                .path("Resources")
                .get(0)
                .path("id")
                .asText();
        Answer everyone = send(
                a, "POST", "/Groups", "{\"displayName\":\"Everyone\",\"members\":[{\"value\":\"" + ownerId + "\"}]}");
        assertScimError(everyone, 409, null);
        assertThat(everyone.json().path("detail").asText()).contains("Owner");
        assertThat(roleOf(a.id(), a.owner())).contains(Role.OWNER);
        assertThat(get(a, "/Groups?filter=" + encode("displayName eq \"Everyone\""))
                        .path("totalResults")
                        .asInt())
                .isZero();
        // and deleting the group takes its role away
        assertThat(send(a, "DELETE", "/Groups/" + adminsId, null).status()).isEqualTo(204);
        assertThat(roleOf(a.id(), person)).contains(Role.MEMBER);
    }

    @Test
    void the_discovery_endpoints_say_what_is_supported() {
        JsonNode config = get(a, "/ServiceProviderConfig");
        assertThat(config.path("patch").path("supported").asBoolean()).isTrue();
        assertThat(config.path("filter").path("supported").asBoolean()).isTrue();
        assertThat(config.path("filter").path("maxResults").asInt()).isEqualTo(ScimProvisioning.MAX_RESULTS);
        assertThat(config.path("bulk").path("supported").asBoolean()).isFalse();
        assertThat(config.path("sort").path("supported").asBoolean()).isFalse();
        assertThat(config.path("etag").path("supported").asBoolean()).isFalse();
        assertThat(config.path("changePassword").path("supported").asBoolean()).isFalse();
        assertThat(config.path("authenticationSchemes").get(0).path("type").asText())
                .isEqualTo("oauthbearertoken");
        assertThat(get(a, "/ResourceTypes").path("totalResults").asInt()).isEqualTo(2);
        JsonNode schemas = get(a, "/Schemas");
        assertThat(schemas.path("totalResults").asInt()).isEqualTo(2);
        assertThat(schemas.toString()).contains("userName").doesNotContain("phoneNumbers");
        assertScimError(send(a, "GET", "/Nothing", null), 404, null);
    }

    @Test
    void bad_input_is_a_scim_error_and_changes_nothing() {
        assertScimError(send(a, "POST", "/Users", "{not json"), 400, "invalidSyntax");
        assertScimError(send(a, "POST", "/Users", "{\"userName\":\"not-an-email\"}"), 400, "invalidValue");
        assertScimError(
                send(a, "POST", "/Users", "{\"userName\":\"x@y.test\",\"active\":\"maybe\"}"), 400, "invalidValue");
        assertThat(accountOf("x@y.test")).isEmpty();
        String ownerId = get(a, "/Users").path("Resources").get(0).path("id").asText();
        assertScimError(send(a, "PUT", "/Users/" + ownerId, userJson("other@y.test", null, true)), 400, "mutability");
        assertScimError(send(a, "PATCH", "/Users/" + ownerId, "{\"Operations\":[]}"), 400, "invalidSyntax");
        assertScimError(
                send(a, "PATCH", "/Users/" + ownerId, "{\"Operations\":[{\"op\":\"jump\",\"path\":\"active\"}]}"),
                400,
                "invalidSyntax");
        assertScimError(
                send(
                        a,
                        "PATCH",
                        "/Users/" + ownerId,
                        "{\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}"),
                409,
                null);
        assertThat(roleOf(a.id(), a.owner())).as("the last Owner stays").contains(Role.OWNER);
        assertScimError(send(a, "GET", "/Users/not-a-uuid", null), 404, null);
    }

    // ---- helpers ----------------------------------------------------------------------------------

    /** A workspace, its Owner, and its SCIM key, created by the Owner's admin key on the keys API. */
    private Tenant tenant(String name) {
        UUID owner = account("owner-" + name);
        UUID ws = tx.execute(s -> workspaces.createWithOwner("SCIM " + name + " " + owner, owner));
        String admin = FORMAT.generate(KeyFormat.Scope.ADMIN);
        keyService.install(admin, ws, owner, "Owner's automation", Actor.SYSTEM);
        Answer created = raw("POST", "/api/v1/keys", admin, "{\"name\":\"Okta\",\"scope\":\"scim\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("secret").asText()).startsWith("vlm_admin_");
        return new Tenant(
                ws,
                owner,
                created.json().path("secret").asText(),
                UUID.fromString(created.json().path("key").path("id").asText()));
    }

    private UUID account(String name) {
        return tx.execute(s -> users.insert(name + "-" + UUID.randomUUID() + "@scim.test", name, "{noop}x", false));
    }

    private Optional<UUID> accountOf(String email) {
        return tx.execute(s -> users.findByEmail(email).map(UserRepository.UserRow::id));
    }

    private String emailOf(UUID userId) {
        return tx.execute(s -> users.findById(userId).orElseThrow().email());
    }

    private int sessionEpochOf(UUID userId) {
        return tx.execute(s -> users.findById(userId).orElseThrow().sessionEpoch());
    }

    /** An inference key of {@code userId} in {@code ws} (a member added first when asked). */
    private String inferenceKeyFor(UUID ws, UUID userId, boolean addMember) {
        if (addMember) {
            tx.executeWithoutResult(s -> workspaceRepository.insertMembership(ws, userId, Role.MEMBER));
        }
        String secret = FORMAT.generate(KeyFormat.Scope.INFERENCE);
        keyService.install(secret, ws, userId, "Laptop", Actor.SYSTEM);
        return secret;
    }

    private Optional<Role> roleOf(UUID ws, UUID userId) {
        return tx.execute(s -> workspaceRepository.membership(ws, userId).map(WorkspaceRef::role));
    }

    private String audit(UUID ws, String action) {
        List<String> actors = tx.execute(s -> db.select(DSL.field("actor_name", String.class))
                .from(DSL.table("audit_log"))
                .where(DSL.field("workspace_id", UUID.class).eq(ws))
                .and(DSL.field("action", String.class).eq(action))
                .fetch(DSL.field("actor_name", String.class)));
        return String.join("\n", actors);
    }

    private static String userJson(String email, String externalId, boolean active) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + email + "\""
                + (externalId == null ? "" : ",\"externalId\":\"" + externalId + "\"") + ",\"active\":" + active
                + ",\"name\":{\"givenName\":\"Given\",\"familyName\":\"Family\"}}";
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void assertScimError(Answer a, int status, String scimType) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.contentType()).startsWith("application/scim+json");
        JsonNode json = a.json();
        assertThat(json.path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(json.path("status").asText()).isEqualTo(Integer.toString(status));
        if (scimType != null) {
            assertThat(json.path("scimType").asText()).isEqualTo(scimType);
        }
        assertThat(a.body()).doesNotContain("Exception");
    }

    private JsonNode get(Tenant t, String path) {
        Answer answer = send(t, "GET", path, null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private Answer send(Tenant t, String method, String path, String body) {
        return raw(method, "/scim/v2" + path, t.scimKey(), body);
    }

    private String verify(String key) {
        return raw("POST", "/api/v1/keys/verify", null, "{\"key\":\"" + key + "\"}")
                .json()
                .path("code")
                .asText();
    }

    record Answer(int status, String contentType, String body, HttpHeaders headers) {
        String header(String name) {
            return headers.firstValue(name).orElse("");
        }

        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private Answer raw(String method, String path, String bearer, String body) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            r.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            r.header("Content-Type", path.startsWith("/scim") ? "application/scim+json" : "application/json");
        }
        try {
            HttpResponse<String> response = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.body(),
                    response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
