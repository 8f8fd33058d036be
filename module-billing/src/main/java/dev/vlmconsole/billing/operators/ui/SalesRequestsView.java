package dev.vlmconsole.billing.operators.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.Tabs;
import com.vaadin.flow.router.PageTitle;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.ui.EmptyState;
import dev.vlmconsole.billing.BillingProperties;
import dev.vlmconsole.billing.invoices.BillingOperations.RequestStatus;
import dev.vlmconsole.billing.operators.SalesDesk;
import dev.vlmconsole.billing.operators.SalesDesk.Request;
import jakarta.annotation.security.PermitAll;
import java.time.ZoneId;
import java.util.List;

/**
 * Operators' "Sales requests" page: the "Contact sales" requests of every workspace, open ones first
 * (oldest on top: the queue) and handled ones with their answer; "Answer" emails a reply to the person
 * who asked and marks the request handled. Registered from the module's navigation entry, which
 * requires {@link Permissions#OPERATOR}; the service checks it again on every read and answer.
 */
@PageTitle("Sales requests")
@PermitAll
@StyleSheet(OperatorText.STYLESHEET)
public class SalesRequestsView extends VerticalLayout {

    /** The page's path, in the Operators area. */
    public static final String PATH = "operators/sales-requests";

    private final SalesDesk desk;
    private final ZoneId zone;

    final Tab open = new Tab("Open");
    final Tab handled = new Tab("Handled");
    final Tabs tabs = new Tabs(open, handled);
    final Grid<Request> grid = new Grid<>();
    final EmptyState empty = new EmptyState(VaadinIcon.ENVELOPE_O.create(), "", "");
    private List<Request> shown = List.of();

    public SalesRequestsView(ConsoleContext context, SalesDesk desk, BillingProperties settings) {
        this.desk = desk;
        this.zone = settings.timeZone();
        setWidthFull();
        addClassName("billing-op-sales");
        add(new H1("Sales requests"));
        if (!context.can(Permissions.OPERATOR)) {
            add(new Paragraph("Only the install's operators see sales requests."));
            return;
        }
        Paragraph intro = new Paragraph("\"Contact sales\" requests from every workspace. Answer one to email the "
                + "person who asked and mark it handled; the answer is recorded in that workspace's audit log.");
        intro.addClassName("billing-intro");
        add(intro);
        if (!desk.canEmail()) {
            Paragraph noMail = new Paragraph("Answers cannot be emailed: " + desk.whyNoEmail()
                    + " Answer from your own mail and mark requests handled.");
            noMail.addClassName("billing-muted");
            add(noMail);
        }

        grid.addColumn(Request::workspaceName)
                .setHeader("Workspace")
                .setKey("workspace")
                .setAutoWidth(true);
        grid.addComponentColumn(SalesRequestsView::who)
                .setHeader("Asked by")
                .setKey("who")
                .setAutoWidth(true);
        grid.addColumn(r -> OperatorText.when(r.createdAt(), zone))
                .setHeader("Sent")
                .setKey("sent")
                .setAutoWidth(true);
        grid.addColumn(Request::message).setHeader("Message").setKey("message").setFlexGrow(1);
        grid.addColumn(this::handledText).setHeader("Handled").setKey("handled").setAutoWidth(true);
        grid.addColumn(r -> r.reply() == null ? "" : r.reply())
                .setHeader("Answer")
                .setKey("answer")
                .setFlexGrow(1);
        grid.addComponentColumn(this::answerButton)
                .setHeader("")
                .setKey("actions")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addThemeVariants(GridVariant.WRAP_CELL_CONTENT);
        grid.setAllRowsVisible(true);
        grid.setEmptyStateComponent(empty);
        tabs.addSelectedChangeListener(e -> refresh());
        add(tabs, grid);
        refresh();
    }

    void refresh() {
        boolean openTab = tabs.getSelectedTab() == open;
        shown = desk.requests(openTab ? RequestStatus.OPEN : RequestStatus.HANDLED);
        grid.setItems(shown);
        grid.getColumnByKey("handled").setVisible(!openTab);
        grid.getColumnByKey("answer").setVisible(!openTab);
        grid.getColumnByKey("actions").setVisible(openTab);
        if (openTab) {
            empty.setHeading("No open requests");
            empty.setDescription("When a workspace asks for Enterprise with \"Contact sales\", its request waits here "
                    + "for an answer.");
            open.setLabel(shown.isEmpty() ? "Open" : "Open (" + shown.size() + ")");
        } else {
            empty.setHeading("Nothing handled yet");
            empty.setDescription("Answered requests, and those marked handled, are listed here with their answer.");
        }
    }

    /** The requests the grid shows now. */
    List<Request> shown() {
        return shown;
    }

    private String handledText(Request r) {
        return r.handledAt() == null
                ? ""
                : OperatorText.when(r.handledAt(), zone) + (r.handledBy() == null ? "" : " by " + r.handledBy());
    }

    private static Component who(Request r) {
        Span name = new Span(r.requesterName());
        Span email = new Span(r.requesterEmail());
        email.addClassName("billing-muted");
        Div both = new Div(name, new Div(email));
        return both;
    }

    private Component answerButton(Request r) {
        Button answer = new Button("Answer", e -> new AnswerDialog(desk, r, zone, this::refresh).open());
        answer.addThemeVariants(ButtonVariant.SMALL);
        answer.setAriaLabel("Answer " + r.requesterName() + " of " + r.workspaceName());
        return answer;
    }
}
