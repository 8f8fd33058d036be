package dev.vlmconsole.team.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.team.Invitations;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.util.EnumSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The accept page in each state a link and a visitor can be in. */
class InviteViewTest extends TeamUiTest {

    TestWorkspace w;
    TestPerson owner;

    @BeforeEach
    void workspace() {
        w = newWorkspace();
        owner = member(w, Role.OWNER);
    }

    /** Invites {@code email} as the Owner, signs out, and answers the link's token. */
    private String invite(String email, Role role) {
        login(owner, w);
        TEAM.invitations.invite(email, role);
        TEAM.context.signOut();
        return TEAM.invitations.tokenFor(email);
    }

    private static String heading() {
        return _get(H1.class).getText();
    }

    private void assertClosed(String token, String sentence) {
        navigate("invite/" + token);
        assertThat(heading()).isEqualTo("This invitation cannot be used");
        assertThat(pageText()).contains(sentence).doesNotContain(w.name());
    }

    @Test
    void an_unknown_link_says_so_without_naming_anything() {
        assertClosed("no-such-token", "This invitation link is not valid.");
    }

    @Test
    void used_revoked_replaced_and_expired_links_each_say_which() {
        String used = invite(TEAM.directory.newPerson().email(), Role.MEMBER);
        TestPerson existing = TEAM.accounts.register(TEAM.directory.newPerson());
        String revoked = invite(existing.email(), Role.MEMBER);
        String replaced = invite("replaced@example.test", Role.MEMBER);
        String expired = invite("expired@example.test", Role.MEMBER);
        login(owner, w);
        var all = TEAM.invitations.list(EnumSet.allOf(Invitations.Status.class));
        TEAM.invitations.revoke(all.stream()
                .filter(i -> i.email().equals(existing.email()))
                .findFirst()
                .orElseThrow()
                .id());
        TEAM.invitations.resend(all.stream()
                .filter(i -> i.email().equals("replaced@example.test"))
                .findFirst()
                .orElseThrow()
                .id());
        TEAM.invitations.expire("expired@example.test");
        TEAM.context.signOut();
        TEAM.invitations.acceptAsNewPerson(used, "Used Up", "a long enough password");
        TEAM.context.signOut();

        assertClosed(used, "This invitation was already used.");
        assertClosed(revoked, "This invitation was revoked.");
        assertClosed(replaced, "This invitation was replaced by a newer one: use the link in the latest email.");
        assertClosed(expired, "This invitation has expired: ask the person who invited you to send a new one.");
    }

    @Test
    void a_new_person_sets_name_and_password_and_lands_signed_in_in_the_workspace() {
        TestPerson newcomer = TEAM.directory.newPerson(); // no account yet
        String token = invite(newcomer.email(), Role.ADMIN);

        navigate("invite/" + token);
        assertThat(heading()).isEqualTo("Join " + w.name());
        assertThat(pageText())
                .contains(owner.displayName() + " invited " + newcomer.email() + " to join " + w.name()
                        + " as an Admin.");
        assertThat(_get(TextField.class, s -> s.withLabel("Email")).getValue()).isEqualTo(newcomer.email());
        TextField name = _get(TextField.class, s -> s.withLabel("Your name"));
        PasswordField password = _get(PasswordField.class, s -> s.withLabel("Password"));
        PasswordField confirm = _get(PasswordField.class, s -> s.withLabel("Confirm password"));
        assertThat(password.getHelperText()).isEqualTo("At least 12 characters.");
        Button join = _get(Button.class, s -> s.withText("Join " + w.name()));

        _setValue(name, "Nia Newcomer");
        _setValue(password, "short");
        _setValue(confirm, "different");
        _click(join);
        assertThat(confirm.getErrorMessage()).isEqualTo("The two passwords differ.");

        _setValue(confirm, "short");
        _click(join);
        assertThat(password.isInvalid()).isTrue();
        assertThat(password.getErrorMessage()).isEqualTo("Use at least 12 characters.");
        assertThat(TEAM.directory.member(w.id(), newcomer.id())).isEmpty();

        _setValue(password, "a long enough password");
        _setValue(confirm, "a long enough password");
        _click(join);

        assertThat(TEAM.directory.member(w.id(), newcomer.id()).orElseThrow().role())
                .isEqualTo(Role.ADMIN);
        assertThat(TEAM.accounts.signedIn().orElseThrow().id()).isEqualTo(newcomer.id());
        assertThat(TEAM.accounts.names.get(newcomer.id())).isEqualTo("Nia Newcomer");
        InviteView page = _get(InviteView.class);
        assertThat(page.destination).isEqualTo("./?workspace=" + w.id());
        assertThat(_get(Anchor.class, s -> s.withText("Open " + w.name())).getHref())
                .isEqualTo(page.destination);
    }

    @Test
    void a_person_with_an_account_is_asked_to_sign_in_with_the_invited_address() {
        TestPerson existing = TEAM.accounts.register(TEAM.directory.newPerson());
        String token = invite(existing.email(), Role.MEMBER);

        navigate("invite/" + token);

        Anchor signIn = _get(Anchor.class, s -> s.withText("Sign in as " + existing.email() + " to join"));
        assertThat(signIn.getHref()).isEqualTo("invite/" + token + "/sign-in");
        assertThat(signIn.isRouterIgnore())
                .as("a full page load, through the console's sign-in")
                .isTrue();
        assertThat(_find(PasswordField.class)).isEmpty();
    }

    @Test
    void the_sign_in_step_returns_a_signed_in_person_to_the_page_to_join() {
        TestPerson existing = TEAM.accounts.register(TEAM.directory.newPerson());
        String token = invite(existing.email(), Role.VIEWER);
        TEAM.context.signIn(existing);

        navigate("invite/" + token + "/sign-in");

        assertThat(_get(InviteView.class)).isNotNull();
        _click(_get(Button.class, s -> s.withText("Join " + w.name() + " as Viewer")));
        assertThat(TEAM.directory.member(w.id(), existing.id()).orElseThrow().role())
                .isEqualTo(Role.VIEWER);
        assertThat(_get(InviteView.class).destination).isEqualTo("./?workspace=" + w.id());
        // the link is used up; to the person who joined it says so, and opens the workspace
        assertThat(TEAM.invitations.open(token)).isEqualTo(new Invitations.Link.Joined(w.id(), w.name(), Role.VIEWER));
        TEAM.context.signOut();
        assertThat(TEAM.invitations.open(token))
                .isEqualTo(new Invitations.Link.Closed(Invitations.Link.Reason.ACCEPTED));
    }

    @Test
    void a_person_signed_in_with_another_address_is_told_so_and_may_sign_out() {
        String token = invite("someone.else@example.test", Role.MEMBER);
        TestPerson stranger = TEAM.accounts.register(TEAM.directory.newPerson());
        TEAM.context.signIn(stranger);

        navigate("invite/" + token);

        assertThat(pageText())
                .contains("This invitation is for another email address. Sign out to accept it")
                .contains("You are signed in as " + stranger.email())
                .doesNotContain(w.name())
                .doesNotContain("someone.else@example.test");
        _click(_get(Button.class, s -> s.withText("Sign out")));
        assertThat(TEAM.accounts.signedIn()).isEmpty();
    }
}
