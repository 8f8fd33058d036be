package dev.vlmconsole.team.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.ui.StatusBadge;
import dev.vlmconsole.team.Invitations;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The invite dialog: several addresses at once, what happened to each, and links when no mail is sent. */
class InviteDialogTest extends TeamUiTest {

    TestWorkspace w;
    TestPerson owner;
    TestPerson bob;

    @BeforeEach
    void team() {
        w = newWorkspace();
        owner = member(w, Role.OWNER);
        bob = member(w, Role.MEMBER);
    }

    private InviteDialog open(TestPerson who) {
        login(who, w);
        navigate("team");
        _click(_get(TeamView.class).invite);
        return _get(InviteDialog.class);
    }

    private static List<String> badges(InviteDialog dialog) {
        return _find(dialog.results, StatusBadge.class).stream()
                .map(b -> b.getText())
                .toList();
    }

    @Test
    void each_address_says_what_happened_to_it() {
        login(owner, w);
        TEAM.invitations.invite("carol@example.test", Role.MEMBER);
        InviteDialog dialog = open(owner);
        assertThat(dialog.quota.getText())
                .isEqualTo("You can send 99 more invitations today (1 of 100 used in the " + "last 24 hours).");

        _setValue(dialog.emails, "new@example.test, " + bob.email() + "\ncarol@example.test; not-an-address");
        _click(dialog.send);

        assertThat(badges(dialog)).containsExactly("Sent", "Member", "Invited", "Refused");
        assertThat(_find(dialog.results, Paragraph.class).getFirst().getText())
                .isEqualTo("1 sent, 1 already a member, 1 already invited, 1 refused.");
        assertThat(_find(dialog.results, Span.class, s -> s.withText("This is not an email address.")))
                .hasSize(1);
        assertThat(_find(dialog.results, CopyLink.class))
                .as("the link is only in the email")
                .isEmpty();
        assertThat(TEAM.invitations.list(Set.of(Invitations.Status.PENDING)))
                .extracting(Invitations.Invitation::email)
                .containsExactlyInAnyOrder("new@example.test", "carol@example.test");
    }

    @Test
    void an_address_already_invited_can_be_sent_again_from_the_outcome() {
        login(owner, w);
        TEAM.invitations.invite("carol@example.test", Role.MEMBER);
        String before = TEAM.invitations.tokenFor("carol@example.test");
        InviteDialog dialog = open(owner);
        _setValue(dialog.emails, "carol@example.test");
        _click(dialog.send);

        _click(_get(dialog.results, Button.class, s -> s.withText("Resend")));

        assertThat(_find(dialog.results, Span.class).stream().map(Span::getText))
                .anySatisfy(t -> assertThat(t).startsWith("Sent again; the old link no longer works."));
        assertThat(_find(dialog.results, StatusBadge.class).stream()
                        .map(b -> b.getElement().getTextRecursively()))
                .containsExactly("Sent again");
        assertThat(TEAM.invitations.open(before))
                .isEqualTo(new Invitations.Link.Closed(Invitations.Link.Reason.REPLACED));
    }

    @Test
    void without_a_mail_server_the_dialog_says_why_and_shows_each_link_once() {
        TEAM.invitations.mailConfigured = false;
        InviteDialog dialog = open(owner);
        assertThat(_find(dialog, Paragraph.class, s -> s.withClasses("team-note")))
                .singleElement()
                .satisfies(p -> assertThat(p.getText()).contains("no mail server is set up (spring.mail.host)."));
        assertThat(dialog.send.getText()).isEqualTo("Create invitation links");

        _setValue(dialog.emails, "dora@example.test");
        _click(dialog.send);

        CopyLink link = _get(dialog.results, CopyLink.class);
        assertThat(link.link.getValue())
                .isEqualTo("http://console.test/invite/" + TEAM.invitations.tokenFor("dora@example.test"));
        assertThat(link.link.isReadOnly()).isTrue();
        assertThat(badges(dialog)).containsExactly("Link ready");
        assertThat(_find(dialog.results, Paragraph.class, s -> s.withClasses("team-warning")))
                .hasSize(1);

        _click(_get(dialog, Button.class, s -> s.withText("Invite more")));
        assertThat(_find(dialog, CopyLink.class)).as("shown once").isEmpty();
    }

    @Test
    void no_address_at_all_is_refused_at_the_field() {
        InviteDialog dialog = open(owner);
        _setValue(dialog.emails, " , ");
        _click(dialog.send);

        assertThat(dialog.emails.isInvalid()).isTrue();
        assertThat(dialog.emails.getErrorMessage()).isEqualTo("Enter at least one email address.");
        assertThat(dialog.isOpened()).isTrue();
    }

    @Test
    void an_owner_may_invite_an_owner() {
        assertThat(open(owner).role.getListDataView().getItems()).contains(Role.OWNER);
    }

    @Test
    void an_admin_is_not_offered_the_owner_role() {
        TestPerson admin = member(w, Role.ADMIN);
        InviteDialog dialog = open(admin);
        assertThat(dialog.role.getListDataView().getItems()).doesNotContain(Role.OWNER);
        assertThat(dialog.role.getValue()).isEqualTo(Role.MEMBER);
    }

    @Test
    void the_daily_limit_reached_disables_sending_and_says_so() {
        TEAM.invitations.limit = 1;
        try {
            login(owner, w);
            TEAM.invitations.invite("erin@example.test", Role.MEMBER);
            InviteDialog dialog = open(owner);

            assertThat(dialog.quota.getText())
                    .isEqualTo("This workspace reached its limit of 1 invitation in 24 hours. Try again later.");
            assertThat(dialog.send.isEnabled()).isFalse();
        } finally {
            TEAM.invitations.limit = 100;
        }
    }
}
