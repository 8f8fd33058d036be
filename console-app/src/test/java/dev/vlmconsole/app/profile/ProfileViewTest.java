package dev.vlmconsole.app.profile;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static dev.vlmconsole.app.db.Tables.AUDIT_LOG;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.github.mvysny.kaributesting.v10.pro.ConfirmDialogKt;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.server.VaadinSession;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.app.account.ConsoleUser;
import dev.vlmconsole.app.account.UserRepository;
import dev.vlmconsole.app.audit.StoredAuditText;
import dev.vlmconsole.app.signin.SessionEpochs;
import dev.vlmconsole.app.support.KaribuTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class ProfileViewTest extends KaribuTest {

    private static final String NEW_PASSWORD = "a brand new passphrase";

    @Autowired
    SessionEpochs epochs;

    private Workspace workspace;
    private TestUser user;

    @BeforeEach
    void signIn() {
        workspace = newWorkspace();
        user = newMember(workspace, Role.MEMBER);
        login(user, workspace);
        navigate(ProfileView.class);
    }

    @Test
    void shows_the_persons_name_and_read_only_email() {
        assertThat(field("Name").getValue()).isEqualTo(user.displayName());
        EmailField email = _get(EmailField.class, s -> s.withLabel("Email"));
        assertThat(email.getValue()).isEqualTo(user.email());
        assertThat(email.isReadOnly()).isTrue();
    }

    @Test
    void renaming_saves_the_name_and_writes_an_audit_entry() {
        _setValue(field("Name"), "  Ada Lovelace ");
        _click(button("Save name"));

        NotificationsKt.expectNotifications("Name saved");
        assertThat(stored().displayName()).isEqualTo("Ada Lovelace");
        assertThat(db
                        .select(AUDIT_LOG.TARGET)
                        .from(AUDIT_LOG)
                        .where(AUDIT_LOG
                                .ACTION
                                .eq("core.profile.renamed")
                                .and(AUDIT_LOG.ACTOR_ID.eq(user.id()))
                                .and(AUDIT_LOG.WORKSPACE_ID.eq(workspace.id()))
                                .and(AUDIT_LOG.TARGET_TYPE.eq("user"))
                                .and(AUDIT_LOG.TARGET_ID.eq(user.id().toString())))
                        .fetch(AUDIT_LOG.TARGET)
                        .stream()
                        .map(t -> StoredAuditText.readable(db, t)))
                .contains("Ada Lovelace <" + user.email() + ">");
    }

    @Test
    void a_blank_name_is_refused() {
        _setValue(field("Name"), "   ");
        _click(button("Save name"));

        assertThat(field("Name").isInvalid()).isTrue();
        assertThat(field("Name").getErrorMessage()).isEqualTo("Enter a name.");
        assertThat(stored().displayName()).isEqualTo(user.displayName());
    }

    @Test
    void a_name_with_a_direction_override_or_too_long_is_refused_beside_the_field() {
        _setValue(field("Name"), "Ada \u202Eecalevol");
        _click(button("Save name"));

        assertThat(field("Name").isInvalid()).isTrue();
        assertThat(field("Name").getErrorMessage()).startsWith("Remove line breaks, tabs and invisible formatting");

        _setValue(field("Name"), "A".repeat(101));
        _click(button("Save name"));

        assertThat(field("Name").getErrorMessage()).isEqualTo("Use at most 100 characters.");
        assertThat(stored().displayName()).isEqualTo(user.displayName());
    }

    @Test
    void a_wrong_current_password_is_refused_and_changes_nothing() {
        String hashBefore = stored().passwordHash();

        fillPasswords("not my password at all", NEW_PASSWORD, NEW_PASSWORD);
        _click(button("Change password"));

        PasswordField current = password("Current password");
        assertThat(current.isInvalid()).isTrue();
        assertThat(current.getErrorMessage()).isEqualTo("The current password is not right.");
        assertThat(password("New password").isInvalid()).isFalse();
        assertThat(stored().passwordHash()).isEqualTo(hashBefore);
        NotificationsKt.expectNoNotifications();
    }

    @Test
    void each_refusal_is_shown_on_the_field_it_names_and_the_previous_one_is_cleared() {
        fillPasswords("not my password at all", NEW_PASSWORD, NEW_PASSWORD);
        _click(button("Change password"));
        assertThat(password("Current password").isInvalid()).isTrue();

        fillPasswords(user.password(), "short", "short");
        _click(button("Change password"));

        assertThat(password("Current password").isInvalid())
                .as("its refusal is over")
                .isFalse();
        assertThat(password("New password").isInvalid()).isTrue();
        assertThat(password("New password").getErrorMessage()).isEqualTo("Use at least 12 characters.");
    }

    @Test
    void a_mismatching_confirmation_is_refused_and_changes_nothing() {
        String hashBefore = stored().passwordHash();

        fillPasswords(user.password(), NEW_PASSWORD, NEW_PASSWORD + "!");
        _click(button("Change password"));

        PasswordField confirm = password("Confirm new password");
        assertThat(confirm.isInvalid()).isTrue();
        assertThat(confirm.getErrorMessage()).isEqualTo("The two new passwords differ.");
        assertThat(stored().passwordHash()).isEqualTo(hashBefore);
    }

    @Test
    void a_too_short_new_password_is_refused() {
        String hashBefore = stored().passwordHash();

        fillPasswords(user.password(), "short", "short");
        _click(button("Change password"));

        PasswordField next = password("New password");
        assertThat(next.isInvalid()).isTrue();
        assertThat(next.getErrorMessage()).isEqualTo("Use at least 12 characters.");
        assertThat(stored().passwordHash()).isEqualTo(hashBefore);
    }

    @Test
    void changing_the_password_lets_the_new_one_sign_in_and_not_the_old_one() {
        fillPasswords(user.password(), NEW_PASSWORD, NEW_PASSWORD);
        _click(button("Change password"));

        NotificationsKt.expectNotifications("Password changed");
        assertThat(encoder.matches(NEW_PASSWORD, stored().passwordHash())).isTrue();
        assertThat(encoder.matches(user.password(), stored().passwordHash())).isFalse();
        assertThat(password("Current password").getValue()).isEmpty();
        assertThat(db.fetchExists(
                        AUDIT_LOG,
                        AUDIT_LOG.ACTION.eq("core.profile.password_changed").and(AUDIT_LOG.ACTOR_ID.eq(user.id()))))
                .isTrue();
    }

    @Test
    void five_wrong_current_passwords_pause_the_check_even_for_the_right_one() {
        // Karibu requests all come from 127.0.0.1: this test spends 5 of that address's 20 free failures an hour
        String hashBefore = stored().passwordHash();
        for (int i = 0; i < 5; i++) {
            fillPasswords("wrong guess number " + i, NEW_PASSWORD, NEW_PASSWORD);
            _click(button("Change password"));
            assertThat(password("Current password").getErrorMessage()).isEqualTo("The current password is not right.");
        }

        fillPasswords(user.password(), NEW_PASSWORD, NEW_PASSWORD);
        _click(button("Change password"));

        assertThat(password("Current password").getErrorMessage())
                .isEqualTo("Too many wrong passwords. Try again in 1 minute.");
        assertThat(stored().passwordHash()).isEqualTo(hashBefore);
    }

    @Test
    void changing_the_password_ends_every_other_session_and_keeps_this_one() {
        ConsoleUser elsewhere =
                new ConsoleUser(user.id(), user.email(), user.displayName(), false, stored().sessionEpoch(), null);
        assertThat(epochs.isCurrent(elsewhere, null)).isTrue();

        fillPasswords(user.password(), NEW_PASSWORD, NEW_PASSWORD);
        _click(button("Change password"));

        assertThat(epochs.isCurrent(elsewhere, null))
                .as("a session signed in before")
                .isFalse();
        assertThat(epochs.isCurrent(elsewhere, thisSession()))
                .as("this session")
                .isTrue();
    }

    @Test
    void sign_out_everywhere_asks_first_then_ends_every_session_this_one_included() {
        int before = stored().sessionEpoch();
        _click(button("Sign out everywhere"));
        ConfirmDialogKt._fireCancel(_get(ConfirmDialog.class));
        assertThat(stored().sessionEpoch()).isEqualTo(before);

        _click(button("Sign out everywhere"));
        ConfirmDialog confirm = _get(ConfirmDialog.class);
        assertThat(ConfirmDialogKt.getHeader(confirm)).isEqualTo("Sign out everywhere?");
        ConfirmDialogKt._fireConfirm(confirm);

        ConsoleUser signedIn = new ConsoleUser(user.id(), user.email(), user.displayName(), false, before, null);
        assertThat(epochs.isCurrent(signedIn, thisSession())).isFalse();
        assertThat(db.fetchExists(
                        AUDIT_LOG,
                        AUDIT_LOG
                                .ACTION
                                .eq("core.profile.signed_out_everywhere")
                                .and(AUDIT_LOG.ACTOR_ID.eq(user.id()))))
                .isTrue();
    }

    private static Object thisSession() {
        return VaadinSession.getCurrent().getSession().getAttribute(SessionEpochs.ATTRIBUTE);
    }

    private void fillPasswords(String current, String next, String confirm) {
        _setValue(password("Current password"), current);
        _setValue(password("New password"), next);
        _setValue(password("Confirm new password"), confirm);
    }

    private UserRepository.UserRow stored() {
        return tx.execute(s -> userRepository.findById(user.id())).orElseThrow();
    }

    private static TextField field(String label) {
        return _get(TextField.class, s -> s.withLabel(label));
    }

    private static PasswordField password(String label) {
        return _get(PasswordField.class, s -> s.withLabel(label));
    }

    private static Button button(String text) {
        return _get(Button.class, s -> s.withText(text));
    }
}
