package dev.vlmconsole.team.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.MockAccessDeniedException;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.GridSortOrder;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.data.provider.SortDirection;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.ui.DestructiveConfirmDialog;
import dev.vlmconsole.api.ui.EmptyState;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Team page's members: what each role sees and may do; the changes go through Memberships. */
class TeamViewTest extends TeamUiTest {

    TestWorkspace w;
    TestPerson owner;
    TestPerson admin;
    TestPerson bob;

    @BeforeEach
    void team() {
        w = newWorkspace();
        owner = member(w, Role.OWNER);
        admin = member(w, Role.ADMIN);
        bob = member(w, Role.MEMBER);
        TEAM.keys.give(bob.id(), "ci-bot", "laptop");
        TEAM.directory.lastActive(bob, Instant.now().minus(Duration.ofMinutes(5)));
    }

    private static TeamView view() {
        return _get(TeamView.class);
    }

    @Test
    void the_grid_shows_each_members_name_email_role_joined_last_active_and_keys() {
        login(owner, w);
        navigate("team");

        assertThat(GridKt._size(view().members)).isEqualTo(3);
        List<String> row = GridKt._getFormattedRow(view().members, rowOf(view().members, bob.email()));
        assertThat(row).contains(bob.email(), "Member", "2026-01-05", "5 minutes ago", "2");
        assertThat(GridKt._getFormattedRow(view().members, rowOf(view().members, admin.email())))
                .contains("Admin", "Never", "0");
        assertThat(view().members.getColumnByKey("held-0").getHeaderText()).isEqualTo("Active keys");
    }

    @Test
    void the_viewers_own_row_says_you() {
        login(admin, w);
        navigate("team");

        var mine = GridKt._getCellComponent(view().members, rowOf(view().members, admin.email()), "name");
        assertThat(_find(mine, Span.class, s -> s.withText("You"))).hasSize(1);
        var theirs = GridKt._getCellComponent(view().members, rowOf(view().members, bob.email()), "name");
        assertThat(_find(theirs, Span.class, s -> s.withText("You"))).isEmpty();
    }

    @Test
    void sorting_by_role_puts_owners_first() {
        login(owner, w);
        navigate("team");

        view().members
                .sort(GridSortOrder.asc(view().members.getColumnByKey("role")).build());

        assertThat(rows(view().members).stream().map(r -> r.get(2))).containsExactly("Owner", "Admin", "Member");
        view().members
                .sort(List.of(new GridSortOrder<>(view().members.getColumnByKey("held-0"), SortDirection.DESCENDING)));
        assertThat(rows(view().members).getFirst()).contains(bob.email());
    }

    @Test
    void filtering_by_role_and_text_narrows_the_list_and_an_empty_result_offers_to_clear() {
        login(owner, w);
        navigate("team");

        _setValue(view().role, Role.ADMIN);
        assertThat(rows(view().members))
                .singleElement()
                .satisfies(r -> assertThat(r).contains(admin.email()));

        view().role.clear();
        _setValue(view().search, bob.email().substring(0, 12).toUpperCase());
        assertThat(rows(view().members))
                .singleElement()
                .satisfies(r -> assertThat(r).contains(bob.email()));

        _setValue(view().search, "nobody-like-this");
        assertThat(GridKt._size(view().members)).isZero();
        EmptyState empty = (EmptyState) view().members.getEmptyStateComponent();
        assertThat(empty.getHeading()).isEqualTo("No members match");
        assertThat(empty.getDescription()).isEqualTo("No name or email contains \"nobody-like-this\".");
        _click(_get(empty, Button.class, s -> s.withText("Clear filters")));
        assertThat(GridKt._size(view().members)).isEqualTo(3);
    }

    @Test
    void the_empty_result_says_which_filters_found_nobody() {
        assertThat(TeamView.noMatch(Role.VIEWER, "")).isEqualTo("Nobody in this workspace is a Viewer.");
        assertThat(TeamView.noMatch(Role.ADMIN, "ann")).isEqualTo("No Admin has a name or email containing \"ann\".");
    }

    @Test
    void an_owner_changes_a_role_in_a_dialog() {
        login(owner, w);
        navigate("team");

        choose(view().members, rowOf(view().members, bob.email()), "Change role");
        Dialog dialog = _get(Dialog.class);
        @SuppressWarnings("unchecked")
        Select<Role> role = _get(dialog, Select.class, s -> s.withLabel("Role"));
        assertThat(role.getListDataView().getItems()).contains(Role.OWNER);
        _setValue(role, Role.ADMIN);
        _click(_get(dialog, Button.class, s -> s.withText("Change role")));

        NotificationsKt.expectNotifications(bob.displayName() + " is now an Admin");
        assertThat(TEAM.directory.member(w.id(), bob.id()).orElseThrow().role()).isEqualTo(Role.ADMIN);
        assertThat(GridKt._getFormattedRow(view().members, rowOf(view().members, bob.email())))
                .contains("Admin");
    }

    @Test
    void an_admin_is_offered_no_owner_role_and_no_actions_on_an_owner() {
        login(admin, w);
        navigate("team");

        assertThat(actions(view().members, rowOf(view().members, owner.email())).getItems())
                .isEmpty();
        assertThat(actions(view().members, rowOf(view().members, bob.email())).getItems())
                .extracting(i -> i.getText())
                .containsExactly("Change role", "Remove");
        choose(view().members, rowOf(view().members, bob.email()), "Change role");
        @SuppressWarnings("unchecked")
        Select<Role> role = _get(_get(Dialog.class), Select.class, s -> s.withLabel("Role"));
        assertThat(role.getListDataView().getItems()).doesNotContain(Role.OWNER);
    }

    @Test
    void a_refused_change_is_said_in_plain_words() {
        login(admin, w);
        navigate("team");
        choose(view().members, rowOf(view().members, bob.email()), "Change role");
        Dialog dialog = _get(Dialog.class);
        @SuppressWarnings("unchecked")
        Select<Role> role = _get(dialog, Select.class, s -> s.withLabel("Role"));
        _setValue(role, Role.VIEWER);

        TEAM.directory.add(w, admin, Role.VIEWER); // demoted meanwhile, in another session
        _click(_get(dialog, Button.class, s -> s.withText("Change role")));

        NotificationsKt.expectNotifications("The role was not changed: you may not do that. Only an Owner changes or "
                + "removes an Owner, or makes someone an Owner.");
        assertThat(TEAM.directory.member(w.id(), bob.id()).orElseThrow().role()).isEqualTo(Role.MEMBER);
    }

    @Test
    void removing_a_member_names_the_keys_that_will_be_revoked_and_asks_first() {
        login(owner, w);
        navigate("team");

        choose(view().members, rowOf(view().members, bob.email()), "Remove");
        DestructiveConfirmDialog confirm = _get(DestructiveConfirmDialog.class);
        assertThat(confirm.getHeaderTitle()).isEqualTo("Remove " + bob.displayName() + "?");
        assertThat(confirm.getText())
                .contains("loses access to " + w.name())
                .contains("Their 2 active keys will be revoked: ci-bot, laptop.");
        _click(confirm.getCancelButton());
        assertThat(TEAM.directory.member(w.id(), bob.id())).isPresent();

        choose(view().members, rowOf(view().members, bob.email()), "Remove");
        confirm();

        NotificationsKt.expectNotifications(bob.displayName() + " removed from " + w.name());
        assertThat(TEAM.directory.member(w.id(), bob.id())).isEmpty();
        assertThat(rows(view().members)).noneSatisfy(r -> assertThat(r).contains(bob.email()));
    }

    @Test
    void removing_someone_without_keys_says_nothing_about_keys() {
        login(owner, w);
        navigate("team");

        choose(view().members, rowOf(view().members, admin.email()), "Remove");

        assertThat(_get(DestructiveConfirmDialog.class).getText()).doesNotContain("keys");
    }

    @Test
    void an_owner_transfers_ownership_after_confirming() {
        login(owner, w);
        navigate("team");

        choose(view().members, rowOf(view().members, admin.email()), "Transfer ownership");
        assertThat(_get(DestructiveConfirmDialog.class).getText()).contains("you become an Admin");
        confirm();

        NotificationsKt.expectNotifications(admin.displayName() + " is now an Owner; you are an Admin");
        assertThat(TEAM.directory.member(w.id(), admin.id()).orElseThrow().role())
                .isEqualTo(Role.OWNER);
        assertThat(TEAM.directory.member(w.id(), owner.id()).orElseThrow().role())
                .isEqualTo(Role.ADMIN);
        assertThat(actions(view().members, rowOf(view().members, admin.email())).getItems())
                .as("an Admin now: no actions on the new Owner")
                .isEmpty();
    }

    @Test
    void a_viewer_sees_the_team_but_no_invite_button_and_no_actions() {
        TestPerson viewer = member(w, Role.VIEWER);
        login(viewer, w);
        navigate("team");

        assertThat(GridKt._size(view().members)).isEqualTo(4);
        assertThat(view().invite.isVisible()).isFalse();
        for (int i = 0; i < 4; i++) {
            assertThat(actions(view().members, i).getItems()).isEmpty();
        }
    }

    @Test
    void billing_members_do_not_see_the_team_page() {
        login(member(w, Role.BILLING), w);

        assertThatThrownBy(() -> navigate("team")).isInstanceOf(MockAccessDeniedException.class);
    }
}
