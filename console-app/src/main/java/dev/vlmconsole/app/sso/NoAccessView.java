package dev.vlmconsole.app.sso;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.vlmconsole.app.ConsoleProperties;
import dev.vlmconsole.app.account.ConsoleUser;
import dev.vlmconsole.app.security.CurrentConsoleContext;
import dev.vlmconsole.app.signin.LoginView;
import java.util.Optional;

/**
 * "No access yet": where single sign-on leaves a person who belongs to no workspace (signed in, with a
 * sign-out button) or whom the console does not know at all (not signed in: no account, no invitation,
 * no claimed domain), naming whom to ask; never an empty console (DD034). Someone who has a workspace by
 * now is sent on to it.
 */
@Route(value = NoAccessView.ROUTE, autoLayout = false)
@PageTitle("No access yet")
@AnonymousAllowed
public class NoAccessView extends VerticalLayout implements BeforeEnterObserver {

    public static final String ROUTE = "no-access";

    final Paragraph explanation = new Paragraph();
    final Paragraph whomToAsk = new Paragraph();
    final Button signOut;
    final RouterLink backToSignIn = new RouterLink("Back to sign in", LoginView.class);
    private final CurrentConsoleContext context;

    public NoAccessView(
            CurrentConsoleContext context, AuthenticationContext authentication, ConsoleProperties settings) {
        this.context = context;
        addClassName("login-view");
        setSizeFull();
        setAlignItems(FlexComponent.Alignment.CENTER);
        setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);
        signOut = new Button("Sign out", e -> authentication.logout());
        signOut.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        whomToAsk.setText(whomToAsk(settings.supportContact()));
        whomToAsk.addClassName("no-access-contact");
        explanation.addClassName("no-access-explanation");
        Div box = new Div(new H1("No access yet"), explanation, whomToAsk, signOut, backToSignIn);
        box.addClassName("login-box");
        box.setMaxWidth("32em");
        add(box);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Optional<ConsoleUser> user = context.user();
        if (user.isPresent() && (user.get().operator() || !context.memberships().isEmpty())) {
            event.forwardTo("");
            return;
        }
        if (user.isPresent()) {
            explanation.setText("You are signed in as " + user.get().email()
                    + ", but you do not belong to any workspace of this console yet.");
        } else {
            explanation.setText("Your company's sign-in worked, but this console has no account for you yet:"
                    + " nobody has invited you, and your email's domain does not belong to a workspace here.");
        }
        signOut.setVisible(user.isPresent());
        backToSignIn.setVisible(user.isEmpty());
    }

    /** Whom to ask: the install's support contact when it has one, else the people who can invite. */
    static String whomToAsk(String supportContact) {
        String contact = supportContact == null ? "" : supportContact.strip();
        if (contact.isEmpty()) {
            return "Ask the person who runs this console, or an Owner of the workspace you should be in, to invite you.";
        }
        return "Ask " + contact + " for access, or ask an Owner of the workspace you should be in to invite you.";
    }
}
