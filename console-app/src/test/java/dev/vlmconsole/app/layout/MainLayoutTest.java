package dev.vlmconsole.app.layout;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.ContextMenuKt;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.menubar.MenuBar;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.component.textfield.TextField;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.app.dashboard.DashboardView;
import dev.vlmconsole.app.profile.ProfileView;
import dev.vlmconsole.app.support.KaribuTest;
import dev.vlmconsole.app.support.ProbeModule;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class MainLayoutTest extends KaribuTest {

    @ParameterizedTest
    @EnumSource(Role.class)
    void side_nav_offers_the_audit_log_only_to_owners_and_admins(Role role) {
        Workspace w = newWorkspace();
        login(newMember(w, role), w);

        navigate(DashboardView.class);

        assertThat(navLabels()).contains("Dashboard");
        assertThat(navLabels().contains("Audit log")).isEqualTo(role == Role.OWNER || role == Role.ADMIN);
    }

    @Test
    void side_nav_offers_only_the_pages_for_any_signed_in_person_outside_any_workspace() {
        login(newUser());

        navigate(DashboardView.class);

        assertThat(navLabels()).containsExactly("Dashboard", "Profile");
    }

    @Test
    void an_operator_outside_any_workspace_is_offered_the_operators_pages_too() {
        login(newOperator());

        navigate(DashboardView.class);

        // the operators' pages under their own heading, after the person's own pages
        assertThat(navLabels())
                .containsExactly(
                        "Dashboard",
                        "Profile",
                        "Workspaces",
                        "Operators",
                        "Domain claims",
                        "Platform keys",
                        "Sales requests",
                        "Audit log (install)");
    }

    @Test
    void side_nav_lists_every_modules_pages_the_console_included_home_first() {
        Workspace w = newWorkspace();
        login(newMember(w, Role.OWNER), w);

        navigate(DashboardView.class);

        // core (order 1000) after keys (10), team (20), billing (30) and the probe module (100); the home page leads
        assertThat(navLabels())
                .containsExactly(
                        "Dashboard",
                        "API keys",
                        "Team",
                        "Billing",
                        ProbeModule.PAGE_TITLE,
                        "Single sign-on",
                        "Audit log",
                        "Profile");
        assertThat(_find(SideNavItem.class).stream().map(SideNavItem::getPath))
                .containsExactly("", "keys", "team", "billing", "probe", "single-sign-on", "audit", "profile");
    }

    @Test
    void the_user_menu_opens_the_profile() {
        Workspace w = newWorkspace();
        login(newMember(w, Role.VIEWER), w);
        navigate(DashboardView.class);

        ContextMenuKt._clickItemWithCaption(_get(MenuBar.class), "Profile");

        LocatorJ._assertOne(ProfileView.class);
    }

    @Test
    void switcher_lists_the_persons_workspaces_and_switching_changes_the_current_one() {
        String tag = unique();
        Workspace alpha = newWorkspace("Alpha " + tag);
        Workspace beta = newWorkspace("Beta " + tag);
        newWorkspace("Gamma " + tag); // not theirs
        TestUser user = newMember(alpha, Role.OWNER);
        addMember(beta, user, Role.VIEWER);
        login(user, alpha);
        navigate(DashboardView.class);

        Select<WorkspaceRef> switcher = switcher();
        assertThat(switcher.getListDataView().getItems().map(WorkspaceRef::name))
                .containsExactly(alpha.name(), beta.name());
        assertThat(switcher.getValue().id()).isEqualTo(alpha.id());

        WorkspaceRef betaRef = switcher.getListDataView()
                .getItems()
                .filter(r -> r.id().equals(beta.id()))
                .findFirst()
                .orElseThrow();
        _setValue(switcher, betaRef, true);

        assertThat(subtitle()).isEqualTo("Workspace " + beta.name() + " · your role: Viewer");
        assertThat(switcher().getValue().id()).isEqualTo(beta.id());
        assertThat(navLabels()).doesNotContain("Audit log");
    }

    @Test
    void new_workspace_dialog_creates_a_workspace_owned_by_the_person_and_switches_to_it() {
        Workspace first = newWorkspace();
        TestUser user = newMember(first, Role.VIEWER);
        login(user, first);
        navigate(DashboardView.class);
        String name = "Created " + unique();

        ContextMenuKt._clickItemWithCaption(_get(MenuBar.class), "New workspace…");
        Dialog dialog = _get(Dialog.class);
        _setValue(_get(dialog, TextField.class, s -> s.withLabel("Workspace name")), name);
        _click(_get(dialog, Button.class, s -> s.withText("Create workspace")));

        LocatorJ._assertNoDialogs();
        assertThat(subtitle()).isEqualTo("Workspace " + name + " · your role: Owner");
        assertThat(switcher().getListDataView().getItems().map(WorkspaceRef::name))
                .contains(name, first.name());
        assertThat(navLabels()).contains("Audit log");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "'   '|Enter a name.",
                "'Acme\r\nINFO forged log line'|Remove line breaks, tabs and invisible formatting characters (such as text direction marks).",
                "'Acme \u202Egnp.exe'|Remove line breaks, tabs and invisible formatting characters (such as text direction marks)."
            })
    void new_workspace_dialog_refuses_a_name_that_breaks_the_name_rule_beside_the_field(
            String refused, String message) {
        Workspace first = newWorkspace();
        TestUser user = newMember(first, Role.OWNER);
        login(user, first);
        navigate(DashboardView.class);

        ContextMenuKt._clickItemWithCaption(_get(MenuBar.class), "New workspace…");
        TextField name = _get(TextField.class, s -> s.withLabel("Workspace name"));
        _setValue(name, refused.translateEscapes());
        _click(_get(Button.class, s -> s.withText("Create workspace")));

        assertThat(name.isInvalid()).isTrue();
        assertThat(name.getErrorMessage()).isEqualTo(message);
        assertThat(_get(Dialog.class).isOpened()).isTrue();
        assertThat(workspaceService.mine()).extracting(WorkspaceRef::id).containsExactly(first.id());
    }

    private static List<String> navLabels() {
        return _find(SideNavItem.class).stream().map(SideNavItem::getLabel).toList();
    }

    @SuppressWarnings("unchecked")
    private static Select<WorkspaceRef> switcher() {
        return _get(Select.class);
    }

    private static String subtitle() {
        return _get(Paragraph.class, s -> s.withClasses("subtitle")).getText();
    }
}
