package dev.vlmconsole.team.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.contextmenu.MenuItem;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.textfield.TextField;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.ui.DestructiveConfirmDialog;
import dev.vlmconsole.api.ui.StatusBadge;
import dev.vlmconsole.team.Invitations;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.util.EnumSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Invitations tab: pending and expired invitations, resend, revoke, history, allowed domains. */
class InvitationsListTest extends TeamUiTest {

    TestWorkspace w;
    TestPerson owner;

    @BeforeEach
    void invitations() {
        w = newWorkspace();
        owner = member(w, Role.OWNER);
        login(owner, w);
        TEAM.invitations.invite("pending@example.test", Role.MEMBER);
        TEAM.invitations.invite("late@example.test", Role.VIEWER);
        TEAM.invitations.expire("late@example.test");
        TEAM.invitations.invite("gone@example.test", Role.MEMBER);
        TEAM.invitations.revoke(TEAM.invitations.list(EnumSet.allOf(Invitations.Status.class)).stream()
                .filter(i -> i.email().equals("gone@example.test"))
                .findFirst()
                .orElseThrow()
                .id());
    }

    private InvitationsList list(TestPerson who) {
        login(who, w);
        navigate("team");
        TeamView view = _get(TeamView.class);
        view.tabs.setSelectedIndex(1);
        return view.invitationsList;
    }

    @Test
    void pending_and_expired_invitations_are_listed_with_their_status() {
        InvitationsList list = list(owner);

        assertThat(GridKt._size(list.grid)).isEqualTo(2);
        int late = rowOf(list.grid, "late@example.test");
        assertThat(GridKt._getFormattedRow(list.grid, late)).contains("Viewer", owner.displayName());
        assertThat(((StatusBadge) GridKt._getCellComponent(list.grid, late, "status")).getText())
                .isEqualTo("Expired");
        int pending = rowOf(list.grid, "pending@example.test");
        assertThat(GridKt._getFormattedRow(list.grid, pending)).contains("in 7 days");
        assertThat(_get(TeamView.class).tabs.getTabAt(1).getLabel()).isEqualTo("Invitations (1)");

        _setValue(list.show, InvitationsList.Show.REVOKED);
        assertThat(rows(list.grid)).singleElement().satisfies(r -> assertThat(r).contains("gone@example.test"));
        assertThat(actions(list.grid, 0).getItems())
                .as("history has no actions")
                .isEmpty();
    }

    @Test
    void resending_sends_a_new_link_and_the_old_one_stops_working() {
        String old = TEAM.invitations.tokenFor("late@example.test");
        InvitationsList list = list(owner);

        choose(list.grid, rowOf(list.grid, "late@example.test"), "Resend");

        NotificationsKt.expectNotifications("Invitation sent again to late@example.test");
        assertThat(TEAM.invitations.open(old)).isEqualTo(new Invitations.Link.Closed(Invitations.Link.Reason.REPLACED));
        assertThat(((StatusBadge) GridKt._getCellComponent(list.grid, rowOf(list.grid, "late@example.test"), "status"))
                        .getText())
                .isEqualTo("Pending");
    }

    @Test
    void an_email_that_was_not_delivered_says_so_and_offers_the_resend_first() {
        TEAM.invitations.setDelivery("pending@example.test", Invitations.EmailDelivery.FAILED);
        InvitationsList list = list(owner);

        int pending = rowOf(list.grid, "pending@example.test");
        StatusBadge badge = (StatusBadge) GridKt._getCellComponent(list.grid, pending, "status");
        assertThat(badge.getText()).isEqualTo("Not delivered");
        assertThat(badge.getTone()).isEqualTo(StatusBadge.Tone.ERROR);
        assertThat(badge.getElement().getAttribute("aria-label"))
                .contains("The email could not be delivered. Resend it, or copy a new link.");
        MenuItem resend = actions(list.grid, pending).getItems().getFirst();
        assertThat(resend.getText()).isEqualTo("Resend (not delivered)");
        assertThat(resend.getElement().getClassList()).contains(InvitationsList.RESEND_NEEDED);
        assertThat(((StatusBadge) GridKt._getCellComponent(list.grid, rowOf(list.grid, "late@example.test"), "status"))
                        .getText())
                .isEqualTo("Expired");

        choose(list.grid, pending, "Resend (not delivered)");

        NotificationsKt.expectNotifications("Invitation sent again to pending@example.test");
        assertThat(((StatusBadge)
                                GridKt._getCellComponent(list.grid, rowOf(list.grid, "pending@example.test"), "status"))
                        .getText())
                .isEqualTo("Pending");
    }

    @Test
    void an_email_waiting_in_the_outbox_reads_sending() {
        TEAM.invitations.setDelivery("pending@example.test", Invitations.EmailDelivery.QUEUED);
        InvitationsList list = list(owner);

        assertThat(((StatusBadge)
                                GridKt._getCellComponent(list.grid, rowOf(list.grid, "pending@example.test"), "status"))
                        .getText())
                .isEqualTo("Sending…");
    }

    @Test
    void resending_without_a_mail_server_shows_the_new_link_once() {
        TEAM.invitations.mailConfigured = false;
        InvitationsList list = list(owner);

        choose(list.grid, rowOf(list.grid, "pending@example.test"), "Resend");

        Dialog dialog = _get(Dialog.class);
        assertThat(dialog.getHeaderTitle()).isEqualTo("New link for pending@example.test");
        assertThat(_get(dialog, CopyLink.class).link.getValue())
                .isEqualTo("http://console.test/invite/" + TEAM.invitations.tokenFor("pending@example.test"));
    }

    @Test
    void revoking_asks_first_then_ends_the_link() {
        String token = TEAM.invitations.tokenFor("pending@example.test");
        InvitationsList list = list(owner);

        choose(list.grid, rowOf(list.grid, "pending@example.test"), "Revoke");
        assertThat(_get(DestructiveConfirmDialog.class).getHeaderTitle())
                .isEqualTo("Revoke the invitation for pending@example.test?");
        confirm();

        NotificationsKt.expectNotifications("Invitation for pending@example.test revoked");
        assertThat(TEAM.invitations.open(token))
                .isEqualTo(new Invitations.Link.Closed(Invitations.Link.Reason.REVOKED));
        assertThat(rows(list.grid)).noneSatisfy(r -> assertThat(r).contains("pending@example.test"));
    }

    @Test
    void a_viewer_sees_invitations_without_actions_or_the_domain_setting() {
        InvitationsList list = list(member(w, Role.VIEWER));

        assertThat(GridKt._size(list.grid)).isEqualTo(2);
        assertThat(actions(list.grid, 0).getItems()).isEmpty();
        assertThat(list.domains.isAttached()).isFalse();
    }

    @Test
    void an_owner_limits_invitations_to_domains_and_a_bad_one_is_refused_at_the_field() {
        InvitationsList list = list(owner);
        assertThat(list.domains.getText()).isEqualTo("Invitations may go to any email domain.");

        _click(list.editDomains);
        Dialog dialog = _get(Dialog.class);
        TextField field = _get(dialog, TextField.class, s -> s.withLabel("Domains"));
        _setValue(field, "example.com, not a domain!");
        _click(_get(dialog, Button.class, s -> s.withText("Save")));
        assertThat(field.isInvalid()).isTrue();
        assertThat(field.getErrorMessage()).contains("is not a domain name");

        _setValue(field, "example.com, example.org");
        _click(_get(dialog, Button.class, s -> s.withText("Save")));

        NotificationsKt.expectNotifications("Allowed email domains saved");
        assertThat(TEAM.invitations.allowedDomains()).containsExactly("example.com", "example.org");
        assertThat(list.domains.getText()).isEqualTo("Invitations may go only to example.com, example.org.");
    }

    @Test
    void an_admin_sees_the_domains_but_cannot_change_them() {
        InvitationsList list = list(member(w, Role.ADMIN));

        assertThat(list.domains.isVisible()).isTrue();
        assertThat(list.editDomains.isVisible()).isFalse();
        assertThat(_find(Button.class, s -> s.withText("Change")))
                .allSatisfy(b -> assertThat(b.isVisible()).isFalse());
    }

    @Test
    void a_provisioned_invitation_is_listed_via_scim_and_may_be_resent_and_revoked() {
        TEAM.invitations.provisioned(w.id(), "scim@example.test", Role.MEMBER);
        InvitationsList list = list(owner);

        int row = rowOf(list.grid, "scim@example.test");
        assertThat(GridKt._getFormattedRow(list.grid, row)).contains(InvitationsList.VIA_SCIM, "Member");
        assertThat(_get(TeamView.class).tabs.getTabAt(1).getLabel()).isEqualTo("Invitations (2)");

        choose(list.grid, row, "Resend");
        choose(list.grid, rowOf(list.grid, "scim@example.test"), "Revoke");
        assertThat(_get(DestructiveConfirmDialog.class).getText())
                .contains("Your identity provider (SCIM) may invite them again");
        confirm();

        assertThat(rows(list.grid)).noneSatisfy(r -> assertThat(r).contains("scim@example.test"));
        _setValue(list.show, InvitationsList.Show.REVOKED);
        assertThat(rows(list.grid))
                .anySatisfy(r -> assertThat(r).contains("scim@example.test", InvitationsList.VIA_SCIM));
    }
}
