package dev.vlmconsole.team.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.textfield.PasswordField;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The accept page with single sign-on (module-api 1.5 SignInOptions): the SSO button first, the
 * password form beside it or, on an SSO-only console, none at all; back from single sign-on, the
 * person who joined is welcomed into the workspace.
 */
class InviteViewSsoTest extends TeamUiTest {

    TestWorkspace w;
    TestPerson owner;

    @BeforeEach
    void workspace() {
        w = newWorkspace();
        owner = member(w, Role.OWNER);
    }

    private String invite(String email, Role role) {
        login(owner, w);
        TEAM.invitations.invite(email, role);
        TEAM.context.signOut();
        return TEAM.invitations.tokenFor(email);
    }

    private static List<Anchor> ssoButtons() {
        return _find(Anchor.class).stream()
                .filter(a -> a.getClassNames().contains(InviteView.SSO_BUTTON))
                .toList();
    }

    @Test
    void without_single_sign_on_the_page_has_no_sso_button() {
        String token = invite(TEAM.directory.newPerson().email(), Role.MEMBER);

        navigate("invite/" + token);

        assertThat(ssoButtons()).isEmpty();
        assertThat(_find(PasswordField.class)).hasSize(2);
    }

    @Test
    void with_sso_on_a_new_person_gets_the_sso_button_first_and_may_still_create_a_password() {
        TEAM.signIn.on("Sign in with Okta", false);
        TestPerson newcomer = TEAM.directory.newPerson();
        String token = invite(newcomer.email(), Role.MEMBER);

        navigate("invite/" + token);

        Anchor sso = ssoButtons().getFirst();
        assertThat(sso.getText()).isEqualTo("Sign in with Okta");
        assertThat(sso.getHref()).isEqualTo("oauth2/authorization/sso?continue=invite%2F" + token);
        assertThat(sso.isRouterIgnore())
                .as("a full page load, into the console's SSO sign-in")
                .isTrue();
        assertThat(pageText())
                .contains("Sign in with your organisation's account for " + newcomer.email())
                .contains("Or create an account with a password");
        assertThat(_find(PasswordField.class)).hasSize(2);
        assertThat(_get(Button.class, s -> s.withText("Create account and join"))
                        .getThemeNames())
                .as("the SSO button is the prominent one")
                .doesNotContain("primary");
    }

    @Test
    void sso_only_shows_no_password_form_at_all() {
        TEAM.signIn.on("Sign in with Keycloak", true);
        TestPerson newcomer = TEAM.directory.newPerson();
        String token = invite(newcomer.email(), Role.MEMBER);

        navigate("invite/" + token);

        assertThat(_get(H1.class).getText()).isEqualTo("Join " + w.name());
        assertThat(ssoButtons()).extracting(Anchor::getText).containsExactly("Sign in with Keycloak");
        assertThat(_find(PasswordField.class)).isEmpty();
        assertThat(_find(Button.class)).isEmpty();
        assertThat(pageText()).contains("single sign-on only");
    }

    @Test
    void a_person_with_an_account_gets_sso_first_and_the_password_sign_in_only_when_allowed() {
        TestPerson existing = TEAM.accounts.register(TEAM.directory.newPerson());
        String token = invite(existing.email(), Role.MEMBER);

        TEAM.signIn.on("Sign in with SSO", false);
        navigate("invite/" + token);
        assertThat(ssoButtons()).hasSize(1);
        Anchor password = _get(Anchor.class, s -> s.withText("Sign in with your password instead"));
        assertThat(password.getHref()).isEqualTo("invite/" + token + "/sign-in");

        TEAM.signIn.on("Sign in with SSO", true);
        navigate("invite/" + token);
        assertThat(ssoButtons()).hasSize(1);
        assertThat(_find(Anchor.class, s -> s.withText("Sign in with your password instead")))
                .isEmpty();
        assertThat(pageText()).doesNotContain("Sign in as " + existing.email());
    }

    @Test
    void back_from_single_sign_on_the_person_who_joined_is_welcomed_into_the_workspace() {
        TEAM.signIn.on("Sign in with SSO", true);
        TestPerson person = TEAM.accounts.register(TEAM.directory.newPerson());
        String token = invite(person.email(), Role.MEMBER);
        // what the console's SSO sign-in does: joins the verified email's pending invitations, signs in
        TEAM.invitations.acceptBySingleSignOn(person.email(), person.id());
        TEAM.context.signIn(person);

        navigate("invite/" + token);

        assertThat(_get(H1.class).getText()).isEqualTo("Welcome to " + w.name());
        assertThat(pageText()).contains("You joined as a Member.");
        assertThat(_get(InviteView.class).destination).isEqualTo("./?workspace=" + w.id());
    }

    @Test
    void a_provisioned_invitation_says_the_identity_provider_invited() {
        TestPerson newcomer = TEAM.directory.newPerson();
        TEAM.invitations.provisioned(w.id(), newcomer.email(), Role.VIEWER);

        navigate("invite/" + TEAM.invitations.tokenFor(newcomer.email()));

        assertThat(pageText())
                .contains("Your identity provider (SCIM) invited " + newcomer.email() + " to join " + w.name()
                        + " as a Viewer.");
    }
}
