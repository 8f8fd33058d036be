package dev.vlmconsole.app.access;

import static dev.vlmconsole.app.db.Tables.AUDIT_LOG;
import static dev.vlmconsole.keys.db.Tables.API_KEYS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.WorkspaceSuspendedException;
import dev.vlmconsole.api.services.PlatformKeyPrincipal;
import dev.vlmconsole.api.services.WorkspaceStatus;
import dev.vlmconsole.app.db.tables.records.AuditLogRecord;
import dev.vlmconsole.app.modules.CoreModule;
import dev.vlmconsole.app.operators.Suspensions;
import dev.vlmconsole.keys.KeyFormat;
import dev.vlmconsole.keys.KeyRepository;
import dev.vlmconsole.keys.KeyService;
import dev.vlmconsole.keys.KeysModule;
import dev.vlmconsole.keys.platform.PlatformKeyService;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A workspace the operators suspend (DD027): who may suspend and resume, with which reason, what is
 * recorded, and what its members and keys meet meanwhile (reads yes, changes refused with the reason,
 * verification {@code SUSPENDED}), in the console and over the machine API, the operators' own calls
 * ({@code /api/v1/operator/workspaces/{id}/suspend} and {@code /resume}) included.
 */
class SuspendedWorkspaceTest extends AccessTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    Suspensions suspensions;

    @Autowired
    WorkspaceStatus status;

    @Autowired
    ConsoleContext context;

    @Autowired
    PlatformKeyService platformKeys;

    // ----------------------------------------------------------------------------- suspend and resume

    @Test
    void an_operator_suspends_with_a_reason_at_once_once_and_on_the_record() {
        Workspace w = newWorkspace();
        TestUser operator = newOperator();
        login(operator);

        assertThat(suspensions.suspend(w.id(), "  Unpaid invoices since March  "))
                .isTrue();

        assertThat(status.isSuspended(w.id()))
                .as("known on this node as the call returns")
                .isTrue();
        assertThat(status.suspension(w.id()).orElseThrow().reason()).isEqualTo("Unpaid invoices since March");
        assertThat(suspensions.suspend(w.id(), "again"))
                .as("already suspended: nothing changes")
                .isFalse();
        List<AuditLogRecord> entries = entries(w, "core.workspace.suspended");
        assertThat(entries).hasSize(1);
        assertThat(entries.getFirst().getDetails()).isEqualTo("Unpaid invoices since March");
        assertThat(entries.getFirst().getActorId()).isEqualTo(operator.id());
        assertThat(entries.getFirst().getTargetId()).isEqualTo(w.id().toString());

        assertThat(suspensions.resume(w.id(), "Paid in full")).isTrue();
        assertThat(status.isSuspended(w.id())).isFalse();
        assertThat(suspensions.resume(w.id(), "Paid in full"))
                .as("already active")
                .isFalse();
        assertThat(entries(w, "core.workspace.resumed"))
                .singleElement()
                .extracting(AuditLogRecord::getDetails)
                .isEqualTo("Paid in full");
    }

    @Test
    void only_operators_suspend_always_with_a_reason_and_only_a_workspace_that_exists() {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        login(owner, w);
        assertThatThrownBy(() -> suspensions.suspend(w.id(), "mine")).isInstanceOf(PermissionDeniedException.class);
        assertThat(status.isSuspended(w.id())).isFalse();

        freshRequest();
        login(newOperator());
        assertThatThrownBy(() -> suspensions.suspend(w.id(), "   "))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.fieldErrors())
                                .singleElement()
                                .satisfies(f -> assertThat(f.field()).isEqualTo("reason")));
        assertThatThrownBy(() -> suspensions.suspend(w.id(), "x".repeat(501)))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> suspensions.suspend(UUID.randomUUID(), "no such"))
                .isInstanceOf(NoSuchElementException.class);
        assertThat(status.isSuspended(w.id())).isFalse();
        assertThat(entries(w, "core.workspace.suspended")).isEmpty();
    }

    // ------------------------------------------------------------------------- members, meanwhile

    @Test
    void members_keep_reading_and_their_changes_are_refused_with_the_reason() {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        suspend(w, "Suspected abuse, see ticket 4411");

        actAs(owner, w);
        assertThat(context.can(KeysModule.READ)).isTrue();
        assertThat(context.can(CoreModule.AUDIT_READ)).isTrue();
        assertThat(context.can(KeysModule.MANAGE_OWN)).isFalse();
        assertThat(keys.list(KeyRepository.Filter.ALL, KeyRepository.SortBy.CREATED, false, 0, 10))
                .isEmpty();
        assertThatThrownBy(() -> keys.create(new KeyService.NewKey("blocked", null, null, "inference")))
                .isInstanceOfSatisfying(WorkspaceSuspendedException.class, e -> {
                    assertThat(e.workspaceId()).isEqualTo(w.id());
                    assertThat(e.reason()).isEqualTo("Suspected abuse, see ticket 4411");
                    assertThat(e.permission()).isEqualTo(KeysModule.MANAGE_OWN);
                });
        assertThat(keyCount(w)).isZero();

        resume(w);
        actAs(owner, w);
        keys.create(new KeyService.NewKey("allowed again", null, null, "inference"));
        assertThat(keyCount(w)).isOne();
    }

    @Test
    void a_permission_the_role_lacks_is_refused_as_before_not_as_suspended() {
        Workspace w = newWorkspace();
        TestUser viewer = newMember(w, Role.VIEWER);
        suspend(w, "Billing dispute");
        actAs(viewer, w);
        assertThatThrownBy(() -> keys.create(new KeyService.NewKey("nope", null, null, "inference")))
                .isInstanceOf(PermissionDeniedException.class)
                .isNotInstanceOf(WorkspaceSuspendedException.class);
    }

    @Test
    void admin_keys_keep_read_calls_and_their_changes_are_a_workspace_suspended_problem() {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        String admin = adminKeyOf(w, owner);
        suspend(w, "Chargeback on invoice 2026-0042");

        assertThat(api().get("/api/v1/keys", admin).status()).isEqualTo(200);
        assertThat(api().get("/api/v1/me", admin).status()).isEqualTo(200);
        MachineApi.Answer refused = api().post("/api/v1/keys", admin, Map.of("name", "refused"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.isProblem()).isTrue();
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.path("type").asText()).endsWith("workspace-suspended");
        assertThat(problem.path("detail").asText()).contains("Chargeback on invoice 2026-0042");
        assertThat(problem.path("workspaceId").asText()).isEqualTo(w.id().toString());
        assertThat(keyCount(w)).as("nothing changed: only the admin key").isOne();
    }

    @Test
    void keys_of_a_suspended_workspace_verify_suspended_until_it_is_resumed() {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        String key = keyFormat.generate(KeyFormat.Scope.INFERENCE);
        keys.install(key, w.id(), owner.id(), "inference", Actor.SYSTEM);
        assertThat(verify(key).path("code").asText()).isEqualTo("VALID");

        suspend(w, "Terms of service");
        JsonNode refused = verify(key);
        assertThat(refused.path("valid").asBoolean()).isFalse();
        assertThat(refused.path("code").asText()).isEqualTo("SUSPENDED");
        assertThat(refused.path("workspaceId").asText()).isEqualTo(w.id().toString());

        resume(w);
        assertThat(verify(key).path("code").asText()).isEqualTo("VALID");
    }

    // ------------------------------------------------------------------------- the operators' API

    @Test
    void an_operator_platform_key_suspends_and_resumes_over_the_api() {
        Workspace w = newWorkspace();
        String operatorKey = platformKeyWithEveryScope();
        String path = "/api/v1/operator/workspaces/" + w.id();

        MachineApi.Answer suspended = api().post(path + "/suspend", operatorKey, Map.of("reason", "Abuse report 77"));
        assertThat(suspended.status()).as(suspended.toString()).isEqualTo(200);
        JsonNode body = JSON.readTree(suspended.body());
        assertThat(body.path("workspaceId").asText()).isEqualTo(w.id().toString());
        assertThat(body.path("suspended").asBoolean()).isTrue();
        assertThat(body.path("reason").asText()).isEqualTo("Abuse report 77");
        assertThat(body.path("since").asText()).isNotBlank();
        assertThat(body.path("changed").asBoolean()).isTrue();
        assertThat(status.isSuspended(w.id())).isTrue();
        assertThat(entries(w, "core.workspace.suspended"))
                .singleElement()
                .satisfies(e -> assertThat(e.getActorKind()).isEqualTo("API_KEY"));

        JsonNode again = JSON.readTree(api().post(path + "/suspend", operatorKey, Map.of("reason", "twice"))
                .body());
        assertThat(again.path("changed").asBoolean()).isFalse();
        assertThat(again.path("reason").asText())
                .as("the first suspension stands")
                .isEqualTo("Abuse report 77");

        MachineApi.Answer resumed = api().post(path + "/resume", operatorKey, Map.of("reason", "Cleared"));
        assertThat(resumed.status()).isEqualTo(200);
        JsonNode after = JSON.readTree(resumed.body());
        assertThat(after.path("suspended").asBoolean()).isFalse();
        assertThat(after.path("changed").asBoolean()).isTrue();
        assertThat(status.isSuspended(w.id())).isFalse();
    }

    @Test
    void the_operators_api_wants_a_reason_and_a_workspace_that_exists() {
        Workspace w = newWorkspace();
        String operatorKey = platformKeyWithEveryScope();

        MachineApi.Answer noReason =
                api().post("/api/v1/operator/workspaces/" + w.id() + "/suspend", operatorKey, Map.of());
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.isProblem()).isTrue();
        assertThat(JSON.readTree(noReason.body())
                        .path("errors")
                        .get(0)
                        .path("field")
                        .asText())
                .isEqualTo("reason");
        MachineApi.Answer unknown = api().post(
                        "/api/v1/operator/workspaces/" + UUID.randomUUID() + "/suspend",
                        operatorKey,
                        Map.of("reason", "who?"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.isProblem()).isTrue();
        assertThat(status.isSuspended(w.id())).isFalse();
    }

    @Test
    void workspace_keys_and_platform_keys_without_the_operator_scope_are_refused() {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        String admin = adminKeyOf(w, owner);
        login(newOperator());
        String usageOnly = platformKeys
                .create("usage only " + unique(), Set.of(PlatformKeyPrincipal.SCOPE_USAGE))
                .secret();
        freshRequest();

        for (String key : List.of(admin, usageOnly)) {
            for (String call : List.of("/suspend", "/resume")) {
                MachineApi.Answer refused =
                        api().post("/api/v1/operator/workspaces/" + w.id() + call, key, Map.of("reason", "try"));
                assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
                assertThat(refused.isProblem()).isTrue();
            }
        }
        assertThat(status.isSuspended(w.id())).isFalse();
        assertThat(entries(w, "core.workspace.suspended")).isEmpty();
    }

    // ------------------------------------------------------------------------------------- helpers

    private void suspend(Workspace w, String reason) {
        freshRequest();
        login(newOperator());
        suspensions.suspend(w.id(), reason);
        freshRequest();
    }

    private void resume(Workspace w) {
        freshRequest();
        login(newOperator());
        suspensions.resume(w.id(), "Resolved");
        freshRequest();
    }

    private String platformKeyWithEveryScope() {
        String secret = keyFormat.generatePlatform();
        platformKeys.install(secret, "operator tool " + unique());
        return secret;
    }

    private JsonNode verify(String key) {
        return JSON.readTree(
                api().post("/api/v1/keys/verify", key, Map.of("key", key)).body());
    }

    private List<AuditLogRecord> entries(Workspace w, String action) {
        return tx.execute(s -> db.selectFrom(AUDIT_LOG)
                .where(AUDIT_LOG.WORKSPACE_ID.eq(w.id()), AUDIT_LOG.ACTION.eq(action))
                .orderBy(AUDIT_LOG.ID)
                .fetch());
    }

    private int keyCount(Workspace w) {
        return tx.execute(s -> db.fetchCount(API_KEYS, API_KEYS.WORKSPACE_ID.eq(w.id())));
    }
}
