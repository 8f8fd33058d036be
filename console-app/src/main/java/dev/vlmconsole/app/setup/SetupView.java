package dev.vlmconsole.app.setup;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.shared.HasValidationProperties;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.VaadinServletResponse;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.Names;
import dev.vlmconsole.app.account.AccountService;
import dev.vlmconsole.app.security.CurrentConsoleContext;
import dev.vlmconsole.app.signin.LoginView;
import dev.vlmconsole.app.signin.SessionSignIn;
import java.util.Map;

/**
 * One-time setup of an install started without bootstrap variables: the token from the log
 * proves the visitor runs the install; the form creates the first Owner and workspace, and the
 * new Owner lands signed in, in that workspace.
 */
@Route(value = "setup", autoLayout = false)
@PageTitle("Set up the console")
@AnonymousAllowed
public class SetupView extends VerticalLayout implements BeforeEnterObserver {

    final TextField token = new TextField("Setup token");
    final TextField workspace = new TextField("Workspace name");
    final TextField name = new TextField("Your name");
    final EmailField email = new EmailField("Email");
    final PasswordField password = new PasswordField("Password");
    final PasswordField confirm = new PasswordField("Confirm password");
    final Button create = new Button("Create Owner and workspace");
    final Paragraph error = new Paragraph();
    private final FirstRun firstRun;
    private final SessionSignIn signIn;
    private final CurrentConsoleContext context;
    private final Div box = new Div();
    private final Map<String, HasValidationProperties> fields = Map.of(
            "token",
            token,
            Names.WORKSPACE_NAME.field(),
            workspace,
            Names.DISPLAY_NAME.field(),
            name,
            "email",
            email,
            "password",
            password);

    public SetupView(FirstRun firstRun, SessionSignIn signIn, CurrentConsoleContext context) {
        this.firstRun = firstRun;
        this.signIn = signIn;
        this.context = context;
        addClassName("login-view");
        setSizeFull();
        setAlignItems(FlexComponent.Alignment.CENTER);
        setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);
        box.addClassName("login-box");
        add(box);
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickShortcut(Key.ENTER);
        create.addClickListener(e -> submit());
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        box.removeAll();
        box.add(new H1("Set up the console"));
        if (!firstRun.setupOpen()) {
            box.add(new Paragraph("Setup is complete."), new RouterLink("Sign in", LoginView.class));
            return;
        }
        event.getLocation().getQueryParameters().getSingleParameter("token").ifPresent(token::setValue);
        workspace.setValue("Default workspace");
        workspace.setRequired(true);
        workspace.setMaxLength(Names.WORKSPACE_NAME.maxLength());
        name.setMaxLength(Names.DISPLAY_NAME.maxLength());
        email.setRequiredIndicatorVisible(true);
        password.setHelperText("At least " + AccountService.MIN_PASSWORD_LENGTH + " characters.");
        error.addClassName("error");
        error.setVisible(false);
        FormLayout form = new FormLayout(token, workspace, name, email, password, confirm);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        box.add(
                new Paragraph("Create the first Owner. The setup token is in the console's log; it works once."),
                form,
                error,
                create);
    }

    private void submit() {
        fields.values().forEach(f -> f.setInvalid(false));
        confirm.setInvalid(false);
        error.setVisible(false);
        if (!password.getValue().equals(confirm.getValue())) {
            confirm.setErrorMessage("The two passwords differ.");
            confirm.setInvalid(true);
            return;
        }
        FirstRun.SetUp setUp;
        try {
            setUp = firstRun.completeSetup(
                    token.getValue(), email.getValue(), name.getValue(), password.getValue(), workspace.getValue());
        } catch (InvalidInputException ex) {
            HasValidationProperties field = fields.get(ex.field());
            if (field == null) {
                showError(ex.getMessage());
                return;
            }
            field.setErrorMessage(ex.getMessage());
            field.setInvalid(true);
            return;
        } catch (IllegalArgumentException | IllegalStateException ex) {
            showError(ex.getMessage());
            return;
        }
        signIn.signIn(
                setUp.ownerEmail(),
                VaadinServletRequest.getCurrent().getHttpServletRequest(),
                VaadinServletResponse.getCurrent().getHttpServletResponse());
        context.choose(setUp.workspaceId());
        // a fresh page load, so that every later request carries the new session id
        getUI().ifPresent(ui -> ui.getPage().setLocation("./"));
    }

    private void showError(String message) {
        error.setText(message);
        error.setVisible(true);
    }
}
