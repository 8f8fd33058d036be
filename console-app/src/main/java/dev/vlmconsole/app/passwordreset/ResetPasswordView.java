package dev.vlmconsole.app.passwordreset;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.app.account.AccountService;
import dev.vlmconsole.app.signin.LoginView;

/**
 * The page a reset link opens ({@code /reset-password/<token>}, without signing in): a new password
 * with the console's rules; used, expired and replaced links say so in plain words.
 */
@Route(value = "reset-password", autoLayout = false)
@PageTitle("Choose a new password")
@AnonymousAllowed
public class ResetPasswordView extends VerticalLayout implements HasUrlParameter<String> {

    final PasswordField password = new PasswordField("New password");
    final PasswordField confirm = new PasswordField("Confirm new password");
    final Button save = new Button("Set new password");
    final Paragraph message = new Paragraph();
    private final PasswordResets resets;
    private final Div box = new Div();
    private String token = "";

    public ResetPasswordView(PasswordResets resets) {
        this.resets = resets;
        addClassName("login-view");
        setSizeFull();
        setAlignItems(FlexComponent.Alignment.CENTER);
        setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);
        box.addClassName("login-box");
        add(box);
        password.setHelperText("At least " + AccountService.MIN_PASSWORD_LENGTH + " characters.");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickShortcut(Key.ENTER);
        save.addClickListener(e -> submit());
        message.addClassName("answer");
    }

    @Override
    public void setParameter(BeforeEvent event, String parameter) {
        token = parameter == null ? "" : parameter;
        PasswordResets.LinkState state = resets.check(token);
        if (state != PasswordResets.LinkState.VALID) {
            showUnusable(state);
            return;
        }
        box.removeAll();
        FormLayout form = new FormLayout(password, confirm);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        box.add(
                new H1("Choose a new password"),
                new Paragraph("Setting it signs you out of the console everywhere; then sign in with the new one."),
                form,
                save);
    }

    private void submit() {
        password.setInvalid(false);
        confirm.setInvalid(false);
        if (!password.getValue().equals(confirm.getValue())) {
            confirm.setErrorMessage("The two passwords differ.");
            confirm.setInvalid(true);
            return;
        }
        try {
            resets.reset(token, password.getValue());
        } catch (InvalidInputException e) {
            password.setErrorMessage(e.messageFor(PasswordResets.PASSWORD).orElse(e.getMessage()));
            password.setInvalid(true);
            return;
        } catch (PasswordResets.LinkNotUsableException e) {
            showUnusable(e.state());
            return;
        }
        box.removeAll();
        message.setText("Your password is changed, and every session you had is signed out. Sign in with the"
                + " new password.");
        box.add(new H1("Password changed"), message, new RouterLink("Sign in", LoginView.class));
    }

    private void showUnusable(PasswordResets.LinkState state) {
        box.removeAll();
        message.setText(PasswordResets.describe(state));
        box.add(
                new H1("This link cannot be used"),
                message,
                new RouterLink("Ask for a new link", ForgotPasswordView.class),
                new RouterLink("Sign in", LoginView.class));
    }
}
