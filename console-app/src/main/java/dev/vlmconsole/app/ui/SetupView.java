package dev.vlmconsole.app.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import dev.vlmconsole.app.account.AccountService;
import dev.vlmconsole.app.account.FirstRun;

/**
 * One-time setup of an install started without bootstrap variables: the token from the log
 * proves the visitor runs the install; the form creates the first Owner and workspace.
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
    private final Div box = new Div();

    public SetupView(FirstRun firstRun) {
        this.firstRun = firstRun;
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
        email.setRequiredIndicatorVisible(true);
        password.setHelperText("At least " + AccountService.MIN_PASSWORD_LENGTH + " characters.");
        error.addClassName("error");
        error.setVisible(false);
        FormLayout form = new FormLayout(token, workspace, name, email, password, confirm);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        box.add(new Paragraph("Create the first Owner. The setup token is in the console's log; it works once."),
                form, error, create);
    }

    private void submit() {
        if (!password.getValue().equals(confirm.getValue())) {
            showError("The two passwords differ.");
            return;
        }
        try {
            firstRun.completeSetup(token.getValue(), email.getValue(), name.getValue(), password.getValue(), workspace.getValue());
            getUI().ifPresent(ui -> ui.navigate(LoginView.class));
        } catch (IllegalArgumentException | IllegalStateException ex) {
            showError(ex.getMessage());
        }
    }

    private void showError(String message) {
        error.setText(message);
        error.setVisible(true);
    }
}
