package dev.vlmconsole.app.twofactor;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.app.account.ConsoleUser;
import dev.vlmconsole.app.modules.CoreModule;
import dev.vlmconsole.app.security.CurrentConsoleContext;
import dev.vlmconsole.app.signin.SignInPausedException;
import dev.vlmconsole.app.workspaces.WorkspaceService;
import jakarta.annotation.security.PermitAll;
import java.util.List;

/**
 * The second step of sign-in, outside the console's layout: the code of the person's authenticator app
 * (or a recovery code); or, for a person of whom two-factor sign-in is required and who has none, its
 * set-up. Every other page sends them here until then ({@link TwoFactorFilter},
 * {@link TwoFactorNavigationGuard}; DD017).
 */
@Route(value = TwoFactorView.ROUTE, autoLayout = false)
@PageTitle("Two-factor sign-in")
@PermitAll
public class TwoFactorView extends VerticalLayout implements BeforeEnterObserver {

    public static final String ROUTE = "two-factor";

    final TextField code = new TextField("Code");
    final Button verify;
    private final TwoFactorService service;
    private final TwoFactorGate gate;
    private final SecondFactorSession session;
    private final CurrentConsoleContext context;
    private final WorkspaceService workspaces;
    private final AuthenticationContext authentication;
    private final Div box = new Div();

    public TwoFactorView(
            TwoFactorService service,
            TwoFactorGate gate,
            SecondFactorSession session,
            CurrentConsoleContext context,
            WorkspaceService workspaces,
            AuthenticationContext authentication) {
        this.service = service;
        this.gate = gate;
        this.session = session;
        this.context = context;
        this.workspaces = workspaces;
        this.authentication = authentication;
        addClassName("login-view");
        setSizeFull();
        setAlignItems(FlexComponent.Alignment.CENTER);
        setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);
        box.addClassName("login-box");
        box.setMaxWidth("36em");
        code.setMaxLength(40);
        code.setWidthFull();
        code.getElement().setAttribute("autocomplete", "one-time-code");
        code.setHelperText("The 6-digit code your authenticator app shows, or one of your recovery codes.");
        verify = new Button("Verify", e -> verify());
        verify.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        verify.addClickShortcut(Key.ENTER);
        add(box);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        box.removeAll();
        switch (gate.need()) {
            case NOTHING -> event.forwardTo(CoreModule.HOME_PATH);
            case CODE -> showCode();
            case ENROLMENT -> showEnrolment();
        }
    }

    private void showCode() {
        box.add(
                new H1("Two-factor sign-in"),
                new Paragraph("Enter the code from your authenticator app to finish signing in."),
                code,
                new HorizontalLayout(verify, signOut()),
                new Paragraph("Lost your phone? Enter one of your recovery codes instead; each works once."));
        code.focus();
    }

    private void verify() {
        code.setInvalid(false);
        try {
            service.verify(code.getValue());
            // a full load: the session has a new id, and the page the person asked for starts afresh
            UI.getCurrent().getPage().setLocation(session.takeContinue());
        } catch (SignInPausedException ex) {
            showError("Too many wrong codes. " + SignInPausedException.tryAgainIn(ex.retryAfter()));
        } catch (InvalidInputException ex) {
            showError(ex.getMessage());
        }
    }

    private void showError(String message) {
        code.clear();
        code.setErrorMessage(message);
        code.setInvalid(true);
    }

    private void showEnrolment() {
        ConsoleUser me = context.user().orElseThrow();
        String why = gate.requiredBecause(me)
                .map(reason -> switch (reason) {
                    case OPERATOR ->
                        "Operators of this console sign in with a code from an authenticator app as "
                                + "well as the password. Set it up to continue.";
                    case WORKSPACE ->
                        "The workspace \u201c"
                                + context.workspace().map(WorkspaceRef::name).orElse("")
                                + "\u201d requires two-factor sign-in of its members. Set it up to open it.";
                })
                .orElse("Set up two-factor sign-in to continue.");
        box.add(new H1("Set up two-factor sign-in"), new Paragraph(why));
        List<WorkspaceRef> others = service.workspacesNotRequiring();
        if (gate.requiredBecause(me)
                        .filter(r -> r == TwoFactorGate.Reason.WORKSPACE)
                        .isPresent()
                && !others.isEmpty()) {
            HorizontalLayout switches = new HorizontalLayout();
            switches.setWrap(true);
            for (WorkspaceRef w : others) {
                switches.add(new Button(w.name(), e -> {
                    workspaces.switchTo(w.id());
                    UI.getCurrent().getPage().setLocation("/");
                }));
            }
            box.add(new Paragraph("Or open another of your workspaces:"), switches);
        }
        box.add(new EnrolmentPanel(service, this::showRecoveryCodes), signOut());
    }

    private void showRecoveryCodes(List<String> recovery) {
        box.removeAll();
        Button next = new Button("Continue", e -> UI.getCurrent().getPage().setLocation(session.takeContinue()));
        next.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        box.add(new H1("Two-factor sign-in is on"), new RecoveryCodesPanel(recovery), next);
    }

    private Button signOut() {
        Button out = new Button("Sign out", e -> authentication.logout());
        out.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        return out;
    }
}
