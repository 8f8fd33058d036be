package dev.vlmconsole.app.operators.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.router.PageTitle;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.ui.EmptyState;
import dev.vlmconsole.api.ui.FieldErrors;
import dev.vlmconsole.api.ui.Notifications;
import dev.vlmconsole.api.ui.RowActions;
import dev.vlmconsole.api.ui.StatusBadge;
import dev.vlmconsole.app.dashboard.DashboardView;
import dev.vlmconsole.app.operators.OperatorPeople;
import dev.vlmconsole.app.operators.OperatorRepository.Person;
import jakarta.annotation.security.PermitAll;
import java.util.List;
import java.util.UUID;

/**
 * Operators → Operators: the install's support staff. An operator makes another person (who has an
 * account) an operator, from that person's next sign-in, and withdraws the flag, from the person's next
 * click, never the last operator's; each with a reason, recorded in the install-wide audit log.
 */
@PageTitle("Operators")
@PermitAll
@StyleSheet(OperatorWorkspacesView.STYLESHEET)
public class OperatorsView extends VerticalLayout {

    /** Where the page lives. */
    public static final String PATH = "operators/people";

    private final OperatorPeople people;
    private final UUID me;
    final EmailField email = new EmailField("Email");
    final Button grant = new Button("Make operator…", VaadinIcon.PLUS.create());
    final Paragraph lastOne = new Paragraph();
    final Grid<Person> grid = new Grid<>();
    private final FieldErrors errors = new FieldErrors();
    /** How many operators the list shows: the last one offers no withdrawal. */
    private int count;

    public OperatorsView(OperatorPeople people, ConsoleContext context) {
        if (!context.can(Permissions.OPERATOR)) { // the route guard refused already; a page made by hand refuses too
            throw new PermissionDeniedException(Permissions.OPERATOR);
        }
        this.people = people;
        this.me = context.actor().id();
        addClassName("operators-people");
        add(
                new H1("Operators"),
                new Paragraph("Operators are this install's support staff: they see every workspace, open one as "
                        + "support, suspend and resume workspaces and manage platform keys. Every change here is "
                        + "recorded in the install's audit log with its reason."));
        lastOne.addClassName("hint");
        add(grantForm(), new H2("Current operators"), lastOne, grid);
        configureGrid();
        refresh();
    }

    private Component grantForm() {
        email.setPlaceholder("person@example.com");
        email.setHelperText("Someone with an account. They get the Operators pages at their next sign-in.");
        email.setClearButtonVisible(true);
        email.setMinWidth("20rem");
        errors.bind(OperatorPeople.EMAIL, email);
        grant.addThemeVariants(ButtonVariant.PRIMARY);
        grant.addClickListener(e -> openGrant());
        HorizontalLayout form = new HorizontalLayout(email, grant);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);
        form.addClassName("operators-grant");
        form.setWrap(true);
        return form;
    }

    private void configureGrid() {
        grid.addColumn(Person::displayName).setHeader("Name").setAutoWidth(true).setFlexGrow(1);
        grid.addColumn(Person::email).setHeader("Email").setAutoWidth(true).setFlexGrow(1);
        grid.addColumn(p -> OperatorsFormat.time(p.lastActiveAt(), "Never"))
                .setHeader("Last active")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addComponentColumn(p -> p.id().equals(me) ? new StatusBadge("You", StatusBadge.Tone.NEUTRAL) : new Span())
                .setHeader("")
                .setKey("you")
                .setWidth(StatusBadge.COLUMN_WIDTH)
                .setFlexGrow(0);
        grid.addComponentColumn(this::actions)
                .setKey("actions")
                .setWidth(RowActions.COLUMN_WIDTH)
                .setFlexGrow(0);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setAllRowsVisible(true);
        grid.addClassName("operators-people-grid");
        grid.setEmptyStateComponent(new EmptyState(
                "No operators", "The first Owner of an install is its first operator; grant the flag above."));
    }

    private Component actions(Person p) {
        RowActions menu = new RowActions(p.displayName());
        if (count > 1) {
            menu.addDestructive("Withdraw…", () -> openWithdraw(p));
        }
        return menu;
    }

    void refresh() {
        List<Person> operators = people.list();
        count = operators.size();
        grid.setItems(operators);
        lastOne.setVisible(operators.size() == 1);
        lastOne.setText(
                operators.size() == 1
                        ? "There is one operator. The last operator's flag cannot be withdrawn: grant it to someone else first."
                        : "");
    }

    void openGrant() {
        errors.clear();
        String who = email.getValue().strip();
        new ReasonDialog(
                        "Make " + (who.isEmpty() ? "this person" : who) + " an operator?",
                        "They will see every workspace, can open any as support, suspend it, and manage platform "
                                + "keys and operators, from their next sign-in.",
                        "Make operator",
                        false,
                        reason -> {
                            Person p = people.grant(email.getValue(), reason);
                            Notifications.success(p.displayName() + " is an operator from their next sign-in");
                            email.clear();
                            refresh();
                        })
                .onRefused(this::showRefused)
                .open();
    }

    private void showRefused(InvalidInputException refused) {
        errors.show(refused).forEach(f -> Notifications.error(f.message()));
    }

    void openWithdraw(Person p) {
        boolean self = p.id().equals(me);
        new ReasonDialog(
                        self ? "Withdraw your own operator flag?" : "Withdraw " + p.displayName() + "'s operator flag?",
                        (self ? "You lose" : p.displayName() + " loses")
                                + " the Operators pages and every operator action from the next click, and any "
                                + "workspace opened as support. Another operator can grant the flag again.",
                        "Withdraw flag",
                        true,
                        reason -> {
                            people.withdraw(p.id(), reason);
                            Notifications.success(
                                    self
                                            ? "You are no longer an operator"
                                            : p.displayName() + " is no longer an operator");
                            if (self) {
                                UI.getCurrent().navigate(DashboardView.class);
                            } else {
                                refresh();
                            }
                        })
                .open();
    }
}
