package dev.vlmconsole.app.profile;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.Names;
import dev.vlmconsole.api.ui.FieldErrors;
import dev.vlmconsole.app.account.AccountService;
import dev.vlmconsole.app.signin.SignInPausedException;
import dev.vlmconsole.app.twofactor.TwoFactorSection;
import dev.vlmconsole.app.twofactor.TwoFactorService;
import jakarta.annotation.security.PermitAll;

/**
 * The signed-in person's profile: name, password, two-factor sign-in (with the acting workspace's
 * requirement of it, for its Owners), signing out of every session, and leaving the current
 * workspace ({@link LeaveWorkspace}). Declared in
 * {@link dev.vlmconsole.app.modules.CoreModule#navigation()} for every signed-in person, workspace
 * or not; the user menu links to it too.
 */
@PageTitle("Profile")
@PermitAll
public class ProfileView extends VerticalLayout {

    final TextField name = new TextField("Name");
    final EmailField email = new EmailField("Email");
    final PasswordField current = new PasswordField("Current password");
    final PasswordField next = new PasswordField("New password");
    final PasswordField confirm = new PasswordField("Confirm new password");
    final Button saveName;
    final Button changePassword;
    final Button signOutEverywhere;
    private final FieldErrors nameErrors = new FieldErrors().bind(Names.DISPLAY_NAME.field(), name);
    private final FieldErrors passwordErrors =
            new FieldErrors().bind(AccountService.CURRENT_PASSWORD, current).bind(AccountService.NEW_PASSWORD, next);

    final TwoFactorSection twoFactor;

    public ProfileView(
            AccountService accounts,
            TwoFactorService twoFactorService,
            AuthenticationContext authentication,
            LeaveWorkspace leave) {
        setMaxWidth("720px");
        addClassName("profile-view");
        AccountService.Profile profile = accounts.profile();
        name.setValue(profile.displayName());
        name.setMaxLength(Names.DISPLAY_NAME.maxLength());
        name.setRequired(true);
        email.setValue(profile.email());
        email.setReadOnly(true);
        email.setHelperText("Your sign-in email. Ask support to change it.");
        saveName = new Button("Save name", e -> {
            nameErrors.clear();
            try {
                accounts.rename(name.getValue());
                ok("Name saved");
            } catch (InvalidInputException ex) {
                nameErrors.show(ex).forEach(unplaced -> showOn(name, unplaced.message()));
            }
        });
        saveName.addThemeVariants(ButtonVariant.LUMO_PRIMARY);

        next.setHelperText("At least " + AccountService.MIN_PASSWORD_LENGTH + " characters.");
        changePassword = new Button("Change password", e -> changePassword(accounts));
        FormLayout details = new FormLayout(name, email);
        FormLayout password = new FormLayout(current, next, confirm);
        signOutEverywhere = new Button("Sign out everywhere", e -> confirmSignOutEverywhere(accounts, authentication));
        signOutEverywhere.addThemeVariants(ButtonVariant.LUMO_ERROR);
        twoFactor = new TwoFactorSection(twoFactorService);
        add(
                new H1("Profile"),
                details,
                saveName,
                new H2("Password"),
                password,
                changePassword,
                twoFactor,
                new H2("Sessions"),
                new Paragraph("Changing the password signs you out on every other device. Lost a device, or signed in "
                        + "somewhere you should not have? Sign out everywhere."),
                signOutEverywhere,
                leave);
    }

    private static void confirmSignOutEverywhere(AccountService accounts, AuthenticationContext authentication) {
        ConfirmDialog dialog = new ConfirmDialog();
        dialog.setHeader("Sign out everywhere?");
        dialog.setText(
                "Every session of yours ends, on every device, this one included. You can sign in again at once.");
        dialog.setCancelable(true);
        dialog.setConfirmText("Sign out everywhere");
        dialog.setConfirmButtonTheme("error primary");
        dialog.addConfirmListener(e -> {
            accounts.signOutEverywhere();
            authentication.logout();
        });
        dialog.open();
    }

    private void changePassword(AccountService accounts) {
        passwordErrors.clear();
        confirm.setInvalid(false);
        if (!next.getValue().equals(confirm.getValue())) {
            showOn(confirm, "The two new passwords differ.");
            return;
        }
        try {
            accounts.changePassword(current.getValue(), next.getValue());
            current.clear();
            next.clear();
            confirm.clear();
            ok("Password changed");
        } catch (SignInPausedException ex) {
            showOn(current, "Too many wrong passwords. " + SignInPausedException.tryAgainIn(ex.retryAfter()));
        } catch (InvalidInputException ex) {
            // routed by field, never by the message's words
            passwordErrors.show(ex).forEach(unplaced -> showOn(next, unplaced.message()));
        }
    }

    private static void showOn(HasValidation field, String message) {
        field.setErrorMessage(message);
        field.setInvalid(true);
    }

    private static void ok(String text) {
        Notification.show(text, 3000, Notification.Position.BOTTOM_START)
                .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }
}
