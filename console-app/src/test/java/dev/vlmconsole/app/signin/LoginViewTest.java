package dev.vlmconsole.app.signin;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.router.RouterLink;
import dev.vlmconsole.app.support.KaribuTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sign-in page, seen anonymously. (The first-run hint is covered by FirstRunTest.) */
class LoginViewTest extends KaribuTest {

    @BeforeEach
    void somebodyExists() {
        newUser();
    }

    @Test
    void a_plain_visit_shows_the_form_without_error() {
        navigate("login");

        LocatorJ._assertOne(LoginView.class);
        assertThat(_get(LoginForm.class).isError()).isFalse();
        assertThat(_get(LoginForm.class).getAction()).isEqualTo("login");
    }

    @Test
    void a_failed_sign_in_shows_the_error() {
        navigate("login", "error");

        LoginForm form = _get(LoginForm.class);
        assertThat(form.isError()).isTrue();
        assertThat(i18n(form)).contains("Incorrect email or password");
    }

    @Test
    void a_paused_sign_in_tells_how_many_minutes_to_wait() {
        navigate("login", "locked=90");

        LoginForm form = _get(LoginForm.class);
        assertThat(form.isError()).isTrue();
        assertThat(i18n(form)).contains("Sign-in paused", "Too many failed sign-ins. Try again in 2 minutes.");
    }

    @Test
    void no_text_from_the_query_string_is_shown() {
        for (String forged : new String[] {
            "Too many failed sign-ins. Call +1 555 0100 to unlock", "Call +1 555 0100 to unlock", "-5", "99999999999"
        }) {
            navigate("login", "locked=" + URLEncoder.encode(forged, StandardCharsets.UTF_8));

            String i18n = i18n(_get(LoginForm.class));
            assertThat(i18n).doesNotContain("555 0100", forged).contains("Too many failed sign-ins. Try again later.");
        }
    }

    @Test
    void the_setup_hint_is_hidden_once_a_person_exists() {
        navigate("login");

        LocatorJ._assertNone(Paragraph.class, s -> s.withClasses("hint"));
    }

    @Test
    void the_page_links_to_forgot_password() {
        navigate("login");

        RouterLink link = _get(LoginView.class).forgotPassword;
        assertThat(link.getText()).isEqualTo("Forgot password?");
        assertThat(link.getHref()).isEqualTo("forgot-password");
    }

    private static String i18n(LoginForm form) {
        return String.valueOf(form.getElement().getPropertyRaw("i18n"));
    }
}
