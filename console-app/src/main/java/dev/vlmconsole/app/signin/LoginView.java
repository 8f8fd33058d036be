package dev.vlmconsole.app.signin;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import dev.vlmconsole.app.passwordreset.ForgotPasswordView;
import dev.vlmconsole.app.setup.FirstRun;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Sign-in page. Failed and throttled attempts come back here with a plain message. */
@Route(value = "login", autoLayout = false)
@PageTitle("Sign in")
@AnonymousAllowed
public class LoginView extends VerticalLayout implements BeforeEnterObserver {

    final LoginForm login = new LoginForm();
    private final FirstRun firstRun;
    final RouterLink forgotPassword = new RouterLink("Forgot password?", ForgotPasswordView.class);
    private final Paragraph setupHint =
            new Paragraph("First run? No one can sign in yet: open the setup link that the console wrote to its log.");

    public LoginView(FirstRun firstRun) {
        this.firstRun = firstRun;
        addClassName("login-view");
        setSizeFull();
        setAlignItems(FlexComponent.Alignment.CENTER);
        setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);
        login.setAction("login");
        login.setForgotPasswordButtonVisible(false);
        login.setI18n(i18n(null));
        setupHint.addClassName("hint");
        Div box = new Div(
                new H1("Account console"),
                new Paragraph("Sign in to manage API keys, team and billing."),
                login,
                forgotPassword,
                setupHint);
        box.addClassName("login-box");
        add(box);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Map<String, List<String>> params =
                event.getLocation().getQueryParameters().getParameters();
        setupHint.setVisible(firstRun.setupOpen());
        if (params.containsKey("locked")) {
            login.setI18n(i18n(pauseMessage(params.get("locked").getFirst())));
            login.setError(true);
        } else if (params.containsKey("error")) {
            login.setI18n(i18n(null));
            login.setError(true);
        }
    }

    /**
     * The page's own sentence for {@code ?locked=<seconds>}; nothing of the query string is shown,
     * so a link cannot make the console's sign-in page say what its author wants.
     */
    static String pauseMessage(String seconds) {
        String sentence = "Too many failed sign-ins. ";
        if (seconds != null && seconds.matches("[0-9]{1,5}")) {
            return sentence + SignInPausedException.tryAgainIn(Duration.ofSeconds(Long.parseLong(seconds)));
        }
        return sentence + "Try again later.";
    }

    private static LoginI18n i18n(String pauseMessage) {
        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setTitle("Sign in");
        i18n.getForm().setUsername("Email");
        if (pauseMessage != null) {
            i18n.getErrorMessage().setTitle("Sign-in paused");
            i18n.getErrorMessage().setMessage(pauseMessage);
        } else {
            i18n.getErrorMessage().setTitle("Incorrect email or password");
            i18n.getErrorMessage().setMessage("Check them and try again. Repeated failures pause sign-in for a while.");
        }
        return i18n;
    }
}
