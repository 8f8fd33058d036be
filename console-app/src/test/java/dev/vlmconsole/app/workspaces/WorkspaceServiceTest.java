package dev.vlmconsole.app.workspaces;

import static dev.vlmconsole.app.db.Tables.AUDIT_LOG;
import static dev.vlmconsole.app.db.Tables.MEMBERSHIPS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.Permission;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.api.events.MemberRemoved;
import dev.vlmconsole.app.modules.CoreModule;
import dev.vlmconsole.app.modules.ModuleRegistry;
import dev.vlmconsole.app.support.ConsoleTest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;

class WorkspaceServiceTest extends ConsoleTest {

    @Autowired
    ConsoleContext context;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    ModuleRegistry registry;

    @Test
    void switching_to_a_workspace_one_is_not_a_member_of_is_refused() {
        Workspace mine = newWorkspace();
        Workspace foreign = newWorkspace();
        newMember(foreign, Role.OWNER);
        login(newMember(mine, Role.MEMBER), mine);

        assertThatThrownBy(() -> workspaceService.switchTo(foreign.id())).isInstanceOf(PermissionDeniedException.class);
        assertThat(context.workspaceId()).isEqualTo(mine.id());
    }

    @Test
    void switching_changes_the_current_workspace_and_role() {
        Workspace a = newWorkspace();
        Workspace b = newWorkspace();
        TestUser user = newMember(a, Role.VIEWER);
        addMember(b, user, Role.ADMIN);
        login(user, a);
        assertThat(context.can(CoreModule.AUDIT_READ)).isFalse();

        workspaceService.switchTo(b.id());

        assertThat(context.workspace()).contains(new WorkspaceRef(b.id(), b.name(), Role.ADMIN));
        assertThat(context.can(CoreModule.AUDIT_READ)).isTrue();
    }

    @Test
    void losing_the_membership_of_the_chosen_workspace_takes_effect_at_the_next_request() {
        Workspace a = newWorkspace("A " + unique());
        Workspace b = newWorkspace("B " + unique());
        TestUser user = newMember(a, Role.MEMBER);
        addMember(b, user, Role.OWNER);
        login(user, b);

        tx.executeWithoutResult(s -> db.deleteFrom(MEMBERSHIPS)
                .where(MEMBERSHIPS.WORKSPACE_ID.eq(b.id()), MEMBERSHIPS.USER_ID.eq(user.id()))
                .execute());
        nextRequest();

        assertThat(context.workspaceId()).isEqualTo(a.id());
        assertThat(context.can(CoreModule.AUDIT_READ)).isFalse();
    }

    @Test
    void a_role_change_takes_effect_at_the_next_request() {
        Workspace w = newWorkspace();
        TestUser user = newMember(w, Role.ADMIN);
        login(user, w);
        assertThat(context.can(CoreModule.AUDIT_READ)).isTrue();

        tx.executeWithoutResult(s -> db.update(MEMBERSHIPS)
                .set(MEMBERSHIPS.ROLE, Role.VIEWER.name())
                .where(MEMBERSHIPS.WORKSPACE_ID.eq(w.id()), MEMBERSHIPS.USER_ID.eq(user.id()))
                .execute());
        assertThat(context.can(CoreModule.AUDIT_READ))
                .as("read once per request")
                .isTrue();
        nextRequest();

        assertThat(context.can(CoreModule.AUDIT_READ)).isFalse();
        assertThat(context.requireWorkspace().role()).isEqualTo(Role.VIEWER);
    }

    @Test
    void a_membership_removed_in_this_request_no_longer_counts_in_it() {
        Workspace w = newWorkspace();
        TestUser user = newMember(w, Role.ADMIN);
        login(user, w);
        assertThat(context.can(CoreModule.AUDIT_READ)).isTrue();

        tx.executeWithoutResult(s -> {
            db.deleteFrom(MEMBERSHIPS)
                    .where(MEMBERSHIPS.WORKSPACE_ID.eq(w.id()), MEMBERSHIPS.USER_ID.eq(user.id()))
                    .execute();
            events.publishEvent(new MemberRemoved(w.id(), user.id(), context.actor(), Instant.now()));
        });

        assertThat(context.workspace()).isEmpty();
        assertThat(context.can(CoreModule.AUDIT_READ)).isFalse();
    }

    @Test
    void a_signed_in_person_holds_the_signed_in_permission_with_or_without_a_workspace() {
        assertThat(context.can(Permissions.SIGNED_IN)).as("nobody signed in").isFalse();
        login(newOperator());
        assertThat(context.workspace()).isEmpty();
        assertThat(context.can(Permissions.SIGNED_IN)).isTrue();

        Workspace w = newWorkspace();
        login(newMember(w, Role.VIEWER), w);
        assertThat(context.can(Permissions.SIGNED_IN)).isTrue();
    }

    @Test
    void mine_lists_only_the_persons_workspaces() {
        Workspace a = newWorkspace();
        Workspace b = newWorkspace();
        newWorkspace();
        TestUser user = newMember(a, Role.MEMBER);
        addMember(b, user, Role.BILLING);
        login(user);

        assertThat(workspaceService.mine()).extracting(WorkspaceRef::id).containsExactlyInAnyOrder(a.id(), b.id());
    }

    @Test
    void an_operator_without_membership_has_no_workspace_and_no_permission() {
        Workspace somebodysElse = newWorkspace();
        newMember(somebodysElse, Role.OWNER);
        login(newOperator());

        assertThat(workspaceService.mine()).isEmpty();
        assertThat(context.workspace()).isEmpty();
        List<Permission> every = registry.modules().stream()
                .flatMap(m -> m.permissions().stream())
                .toList();
        assertThat(every).isNotEmpty().noneMatch(p -> context.can(p.key()));
        assertThatThrownBy(() -> workspaceService.switchTo(somebodysElse.id()))
                .isInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void nobody_signed_in_has_no_workspaces() {
        assertThatThrownBy(() -> workspaceService.mine()).isInstanceOf(PermissionDeniedException.class);
        assertThat(context.workspace()).isEmpty();
    }

    @Test
    void creating_makes_the_person_owner_of_the_new_current_workspace() {
        login(newUser());

        WorkspaceRef created = workspaceService.create("  Fresh " + unique() + " ");

        assertThat(created.role()).isEqualTo(Role.OWNER);
        assertThat(created.name()).startsWith("Fresh ").doesNotEndWith(" ");
        assertThat(context.workspace()).contains(created);
        var entry = db.selectFrom(AUDIT_LOG)
                .where(AUDIT_LOG.WORKSPACE_ID.eq(created.id()))
                .fetchSingle();
        assertThat(entry.getAction()).isEqualTo("core.workspace.created");
        assertThat(entry.getTargetType()).isEqualTo("workspace");
        assertThat(entry.getTargetId()).isEqualTo(created.id().toString());
        assertThat(entry.getTarget()).isEqualTo(created.name());
        assertThatThrownBy(() -> workspaceService.create(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
