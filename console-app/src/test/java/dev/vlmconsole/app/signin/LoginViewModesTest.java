package dev.vlmconsole.app.signin;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import dev.vlmconsole.api.services.SignInOptions;
import dev.vlmconsole.app.setup.FirstRun;
import dev.vlmconsole.app.support.KaribuTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The sign-in page in its three modes: passwords only, SSO beside the form, SSO only (DD034). */
class LoginViewModesTest extends KaribuTest {

    @Autowired
    FirstRun firstRun;

    @BeforeEach
    void somebodyExists() {
        newUser();
    }

    @Test
    void without_sso_the_page_is_the_password_form() {
        LoginView page = page(options(false, true));

        assertThat(page.login.isVisible()).isTrue();
        assertThat(page.forgotPassword.isVisible()).isTrue();
        assertThat(page.ssoButton.isAttached()).isFalse();
        assertThat(page.breakGlass.isAttached()).isFalse();
    }

    @Test
    void with_sso_its_button_stands_beside_the_password_form() {
        LoginView page = page(options(true, true));

        assertThat(page.ssoButton.isAttached()).isTrue();
        assertThat(page.ssoButton.getText()).isEqualTo("Sign in with Acme");
        assertThat(page.ssoButton.getHref()).isEqualTo("sso/start");
        assertThat(page.login.isVisible()).isTrue();
        assertThat(page.or.isVisible()).isTrue();
        assertThat(page.forgotPassword.isVisible()).isTrue();
        assertThat(page.breakGlass.isAttached()).isFalse();
        assertThat(page.ssoError.isVisible()).isFalse();
    }

    @Test
    void sso_only_shows_the_button_and_a_break_glass_link_that_reveals_the_form() {
        LoginView page = page(options(true, false));

        assertThat(page.ssoButton.isVisible()).isTrue();
        assertThat(page.login.isVisible()).isFalse();
        assertThat(page.forgotPassword.isVisible()).isFalse();
        assertThat(page.breakGlass.isVisible()).isTrue();
        assertThat(page.breakGlass.getHref()).isEqualTo("login?break-glass");

        page.show(Map.of(LoginView.BREAK_GLASS, List.of("")));

        assertThat(page.login.isVisible()).isTrue();
        assertThat(page.breakGlass.isVisible()).isFalse();
        assertThat(page.forgotPassword.isVisible()).isFalse();
    }

    @Test
    void a_failed_break_glass_sign_in_shows_the_form_with_its_error() {
        LoginView page = page(options(true, false));

        page.show(Map.of("error", List.of("")));

        assertThat(page.login.isVisible()).isTrue();
        assertThat(page.login.isError()).isTrue();
    }

    @Test
    void a_refused_single_sign_on_says_why_in_the_pages_own_words() {
        LoginView page = page(options(true, true));

        page.show(Map.of("sso", List.of("unverified")));
        assertThat(page.ssoError.isVisible()).isTrue();
        assertThat(page.ssoError.getText()).contains("has not verified your email address");

        page.show(Map.of("sso", List.of("unavailable")));
        assertThat(page.ssoError.getText()).contains("cannot be reached right now");

        page.show(Map.of("sso", List.of("Call +1 555 0100")));
        assertThat(page.ssoError.getText()).doesNotContain("555").contains("did not complete");
    }

    private LoginView page(SignInOptions options) {
        LoginView page = new LoginView(firstRun, options);
        UI.getCurrent().add(page);
        page.show(Map.of());
        return page;
    }

    private static SignInOptions options(boolean sso, boolean passwords) {
        return new SignInOptions() {
            @Override
            public boolean ssoEnabled() {
                return sso;
            }

            @Override
            public boolean passwordsAllowed() {
                return passwords;
            }

            @Override
            public String ssoButtonLabel() {
                return "Sign in with Acme";
            }

            @Override
            public String ssoSignInUrl(String continueTo) {
                return continueTo.isEmpty() ? "sso/start" : "sso/start?continue=" + continueTo;
            }
        };
    }
}
