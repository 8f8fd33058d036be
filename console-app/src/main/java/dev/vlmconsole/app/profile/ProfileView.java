package dev.vlmconsole.app.profile;

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
import dev.vlmconsole.api.Names;
import dev.vlmconsole.app.account.AccountService;
import dev.vlmconsole.app.signin.SignInPausedException;
import jakarta.annotation.security.PermitAll;

/**
 * The signed-in person's profile: name, password, and signing out of every session. Declared in
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

    public ProfileView(AccountService accounts, AuthenticationContext authentication) {
        setMaxWidth("720px");
        AccountService.Profile profile = accounts.profile();
        name.setValue(profile.displayName());
        name.setMaxLength(Names.DISPLAY_NAME.maxLength());
        name.setRequired(true);
        email.setValue(profile.email());
        email.setReadOnly(true);
        email.setHelperText("Your sign-in email. Ask support to change it.");
        saveName = new Button("Save name", e -> {
            try {
                accounts.rename(name.getValue());
                name.setInvalid(false);
                ok("Name saved");
            } catch (IllegalArgumentException ex) {
                name.setErrorMessage(ex.getMessage());
                name.setInvalid(true);
            }
        });
        saveName.addThemeVariants(ButtonVariant.LUMO_PRIMARY);

        next.setHelperText("At least " + AccountService.MIN_PASSWORD_LENGTH + " characters.");
        changePassword = new Button("Change password", e -> changePassword(accounts));
        FormLayout details = new FormLayout(name, email);
        FormLayout password = new FormLayout(current, next, confirm);
        signOutEverywhere = new Button("Sign out everywhere", e -> confirmSignOutEverywhere(accounts, authentication));
        signOutEverywhere.addThemeVariants(ButtonVariant.LUMO_ERROR);
        add(new H1("Profile"), details, saveName, new H2("Password"), password, changePassword,
                new H2("Sessions"),
                new Paragraph("Changing the password signs you out on every other device. Lost a device, or signed in "
                        + "somewhere you should not have? Sign out everywhere."),
                signOutEverywhere);
    }

    private static void confirmSignOutEverywhere(AccountService accounts, AuthenticationContext authentication) {
        ConfirmDialog dialog = new ConfirmDialog();
        dialog.setHeader("Sign out everywhere?");
        dialog.setText("Every session of yours ends, on every device, this one included. You can sign in again at once.");
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
        current.setInvalid(false);
        next.setInvalid(false);
        confirm.setInvalid(false);
        if (!next.getValue().equals(confirm.getValue())) {
            confirm.setErrorMessage("The two new passwords differ.");
            confirm.setInvalid(true);
            return;
        }
        try {
            accounts.changePassword(current.getValue(), next.getValue());
            current.clear();
            next.clear();
            confirm.clear();
            ok("Password changed");
        } catch (SignInPausedException ex) {
            current.setErrorMessage("Too many wrong passwords. " + SignInPausedException.tryAgainIn(ex.retryAfter()));
            current.setInvalid(true);
        } catch (IllegalArgumentException ex) {
            PasswordField field = ex.getMessage().contains("current") ? current : next;
            field.setErrorMessage(ex.getMessage());
            field.setInvalid(true);
        }
    }

    private static void ok(String text) {
        Notification.show(text, 3000, Notification.Position.BOTTOM_START).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }
}
