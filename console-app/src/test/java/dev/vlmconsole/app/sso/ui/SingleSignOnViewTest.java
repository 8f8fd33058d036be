package dev.vlmconsole.app.sso.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._assertOne;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Code;
import com.vaadin.flow.component.select.Select;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.ui.DestructiveConfirmDialog;
import dev.vlmconsole.api.ui.EmptyState;
import dev.vlmconsole.app.layout.AccessDeniedView;
import dev.vlmconsole.app.sso.DomainClaims;
import dev.vlmconsole.app.sso.GroupRoleMappings;
import dev.vlmconsole.app.sso.GroupRoleMappings.Mapping;
import dev.vlmconsole.app.support.KaribuTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The workspace's Single sign-on page: what it says when the console has no single sign-on, its empty
 * states, an Owner claiming, re-roling and withdrawing a domain and mapping groups (each destructive step
 * confirmed), Admins reading without a way to change, and other roles refused the page.
 */
class SingleSignOnViewTest extends KaribuTest {

    @Autowired
    DomainClaims claims;

    @Autowired
    GroupRoleMappings mappings;

    private SingleSignOnView open(Role role) {
        Workspace w = newWorkspace();
        login(newMember(w, role), w);
        navigate(SingleSignOnView.PATH);
        return _get(SingleSignOnView.class);
    }

    @Test
    void without_single_sign_on_the_page_says_who_turns_it_on_and_shows_empty_states() {
        SingleSignOnView page = open(Role.OWNER);

        assertThat(page.getElement().getTextRecursively()).contains("Not configured");
        assertThat(page.status.getText()).contains("not configured").contains("The person who runs the console");
        assertThat(_find(Code.class).stream().map(Code::getText))
                .contains("CONSOLE_OIDC_ISSUER_URI", "CONSOLE_OIDC_CLIENT_ID", "CONSOLE_OIDC_CLIENT_SECRET")
                .anySatisfy(t -> assertThat(t).endsWith("/login/oauth2/code/sso"))
                .anySatisfy(t -> assertThat(t).endsWith("/scim/v2"));
        assertThat(GridKt._size(page.domains)).isZero();
        assertThat(GridKt._size(page.groups)).isZero();
        assertThat(((EmptyState) page.domains.getEmptyStateComponent()).getHeading())
                .isEqualTo("No email domains");
        assertThat(((EmptyState) page.groups.getEmptyStateComponent()).getHeading())
                .isEqualTo("No groups mapped");
        assertThat(page.readOnly.isVisible()).isFalse();
        assertThat(page.scimNote.isVisible())
                .as("no SCIM groups set roles here")
                .isFalse();
        assertThat(_get(Anchor.class, s -> s.withText("Set up SCIM on the Team page"))
                        .getHref())
                .isEqualTo(SingleSignOnView.TEAM_PATH);
    }

    @Test
    void an_owner_asks_for_a_domain_sees_it_pending_changes_its_role_and_withdraws_it_after_confirming() {
        SingleSignOnView page = open(Role.OWNER);
        String domain = "acme-" + unique() + ".example";

        _setValue(page.domain, "gmail.com");
        _click(page.ask);
        assertThat(page.domain.isInvalid()).isTrue();
        assertThat(page.domain.getErrorMessage()).contains("public mail service");

        _setValue(page.domain, domain.toUpperCase());
        _setValue(page.defaultRole, Role.VIEWER);
        _click(page.ask);
        assertThat(page.domain.isInvalid()).isFalse();
        assertThat(page.domain.getValue()).isEmpty();
        assertThat(GridKt._getFormattedRow(page.domains, 0).subList(0, 2)).containsExactly(domain, "Viewer");
        assertThat(cell(page.domains, "status").getElement().getTextRecursively())
                .isEqualTo("Pending approval");

        page.openChangeDefaultRole(GridKt._get(page.domains, 0));
        Dialog dialog = dialogTitled("Default role for " + domain);
        @SuppressWarnings("unchecked")
        Select<Role> role = _get(dialog, Select.class, s -> s.withLabel("Default role"));
        assertThat(role.getListDataView().getItems()).doesNotContain(Role.OWNER);
        _setValue(role, Role.MEMBER);
        _click(_get(dialog, Button.class, s -> s.withText("Save")));
        assertThat(GridKt._getFormattedRow(page.domains, 0).get(1)).isEqualTo("Member");

        page.confirmWithdraw(GridKt._get(page.domains, 0));
        DestructiveConfirmDialog confirm = _get(DestructiveConfirmDialog.class);
        assertThat(confirm.getText()).contains("Another workspace may then claim the domain");
        _click(confirm.getCancelButton());
        assertThat(GridKt._size(page.domains)).isOne();
        page.confirmWithdraw(GridKt._get(page.domains, 0));
        _click(_get(DestructiveConfirmDialog.class).getConfirmButton());
        assertThat(GridKt._size(page.domains)).isZero();
    }

    @Test
    void an_owner_maps_groups_changes_a_role_and_removes_a_mapping_after_confirming() {
        SingleSignOnView page = open(Role.OWNER);

        _setValue(page.group, "   ");
        _click(page.map);
        assertThat(page.group.isInvalid()).isTrue();

        _setValue(page.group, "console-admins");
        _setValue(page.groupRole, Role.ADMIN);
        _click(page.map);
        _setValue(page.group, "Engineering");
        _setValue(page.groupRole, Role.MEMBER);
        _click(page.map);
        assertThat(items(page.groups))
                .containsExactly(new Mapping("Engineering", Role.MEMBER), new Mapping("console-admins", Role.ADMIN));

        page.openChangeGroupRole(new Mapping("Engineering", Role.MEMBER));
        Dialog dialog = dialogTitled("Role of the group Engineering");
        @SuppressWarnings("unchecked")
        Select<Role> role = _get(dialog, Select.class, s -> s.withLabel("Role"));
        _setValue(role, Role.VIEWER);
        _click(_get(dialog, Button.class, s -> s.withText("Save")));
        assertThat(items(page.groups)).contains(new Mapping("Engineering", Role.VIEWER));

        page.confirmRemove(new Mapping("Engineering", Role.VIEWER));
        _click(_get(DestructiveConfirmDialog.class).getConfirmButton());
        assertThat(items(page.groups)).containsExactly(new Mapping("console-admins", Role.ADMIN));
        assertThat(page.groups.getColumnByKey("actions")).isNotNull();
    }

    @Test
    void an_admin_reads_the_settings_without_a_way_to_change_them() {
        Workspace w = newWorkspace();
        login(newMember(w, Role.OWNER), w);
        String domain = "acme-" + unique() + ".example";
        claims.request(domain, Role.MEMBER);
        mappings.put("console-admins", Role.ADMIN);

        login(newMember(w, Role.ADMIN), w);
        navigate(SingleSignOnView.PATH);
        SingleSignOnView page = _get(SingleSignOnView.class);

        assertThat(page.readOnly.isVisible()).isTrue();
        assertThat(GridKt._getFormattedRow(page.domains, 0).subList(0, 2)).containsExactly(domain, "Member");
        assertThat(items(page.groups)).containsExactly(new Mapping("console-admins", Role.ADMIN));
        assertThat(page.domains.getColumnByKey("actions")).isNull();
        assertThat(page.groups.getColumnByKey("actions")).isNull();
        _assertNone(Button.class, s -> s.withText("Ask for approval"));
        _assertNone(Button.class, s -> s.withText("Add mapping"));
        assertThat(((EmptyState) page.domains.getEmptyStateComponent()).getDescription())
                .contains("An Owner of this workspace");
    }

    @Test
    void members_viewers_and_billing_members_are_refused_the_page() {
        for (Role role : List.of(Role.MEMBER, Role.VIEWER, Role.BILLING)) {
            Workspace w = newWorkspace();
            login(newMember(w, role), w);
            navigate(SingleSignOnView.PATH);
            _assertNone(SingleSignOnView.class);
            _assertOne(AccessDeniedView.class);
        }
    }

    private static Dialog dialogTitled(String title) {
        return _get(Dialog.class, s -> s.withPredicate(d -> title.equals(d.getHeaderTitle())));
    }

    private static Component cell(Grid<?> grid, String key) {
        return GridKt._getCellComponent(grid, 0, key);
    }

    private static <T> List<T> items(Grid<T> grid) {
        return grid.getListDataView().getItems().toList();
    }
}
