package dev.vlmconsole.app.passwordreset;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertOne;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.router.RouterLink;
import dev.vlmconsole.app.support.KaribuTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The "Forgot password" pages, seen anonymously. The shared test console has no mail server, so the
 * request page says it cannot send; mailing and the same answer for every address are covered by
 * {@link PasswordResetsTest}.
 */
class PasswordResetPagesTest extends KaribuTest {

    @Autowired
    PasswordResets resets;

    @Test
    void without_a_mail_server_the_page_says_it_cannot_send_a_link() {
        navigate("forgot-password");

        ForgotPasswordView view = _get(ForgotPasswordView.class);
        assertThat(view.answer.getText()).contains("cannot send email", "no mail server is configured");
        assertThat(view.email.isAttached()).isFalse();
    }

    @Test
    void a_valid_link_sets_the_password_and_then_says_it_was_used() {
        TestUser user = newUser();
        String token = tx.execute(s -> resets.issue(user.id()));

        navigate("reset-password/" + token);
        ResetPasswordView view = _get(ResetPasswordView.class);
        view.password.setValue("a brand new password");
        view.confirm.setValue("a brand new password");
        _click(view.save);

        assertThat(view.message.getText()).contains("Your password is changed", "signed out");
        assertThat(encoder.matches("a brand new password", hashOf(user))).isTrue();

        navigate("reset-password/" + token);
        assertThat(_get(ResetPasswordView.class).message.getText()).contains("already used");
    }

    @Test
    void differing_or_weak_passwords_are_refused_on_their_field() {
        TestUser user = newUser();
        String token = tx.execute(s -> resets.issue(user.id()));
        navigate("reset-password/" + token);
        ResetPasswordView view = _get(ResetPasswordView.class);

        view.password.setValue("a brand new password");
        view.confirm.setValue("another new password");
        _click(view.save);
        assertThat(view.confirm.isInvalid()).isTrue();
        assertThat(view.confirm.getErrorMessage()).isEqualTo("The two passwords differ.");

        view.password.setValue("short");
        view.confirm.setValue("short");
        _click(view.save);
        assertThat(view.password.isInvalid()).isTrue();
        assertThat(view.password.getErrorMessage()).contains("at least 12 characters");
        assertThat(resets.check(token)).isEqualTo(PasswordResets.LinkState.VALID);
        assertThat(encoder.matches(PASSWORD, hashOf(user))).isTrue();
    }

    @Test
    void an_unknown_link_says_so_and_offers_a_new_one() {
        navigate("reset-password/not-a-real-token");

        assertThat(_get(ResetPasswordView.class).message.getText()).contains("not valid");
        _assertOne(H1.class, s -> s.withText("This link cannot be used"));
        _assertOne(RouterLink.class, s -> s.withText("Ask for a new link"));
    }

    private String hashOf(TestUser user) {
        return tx.execute(s -> userRepository.findById(user.id()).orElseThrow().passwordHash());
    }
}
