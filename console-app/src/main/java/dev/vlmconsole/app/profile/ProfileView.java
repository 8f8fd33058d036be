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
import dev.vlmconsole.api.services.SignInOptions;
import dev.vlmconsole.api.ui.FieldErrors;
import dev.vlmconsole.app.account.AccountService;
import dev.vlmconsole.app.signin.SignInPausedException;
import dev.vlmconsole.app.sso.SsoIdentities;
import dev.vlmconsole.app.twofactor.TwoFactorSection;
import dev.vlmconsole.app.twofactor.TwoFactorService;
import jakarta.annotation.security.PermitAll;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The signed-in person's profile: name, how they sign in (single sign-on, password or both: see
 * {@link SsoIdentities}), password (none to change for a person without one, nor for anyone when the
 * install is SSO-only), two-factor sign-in (with the acting workspace's
 * requirement of it, for its Owners), signing out of every session, and leaving the current
 * workspace ({@link LeaveWorkspace}). Declared in
 * {@link dev.vlmconsole.app.modules.CoreModule#navigation()} for every signed-in person, workspace
 * or not; the user menu links to it too.
 */
@PageTitle("Profile")
@PermitAll
public class ProfileView extends VerticalLayout {

    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final String SIGN_IN_WITH = "sign in with ";

    final TextField name = new TextField("Name");
    final EmailField email = new EmailField("Email");
    final PasswordField current = new PasswordField("Current password");
    final PasswordField next = new PasswordField("New password");
    final PasswordField confirm = new PasswordField("Confirm new password");
    final Button saveName;
    final Button changePassword;
    final Button signOutEverywhere;
    /** How the person signs in, in a sentence or two. */
    final Paragraph signInWith = new Paragraph();
    /** Why there is no password form, when there is none. */
    final Paragraph noPassword = new Paragraph();
    /** Whether the page offers a password change. */
    final boolean passwordChangeOffered;

    private final FieldErrors nameErrors = new FieldErrors().bind(Names.DISPLAY_NAME.field(), name);
    private final FieldErrors passwordErrors =
            new FieldErrors().bind(AccountService.CURRENT_PASSWORD, current).bind(AccountService.NEW_PASSWORD, next);

    final TwoFactorSection twoFactor;

    public ProfileView(
            AccountService accounts,
            TwoFactorService twoFactorService,
            AuthenticationContext authentication,
            LeaveWorkspace leave,
            ObjectProvider<SsoIdentities> identities,
            ObjectProvider<SignInOptions> signInOptions) {
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
        SsoIdentities sso = identities.getIfAvailable();
        SignInOptions options = signInOptions.getIfAvailable();
        Optional<SsoIdentities.Identity> identity = sso == null ? Optional.empty() : sso.identityOf(profile.id());
        boolean hasPassword = sso == null || sso.hasPassword(profile.id());
        boolean passwordsAllowed = options == null || options.passwordsAllowed();
        passwordChangeOffered = hasPassword && passwordsAllowed;
        signInWith.setText(howYouSignIn(identity, hasPassword, options));
        noPassword.setText(
                hasPassword
                        ? "This console signs people in with single sign-on only: your identity provider "
                                + "manages your password."
                        : "Your identity provider manages your password.");
        noPassword.setVisible(!passwordChangeOffered);
        password.setVisible(passwordChangeOffered);
        changePassword.setVisible(passwordChangeOffered);
        signOutEverywhere = new Button("Sign out everywhere", e -> confirmSignOutEverywhere(accounts, authentication));
        signOutEverywhere.addThemeVariants(ButtonVariant.LUMO_ERROR);
        twoFactor = new TwoFactorSection(twoFactorService);
        add(
                new H1("Profile"),
                details,
                saveName,
                new H2("How you sign in"),
                signInWith,
                new H2("Password"),
                noPassword,
                password,
                changePassword,
                twoFactor,
                new H2("Sessions"),
                new Paragraph(
                        (passwordChangeOffered ? "Changing the password signs you out on every other device. " : "")
                                + "Lost a device, or signed in somewhere you should not have? Sign out everywhere."),
                signOutEverywhere,
                leave);
    }

    /**
     * "You sign in with SSO (https://idp.example.com/realms/acme) since 2026-11-30 and with your password."
     * The button's label "Sign in with X" reads as X.
     */
    static String howYouSignIn(Optional<SsoIdentities.Identity> identity, boolean hasPassword, SignInOptions options) {
        List<String> ways = new ArrayList<>();
        identity.ifPresent(i -> ways.add(ssoName(options) + " (" + i.issuer() + ") since " + DAY.format(i.linkedAt())));
        if (hasPassword) {
            ways.add("your password");
        }
        if (ways.isEmpty()) {
            return "You sign in with your company's identity provider.";
        }
        return "You sign in with " + String.join(" and with ", ways) + ".";
    }

    private static String ssoName(SignInOptions options) {
        String label = options == null ? "" : options.ssoButtonLabel().strip();
        if (label.toLowerCase(Locale.ROOT).startsWith(SIGN_IN_WITH) && label.length() > SIGN_IN_WITH.length()) {
            return label.substring(SIGN_IN_WITH.length());
        }
        return label.isEmpty() ? "single sign-on" : label;
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
