package dev.vlmconsole.app.profile;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.SignInOptions;
import dev.vlmconsole.app.account.AccountService;
import dev.vlmconsole.app.sso.SsoIdentities;
import dev.vlmconsole.app.support.KaribuTest;
import dev.vlmconsole.app.twofactor.TwoFactorService;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * The profile's "How you sign in" section: single sign-on with the provider and since when, the password,
 * or both; a person without a password, and everybody on an SSO-only install, gets no password form.
 */
class ProfileSignInSectionTest extends KaribuTest {

    static final String ISSUER = "https://idp.example.test/realms/acme";

    @Autowired
    AccountService accounts;

    @Autowired
    TwoFactorService twoFactor;

    @Autowired
    AuthenticationContext authentication;

    @Autowired
    ObjectProvider<LeaveWorkspace> leave;

    private TestUser user;

    @BeforeEach
    void signIn() {
        Workspace w = newWorkspace();
        user = newMember(w, Role.MEMBER);
        login(user, w);
    }

    @Test
    void without_single_sign_on_a_person_signs_in_with_their_password_and_may_change_it() {
        navigate(ProfileView.class);
        ProfileView page = _get(ProfileView.class);

        assertThat(page.signInWith.getText()).isEqualTo("You sign in with your password.");
        assertThat(page.passwordChangeOffered).isTrue();
        assertThat(page.noPassword.isVisible()).isFalse();
        assertThat(_get(PasswordField.class, s -> s.withLabel("Current password"))
                        .isVisible())
                .isTrue();
    }

    @Test
    void a_linked_person_with_a_password_signs_in_both_ways_and_keeps_the_password_form() {
        ProfileView page = profile(identities(true, true), options(true));

        assertThat(page.signInWith.getText())
                .isEqualTo("You sign in with Keycloak (" + ISSUER + ") since 2026-11-02 and with your password.");
        assertThat(page.passwordChangeOffered).isTrue();
        assertThat(page.changePassword.isVisible()).isTrue();
    }

    @Test
    void a_person_without_a_password_is_told_the_identity_provider_manages_it() {
        ProfileView page = profile(identities(true, false), options(true));

        assertThat(page.signInWith.getText()).isEqualTo("You sign in with Keycloak (" + ISSUER + ") since 2026-11-02.");
        assertThat(page.passwordChangeOffered).isFalse();
        assertThat(page.noPassword.isVisible()).isTrue();
        assertThat(page.noPassword.getText()).isEqualTo("Your identity provider manages your password.");
        assertThat(page.current.getParent().orElseThrow().isVisible()).isFalse();
        assertThat(page.changePassword.isVisible()).isFalse();
    }

    @Test
    void on_an_sso_only_install_nobody_changes_a_password_here() {
        ProfileView page = profile(identities(false, true), options(false));

        assertThat(page.signInWith.getText()).isEqualTo("You sign in with your password.");
        assertThat(page.passwordChangeOffered).isFalse();
        assertThat(page.noPassword.getText()).contains("single sign-on only");
        assertThat(page.changePassword.isVisible()).isFalse();
    }

    private ProfileView profile(SsoIdentities identities, SignInOptions options) {
        return new ProfileView(
                accounts,
                twoFactor,
                authentication,
                leave.getObject(),
                provider(SsoIdentities.class, identities),
                provider(SignInOptions.class, options));
    }

    private static <T> ObjectProvider<T> provider(Class<T> type, T bean) {
        return new StaticListableBeanFactory(Map.of("bean", bean)).getBeanProvider(type);
    }

    private SsoIdentities identities(boolean linked, boolean password) {
        UUID me = user.id();
        return new SsoIdentities() {
            @Override
            public Optional<Identity> identityOf(UUID userId) {
                return linked && userId.equals(me)
                        ? Optional.of(new Identity(
                                ISSUER,
                                "sub-1",
                                Instant.parse("2026-11-02T08:00:00Z"),
                                Instant.parse("2026-11-29T08:00:00Z")))
                        : Optional.empty();
            }

            @Override
            public boolean hasPassword(UUID userId) {
                return password || !userId.equals(me);
            }
        };
    }

    private static SignInOptions options(boolean passwordsAllowed) {
        return new SignInOptions() {
            @Override
            public boolean ssoEnabled() {
                return true;
            }

            @Override
            public boolean passwordsAllowed() {
                return passwordsAllowed;
            }

            @Override
            public String ssoButtonLabel() {
                return "Sign in with Keycloak";
            }

            @Override
            public String ssoSignInUrl(String continueTo) {
                return "oauth2/authorization/sso";
            }
        };
    }
}
