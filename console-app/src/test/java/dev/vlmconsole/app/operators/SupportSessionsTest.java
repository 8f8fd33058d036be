package dev.vlmconsole.app.operators;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.api.WorkspaceSuspendedException;
import dev.vlmconsole.api.services.Memberships;
import dev.vlmconsole.app.audit.AuditLogService;
import dev.vlmconsole.app.dashboard.DashboardView;
import dev.vlmconsole.app.layout.AccessDeniedView;
import dev.vlmconsole.app.modules.CoreModule;
import dev.vlmconsole.app.security.CurrentConsoleContext;
import dev.vlmconsole.app.support.KaribuTest;
import dev.vlmconsole.keys.KeyService;
import dev.vlmconsole.keys.KeysModule;
import dev.vlmconsole.keys.ui.KeysView;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An operator opening a workspace as support (DD027): the tab acts in that workspace read-only, the
 * server refuses every change whatever the operator's own role there, each opening is in the
 * workspace's audit log for its members to see, and the shell says so with a banner and a way out.
 * Members of a suspended workspace see why, with the reason.
 */
class SupportSessionsTest extends KaribuTest {

    @Autowired
    SupportSessions support;

    @Autowired
    Suspensions suspensions;

    @Autowired
    CurrentConsoleContext context;

    @Autowired
    KeyService keys;

    @Autowired
    Memberships memberships;

    @Autowired
    AuditLogService audit;

    @Test
    void an_operator_opens_a_workspace_as_support_and_reads_it_and_nothing_more() {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        TestUser operator = newOperator();
        login(operator);
        assertThat(context.workspace()).as("no membership, no workspace").isEmpty();

        support.open(w.id(), "Customer asked why their keys fail (ticket 981)");

        assertThat(support.current()).contains(w.id());
        assertThat(context.isSupportSession()).isTrue();
        assertThat(context.workspace()).map(WorkspaceRef::id).contains(w.id());
        assertThat(context.actor().operator())
                .as("the actor is marked as an operator")
                .isTrue();
        assertThat(context.can(KeysModule.READ)).isTrue();
        assertThat(context.can(KeysModule.READ_ALL)).isTrue();
        assertThat(context.can(CoreModule.AUDIT_READ)).isTrue();
        assertThat(context.can(KeysModule.MANAGE_OWN)).isFalse();
        assertThat(context.can(Memberships.MANAGE)).isFalse();

        navigate(KeysView.class);
        LocatorJ._assertOne(KeysView.class);
        LocatorJ._assertNone(AccessDeniedView.class);
        assertThatThrownBy(() -> keys.create(new KeyService.NewKey("support's", null, null, "inference")))
                .isInstanceOf(PermissionDeniedException.class)
                .isNotInstanceOf(WorkspaceSuspendedException.class);
        assertThatThrownBy(() -> memberships.remove(owner.id())).isInstanceOf(PermissionDeniedException.class);

        // its members see that support looked, and why
        login(owner, w);
        List<AuditLogService.Entry> seen = audit.find(AuditLogService.Filter.ALL, 0, 50);
        assertThat(seen)
                .filteredOn(e -> e.action().equals("core.support.opened"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.details()).isEqualTo("Customer asked why their keys fail (ticket 981)");
                    assertThat(e.actor()).contains(operator.email());
                });
    }

    @Test
    void an_operator_who_is_an_owner_there_still_gets_the_read_only_view_until_they_leave() {
        Workspace w = newWorkspace();
        TestUser operator = newOperator();
        addMember(w, operator, Role.OWNER);
        login(operator, w);
        assertThat(context.can(KeysModule.MANAGE_OWN)).isTrue();
        assertThat(context.actor().operator())
                .as("acting as a member: not marked")
                .isFalse();

        support.open(w.id(), "Reproducing a report");
        assertThat(context.can(KeysModule.MANAGE_OWN)).isFalse();
        assertThat(context.workspace().orElseThrow().role()).isEqualTo(Role.VIEWER);

        support.close();
        assertThat(support.current()).isEmpty();
        assertThat(context.isSupportSession()).isFalse();
        assertThat(context.can(KeysModule.MANAGE_OWN)).isTrue();
        assertThat(context.actor().operator()).isFalse();
    }

    @Test
    void only_operators_open_support_sessions_always_with_a_reason() {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        login(owner, w);
        assertThatThrownBy(() -> support.open(w.id(), "curious")).isInstanceOf(PermissionDeniedException.class);
        assertThat(context.isSupportSession()).isFalse();

        login(newOperator());
        assertThatThrownBy(() -> support.open(w.id(), " ")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> support.open(UUID.randomUUID(), "no such")).isInstanceOf(NoSuchElementException.class);
        assertThat(support.current()).isEmpty();
    }

    @Test
    void the_support_banner_names_the_workspace_and_leave_ends_the_session() {
        Workspace w = newWorkspace();
        login(newOperator());
        support.open(w.id(), "Checking the billing page");

        navigate(DashboardView.class);

        Div banner = _get(Div.class, s -> s.withClasses("console-banner-support"));
        assertThat(banner.getElement().getAttribute("role")).isEqualTo("status");
        assertThat(banner.getElement().getTextRecursively())
                .contains("You are viewing " + w.name() + " as support, read-only.")
                .contains("Its members can see in their audit log that you looked.");

        _click(_get(banner, Button.class, s -> s.withText("Leave")));

        assertThat(support.current()).isEmpty();
        assertThat(_find(Div.class, s -> s.withClasses("console-banner-support")))
                .isEmpty();
    }

    @Test
    void members_of_a_suspended_workspace_see_why_and_whom_to_contact() {
        Workspace w = newWorkspace();
        TestUser member = newMember(w, Role.ADMIN);
        login(newOperator());
        suspensions.suspend(w.id(), "Unpaid invoices since March");

        login(member, w);
        navigate(DashboardView.class);

        Div banner = _get(Div.class, s -> s.withClasses("console-banner-suspended"));
        assertThat(banner.getElement().getAttribute("role")).isEqualTo("alert");
        assertThat(banner.getElement().getTextRecursively())
                .isEqualTo("This workspace is suspended by the platform's operators: Unpaid invoices since March."
                        + " You can still read its pages; changes and API calls other than reads are refused."
                        + " Contact your platform's support.");

        login(newOperator());
        suspensions.resume(w.id(), "Paid");
        login(member, w);
        navigate(DashboardView.class);
        assertThat(_find(Div.class, s -> s.withClasses("console-banner-suspended")))
                .isEmpty();
    }
}
