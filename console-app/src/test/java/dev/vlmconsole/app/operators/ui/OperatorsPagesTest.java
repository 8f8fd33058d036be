package dev.vlmconsole.app.operators.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._assertOne;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.SortDirection;
import com.vaadin.flow.router.RouterLink;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.ui.EmptyState;
import dev.vlmconsole.app.dashboard.DashboardView;
import dev.vlmconsole.app.layout.AccessDeniedView;
import dev.vlmconsole.app.operators.OperatorWorkspaces.WorkspaceSummary;
import dev.vlmconsole.app.support.KaribuTest;
import dev.vlmconsole.keys.KeyService;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The Operators area in the console: its heading in the side navigation (operators only), the
 * Workspaces page (search by name, member email or key prefix, sort, empty states, links to a
 * workspace), a workspace's page (members; an unknown id), the Operators page (grant with a reason),
 * and non-operators refused on every page.
 */
class OperatorsPagesTest extends KaribuTest {

    @Autowired
    KeyService keys;

    @Test
    void the_operators_pages_are_under_their_own_heading_after_the_workspaces_pages_only_for_operators() {
        Workspace w = newWorkspace();
        TestUser operatorOwner = newOperator();
        addMember(w, operatorOwner, Role.OWNER);
        login(operatorOwner, w);
        navigate(DashboardView.class);

        List<SideNav> navs = _find(SideNav.class);
        assertThat(navs).hasSize(2);
        assertThat(labels(navs.get(0)))
                .containsExactly(
                        "Dashboard",
                        "API keys",
                        "Team",
                        "Billing",
                        "Probe page",
                        "Single sign-on",
                        "Audit log",
                        "Profile");
        SideNav operators = navs.get(1);
        assertThat(operators.getLabel()).isEqualTo("Operators");
        assertThat(operators.isVisible()).isTrue();
        assertThat(labels(operators))
                .containsExactly(
                        "Workspaces",
                        "Operators",
                        "Domain claims",
                        "Platform keys",
                        "Sales requests",
                        "Audit log (install)");
        assertThat(operators.getItems().stream().map(SideNavItem::getPath))
                .containsExactly(
                        "operators/workspaces",
                        "operators/people",
                        "operators/domain-claims",
                        "operators/platform-keys",
                        "operators/sales-requests",
                        "operators/audit");

        login(newMember(w, Role.OWNER), w);
        navigate(DashboardView.class);
        assertThat(_find(SideNav.class))
                .as("an Owner who is no operator: the Operators heading is hidden")
                .hasSize(1)
                .allSatisfy(nav -> assertThat(nav.getLabel()).isNull());
    }

    @Test
    void non_operators_are_refused_every_operators_page() {
        Workspace w = newWorkspace();
        login(newMember(w, Role.OWNER), w);

        for (String path : List.of("operators/workspaces", "operators/people", "operators/workspaces/" + w.id())) {
            navigate(path);
            _assertNone(OperatorWorkspacesView.class);
            _assertNone(OperatorsView.class);
            _assertNone(OperatorWorkspaceView.class);
            _assertOne(AccessDeniedView.class);
        }
    }

    @Test
    void the_workspaces_page_finds_by_name_email_and_key_prefix_and_says_what_it_searched() {
        String tag = unique();
        Workspace acme = newWorkspace("Acme " + tag);
        Workspace beta = newWorkspace("Beta " + tag);
        TestUser owner = newMember(beta, Role.OWNER);
        login(owner, beta);
        String prefix = keys.create(new KeyService.NewKey("ci", null, null, "inference"))
                .key()
                .displayPrefix();
        login(newOperator());
        navigate(OperatorWorkspacesView.class);
        TextField search = _get(TextField.class, s -> s.withLabel("Search"));

        _setValue(search, tag);
        assertThat(rowNames()).containsExactly(acme.name(), beta.name());
        assertThat(_get(OperatorWorkspacesView.class).summary.getText())
                .isEqualTo("2 workspaces with “" + tag + "” in their name or a member's email.");

        _setValue(search, owner.email().toUpperCase());
        assertThat(rowNames()).containsExactly(beta.name());

        _setValue(search, prefix);
        assertThat(rowNames()).containsExactly(beta.name());
        assertThat(_get(OperatorWorkspacesView.class).summary.getText())
                .isEqualTo("1 workspace with a key starting with “" + prefix + "”.");

        _setValue(search, "nothing-" + tag);
        assertThat(GridKt._size(grid())).isZero();
        EmptyState empty = (EmptyState) grid().getEmptyStateComponent();
        assertThat(empty.getElement().getTextRecursively())
                .contains("No workspace found")
                .contains("No workspace name and no member's email contains “nothing-" + tag + "”");

        _setValue(search, "vlm_live_Ab");
        assertThat(((EmptyState) grid().getEmptyStateComponent()).getElement().getTextRecursively())
                .contains("“vlm_live_Ab” is too short to find a key");
    }

    @Test
    void the_workspaces_page_sorts_on_the_server_and_links_each_workspace_to_its_page() {
        String tag = unique();
        Workspace small = newWorkspace("A small " + tag);
        Workspace big = newWorkspace("B big " + tag);
        IntStream.range(0, 3).forEach(i -> newMember(big, Role.MEMBER));
        newMember(small, Role.OWNER);
        login(newOperator());
        navigate(OperatorWorkspacesView.class);
        _setValue(_get(TextField.class, s -> s.withLabel("Search")), tag);
        assertThat(rowNames()).containsExactly(small.name(), big.name());

        GridKt._sortByKey(grid(), "members", SortDirection.DESCENDING);
        assertThat(rowNames()).containsExactly(big.name(), small.name());
        assertThat(GridKt._getFormatted(grid(), 0, "members")).isEqualTo("3");
        assertThat(GridKt._getFormatted(grid(), 0, "lastActivity")).isEqualTo("None yet");
        assertThat(grid().getColumnByKey("plan"))
                .as("the billing module gives the list its plan column")
                .isNotNull();

        RouterLink link = (RouterLink) GridKt._getCellComponent(grid(), 0, "name");
        assertThat(link.getHref()).isEqualTo("operators/workspaces/" + big.id());
        navigate(link.getHref());
        _assertOne(OperatorWorkspaceView.class);
        assertThat(_get(H1.class, s -> s.withText(big.name()))).isNotNull();
    }

    @Test
    void a_workspaces_page_lists_its_members_and_an_unknown_id_says_there_is_no_such_workspace() {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        newMember(w, Role.VIEWER);
        login(newOperator());

        navigate("operators/workspaces/" + w.id());

        @SuppressWarnings("unchecked")
        Grid<?> members = _get(Grid.class, s -> s.withClasses("operators-members"));
        assertThat(GridKt._getFormattedRow(members, 0))
                .containsExactly(owner.displayName(), owner.email(), "Owner", "Never");
        assertThat(GridKt._getFormattedRow(members, 1).get(2)).isEqualTo("Viewer");
        assertThat(_find(H2.class).stream().map(H2::getText)).contains("Members");

        navigate("operators/workspaces/" + UUID.randomUUID());
        assertThat(_get(EmptyState.class).getElement().getTextRecursively()).contains("No such workspace");
        navigate("operators/workspaces/not-an-id");
        assertThat(_get(EmptyState.class).getElement().getTextRecursively()).contains("No such workspace");
    }

    @Test
    void the_operators_page_grants_the_flag_only_with_a_reason_and_to_someone_with_an_account() {
        TestUser me = newOperator();
        TestUser colleague = newUser();
        login(me);
        navigate(OperatorsView.class);

        EmailField email = _get(EmailField.class, s -> s.withLabel("Email"));
        _setValue(email, colleague.email());
        _click(_get(Button.class, s -> s.withText("Make operator…")));
        ReasonDialog dialog = _get(ReasonDialog.class);
        _click(dialog.confirm);
        assertThat(dialog.isOpened()).as("a reason is required").isTrue();
        assertThat(dialog.reason.isInvalid()).isTrue();
        assertThat(dialog.reason.getErrorMessage()).isEqualTo("Give a reason: it is recorded in the audit log.");

        _setValue(_get(dialog, TextArea.class, s -> s.withLabel("Reason")), "Joins the support rota");
        _click(dialog.confirm);
        assertThat(dialog.isOpened()).isFalse();
        boolean operator = tx.execute(s -> userRepository.findById(colleague.id()))
                .orElseThrow()
                .operator();
        assertThat(operator).isTrue();

        _setValue(email, "nobody-" + unique() + "@example.test");
        _click(_get(Button.class, s -> s.withText("Make operator…")));
        ReasonDialog second = _get(ReasonDialog.class);
        _setValue(second.reason, "why not");
        _click(second.confirm);
        assertThat(second.isOpened()).isFalse();
        assertThat(email.isInvalid()).isTrue();
        assertThat(email.getErrorMessage()).startsWith("Nobody has an account with nobody-");
    }

    private static List<String> labels(SideNav nav) {
        return nav.getItems().stream().map(SideNavItem::getLabel).toList();
    }

    @SuppressWarnings("unchecked")
    private static Grid<WorkspaceSummary> grid() {
        return _get(OperatorWorkspacesView.class).grid;
    }

    private static List<String> rowNames() {
        Grid<WorkspaceSummary> g = grid();
        return GridKt._fetch(g, 0, GridKt._size(g)).stream()
                .map(WorkspaceSummary::name)
                .toList();
    }
}
