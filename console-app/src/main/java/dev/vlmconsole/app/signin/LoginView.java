package dev.vlmconsole.app.signin;

import com.vaadin.flow.component.html.Anchor;
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
import dev.vlmconsole.api.services.SignInOptions;
import dev.vlmconsole.app.passwordreset.ForgotPasswordView;
import dev.vlmconsole.app.setup.FirstRun;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Sign-in page. Failed and throttled attempts come back here with a plain message. With single sign-on
 * configured, its button stands above the password form; when SSO is the only way in, the button alone,
 * with a small link that reveals the form for the operators' break-glass sign-in (DD034).
 */
@Route(value = "login", autoLayout = false)
@PageTitle("Sign in")
@AnonymousAllowed
public class LoginView extends VerticalLayout implements BeforeEnterObserver {

    /** The query parameter that reveals the password form of an SSO-only install. */
    public static final String BREAK_GLASS = "break-glass";

    final LoginForm login = new LoginForm();
    private final FirstRun firstRun;
    private final SignInOptions options;
    final RouterLink forgotPassword = new RouterLink("Forgot password?", ForgotPasswordView.class);
    final Anchor ssoButton = new Anchor();
    final Paragraph or = new Paragraph("or sign in with your email and password");
    final Paragraph ssoError = new Paragraph();
    final Anchor breakGlass = new Anchor("login?" + BREAK_GLASS, "Operator sign-in (break-glass)");
    private final Paragraph setupHint =
            new Paragraph("First run? No one can sign in yet: open the setup link that the console wrote to its log.");

    public LoginView(FirstRun firstRun, SignInOptions options) {
        this.firstRun = firstRun;
        this.options = options;
        addClassName("login-view");
        setSizeFull();
        setAlignItems(FlexComponent.Alignment.CENTER);
        setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);
        login.setAction("login");
        login.setForgotPasswordButtonVisible(false);
        login.setI18n(i18n(null));
        setupHint.addClassName("hint");
        ssoError.addClassName("error");
        ssoError.getElement().setAttribute("role", "alert");
        ssoError.setVisible(false);
        or.addClassName("sso-or");
        breakGlass.addClassName("break-glass-link");
        breakGlass.setRouterIgnore(true);
        Div box = new Div(new H1("Account console"), new Paragraph("Sign in to manage API keys, team and billing."));
        if (options.ssoEnabled()) {
            ssoButton.setText(options.ssoButtonLabel());
            // a plain link: the browser leaves for the provider, the Vaadin router must not handle it
            ssoButton.setHref(options.ssoSignInUrl(""));
            ssoButton.setRouterIgnore(true);
            ssoButton.addClassName("sso-button");
            box.add(ssoError, ssoButton, or);
        }
        box.add(login, forgotPassword);
        if (options.ssoEnabled() && !options.passwordsAllowed()) {
            box.add(breakGlass);
        }
        box.add(setupHint);
        box.addClassName("login-box");
        add(box);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        show(event.getLocation().getQueryParameters().getParameters());
    }

    /** Shows the page for the query parameters of its address. */
    void show(Map<String, List<String>> params) {
        setupHint.setVisible(firstRun.setupOpen());
        boolean formShown = options.passwordsAllowed()
                || params.containsKey(BREAK_GLASS)
                || params.containsKey("error")
                || params.containsKey("locked");
        login.setVisible(formShown);
        or.setVisible(options.passwordsAllowed());
        // SSO-only: no one resets a password (the break-glass operators keep theirs)
        forgotPassword.setVisible(options.passwordsAllowed());
        breakGlass.setVisible(!formShown);
        ssoError.setVisible(false);
        if (params.containsKey("sso")) {
            ssoError.setText(ssoMessage(params.get("sso").getFirst()));
            ssoError.setVisible(true);
        }
        if (params.containsKey("locked")) {
            login.setI18n(i18n(pauseMessage(params.get("locked").getFirst())));
            login.setError(true);
        } else if (params.containsKey("error")) {
            login.setI18n(i18n(null));
            login.setError(true);
        }
    }

    /**
     * The page's own sentence for {@code ?sso=<code>} (a single sign-on that did not sign anyone in);
     * nothing of the query string is shown.
     */
    static String ssoMessage(String code) {
        return switch (code == null ? "" : code) {
            case "unavailable" ->
                "The single sign-on provider cannot be reached right now. Try again in a moment; if it keeps"
                        + " happening, tell the person who runs this console.";
            case "unverified" ->
                "Your identity provider has not verified your email address, so the console cannot sign you in"
                        + " with it. Verify the address there, then try again.";
            case "linked" ->
                "The account with your email address is already linked to another identity of your provider."
                        + " Ask the person who runs this console.";
            default -> "Single sign-on did not complete, so you are not signed in. Try again.";
        };
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
