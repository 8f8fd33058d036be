package dev.vlmconsole.app.passwordreset;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import dev.vlmconsole.api.services.SignInOptions;
import dev.vlmconsole.app.account.Emails;
import dev.vlmconsole.app.signin.LoginView;

/**
 * "Forgot password?": asks for the email address and answers the same whether or not it has an
 * account (or the request was throttled). With no mail server configured it says so instead.
 */
@Route(value = "forgot-password", autoLayout = false)
@PageTitle("Forgot password")
@AnonymousAllowed
public class ForgotPasswordView extends VerticalLayout implements BeforeEnterObserver {

    static final String CANNOT_SEND = "This console cannot send email: no mail server is configured, so it cannot"
            + " send you a reset link. Ask the person who runs the console to configure one (or to help you"
            + " sign in).";

    final EmailField email = new EmailField("Email");
    final Button send = new Button("Send reset link");
    final Paragraph answer = new Paragraph();
    static final String SSO_ONLY = "This console signs people in with single sign-on only: there is no password to"
            + " reset. Use the single sign-on button on the sign-in page; if your company account is locked, ask"
            + " your IT department.";

    private final PasswordResets resets;
    private final SignInOptions options;
    private final Div box = new Div();

    public ForgotPasswordView(PasswordResets resets, SignInOptions options) {
        this.resets = resets;
        this.options = options;
        addClassName("login-view");
        setSizeFull();
        setAlignItems(FlexComponent.Alignment.CENTER);
        setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);
        box.addClassName("login-box");
        add(box);
        email.setRequiredIndicatorVisible(true);
        email.setWidthFull();
        send.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        send.addClickShortcut(Key.ENTER);
        send.addClickListener(e -> submit());
        answer.addClassName("answer");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        box.removeAll();
        box.add(new H1("Forgot password"));
        if (!options.passwordsAllowed()) {
            answer.setText(SSO_ONLY);
            box.add(answer, new RouterLink("Back to sign in", LoginView.class));
            return;
        }
        if (!resets.canSend()) {
            answer.setText(CANNOT_SEND);
            box.add(answer, new RouterLink("Back to sign in", LoginView.class));
            return;
        }
        box.add(
                new Paragraph("Enter the email address you sign in with. We will send you a link to choose a new"
                        + " password."),
                email,
                send,
                new RouterLink("Back to sign in", LoginView.class));
    }

    private void submit() {
        email.setInvalid(false);
        if (!Emails.isValid(email.getValue())) {
            email.setErrorMessage("Enter a valid email address.");
            email.setInvalid(true);
            return;
        }
        PasswordResets.Answer result = resets.request(email.getValue());
        box.removeAll();
        box.add(new H1("Check your email"));
        answer.setText(
                result == PasswordResets.Answer.CANNOT_SEND
                        ? CANNOT_SEND
                        : "If an account has this address, we sent a link to it. The link works for "
                                + resets.ttl().toMinutes()
                                + " minutes and only once. Nothing arrived? Check your spam folder, or ask again"
                                + " in a few minutes.");
        box.add(answer, new RouterLink("Back to sign in", LoginView.class));
    }
}
