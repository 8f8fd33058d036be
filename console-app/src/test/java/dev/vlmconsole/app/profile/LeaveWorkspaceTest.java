package dev.vlmconsole.app.profile;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Paragraph;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.api.ui.DestructiveConfirmDialog;
import dev.vlmconsole.api.ui.EmptyState;
import dev.vlmconsole.app.dashboard.DashboardView;
import dev.vlmconsole.app.support.KaribuTest;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** "Leave workspace" on the profile: asked first, refused to the last Owner, then another workspace or none. */
class LeaveWorkspaceTest extends KaribuTest {

    private Optional<WorkspaceRef> membership(Workspace w, TestUser user) {
        return tx.execute(s -> workspaceRepository.membership(w.id(), user.id()));
    }

    @Test
    void a_member_leaves_after_confirming_and_lands_in_their_other_workspace() {
        Workspace first = newWorkspace();
        Workspace second = newWorkspace();
        newMember(first, Role.OWNER);
        TestUser user = newMember(first, Role.MEMBER);
        addMember(second, user, Role.VIEWER);
        login(user, first);
        navigate(ProfileView.class);

        _click(_get(Button.class, s -> s.withText("Leave " + first.name())));
        DestructiveConfirmDialog confirm = _get(DestructiveConfirmDialog.class);
        assertThat(confirm.getHeaderTitle()).isEqualTo("Leave " + first.name() + "?");
        assertThat(confirm.getText()).contains("your API keys in it are revoked");
        _click(confirm.getConfirmButton());

        NotificationsKt.expectNotifications("You left " + first.name());
        assertThat(membership(first, user)).isEmpty();
        assertThat(_get(DashboardView.class)).isNotNull();
        assertThat(_get(Paragraph.class, s -> s.withClasses("subtitle")).getText())
                .isEqualTo("Workspace " + second.name() + " · your role: Viewer");
    }

    @Test
    void leaving_ones_only_workspace_leads_to_the_no_workspace_state() {
        Workspace only = newWorkspace();
        newMember(only, Role.OWNER);
        TestUser user = newMember(only, Role.ADMIN);
        login(user, only);
        navigate(ProfileView.class);

        _click(_get(Button.class, s -> s.withText("Leave " + only.name())));
        _click(_get(DestructiveConfirmDialog.class).getConfirmButton());

        assertThat(membership(only, user)).isEmpty();
        assertThat(_get(EmptyState.class).getHeading()).isEqualTo("You are not a member of any workspace yet");
    }

    @Test
    void cancelling_leaves_nothing() {
        Workspace w = newWorkspace();
        newMember(w, Role.OWNER);
        TestUser user = newMember(w, Role.MEMBER);
        login(user, w);
        navigate(ProfileView.class);

        _click(_get(Button.class, s -> s.withText("Leave " + w.name())));
        _click(_get(DestructiveConfirmDialog.class).getCancelButton());

        assertThat(membership(w, user)).isPresent();
    }

    @Test
    void the_last_owner_is_not_offered_to_leave_and_is_told_why() {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        login(owner, w);
        navigate(ProfileView.class);

        assertThat(_get(LeaveWorkspace.class).text.getText())
                .startsWith("You are the only Owner of " + w.name() + ", so you cannot leave it");
        assertThat(_find(Button.class, s -> s.withText("Leave " + w.name()))).isEmpty();
    }

    @Test
    void one_of_two_owners_may_leave() {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        newMember(w, Role.OWNER);
        login(owner, w);
        navigate(ProfileView.class);

        assertThat(_find(Button.class, s -> s.withText("Leave " + w.name()))).hasSize(1);
    }
}
