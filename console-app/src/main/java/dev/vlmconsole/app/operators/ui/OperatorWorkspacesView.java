package dev.vlmconsole.app.operators.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.QuerySortOrder;
import com.vaadin.flow.data.provider.SortDirection;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.RouterLink;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.ui.EmptyState;
import dev.vlmconsole.api.ui.StatusBadge;
import dev.vlmconsole.app.operators.OperatorWorkspaces;
import dev.vlmconsole.app.operators.OperatorWorkspaces.Search;
import dev.vlmconsole.app.operators.OperatorWorkspaces.Sort;
import dev.vlmconsole.app.operators.OperatorWorkspaces.WorkspaceSummary;
import jakarta.annotation.security.PermitAll;
import java.util.List;

/**
 * Operators → Workspaces: every workspace of the install in a lazy grid (pages fetched as it scrolls,
 * sorted by the server), found by one search box: a part of a workspace's name or of a member's
 * email, or a key prefix such as {@code vlm_live_AbCd}. A workspace's name opens its operator page
 * ({@link OperatorWorkspaceView}). Plan, balance and usage columns appear when a billing module tells
 * them. Only operators: the navigation entry asks for {@link Permissions#OPERATOR}, the console's route
 * guard asks again, and so does every service call.
 */
@PageTitle("Workspaces")
@PermitAll
@StyleSheet(OperatorWorkspacesView.STYLESHEET)
public class OperatorWorkspacesView extends VerticalLayout {

    /** Where the page lives. */
    public static final String PATH = "operators/workspaces";

    static final String STYLESHEET = "styles/operators.css";

    private final OperatorWorkspaces workspaces;
    final TextField search = new TextField("Search");
    final Paragraph summary = new Paragraph();
    final Grid<WorkspaceSummary> grid = new Grid<>();
    private Search current = Search.EVERY;

    public OperatorWorkspacesView(OperatorWorkspaces workspaces, ConsoleContext context) {
        if (!context.can(Permissions.OPERATOR)) { // the route guard refused already; a page made by hand refuses too
            throw new PermissionDeniedException(Permissions.OPERATOR);
        }
        this.workspaces = workspaces;
        setSizeFull();
        addClassName("operators-workspaces");
        search.setPlaceholder("Member email, workspace name or key prefix (vlm_live_AbCd)");
        search.setPrefixComponent(VaadinIcon.SEARCH.create());
        search.setClearButtonVisible(true);
        search.setValueChangeMode(ValueChangeMode.LAZY);
        search.addClassName("operators-search");
        search.addValueChangeListener(e -> refresh());
        summary.addClassName("operators-summary");
        add(
                new H1("Workspaces"),
                new Paragraph(
                        "Every workspace of this install. Open one to see its members and status, to look at it "
                                + "as support or to act on it; every action asks for a reason and is recorded in its audit log."),
                search,
                summary,
                grid);
        configureGrid();
        refresh();
    }

    private void configureGrid() {
        boolean accounts = workspaces.showsAccounts();
        grid.addComponentColumn(this::nameLink)
                .setHeader("Workspace")
                .setKey("name")
                .setSortProperty(Sort.NAME.name())
                .setFlexGrow(2)
                .setAutoWidth(true);
        if (accounts) {
            grid.addColumn(w -> w.account() == null ? "No account" : w.account().planName())
                    .setHeader("Plan")
                    .setKey("plan")
                    .setSortProperty(Sort.PLAN.name())
                    .setAutoWidth(true);
        }
        grid.addColumn(WorkspaceSummary::members)
                .setHeader("Members")
                .setKey("members")
                .setSortProperty(Sort.MEMBERS.name())
                .setTextAlign(ColumnTextAlign.END)
                .setAutoWidth(true)
                .setFlexGrow(0);
        if (accounts) {
            grid.addColumn(w -> w.account() == null
                            ? ""
                            : OperatorsFormat.credits(w.account().creditsAvailable()))
                    .setHeader("Balance (credits)")
                    .setKey("balance")
                    .setSortProperty(Sort.BALANCE.name())
                    .setTextAlign(ColumnTextAlign.END)
                    .setAutoWidth(true);
            grid.addColumn(w -> w.account() == null
                            ? ""
                            : OperatorsFormat.credits(w.account().creditsUsedThisCycle()))
                    .setHeader("Used this cycle")
                    .setKey("usage")
                    .setSortProperty(Sort.USAGE.name())
                    .setTextAlign(ColumnTextAlign.END)
                    .setAutoWidth(true);
        }
        grid.addColumn(w -> OperatorsFormat.time(w.lastActivityAt(), "None yet"))
                .setHeader("Last activity")
                .setKey("lastActivity")
                .setSortProperty(Sort.LAST_ACTIVITY.name())
                .setAutoWidth(true);
        grid.addColumn(w -> OperatorsFormat.day(w.createdAt()))
                .setHeader("Created")
                .setKey("created")
                .setSortProperty(Sort.CREATED.name())
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addComponentColumn(OperatorWorkspacesView::status)
                .setHeader("Status")
                .setKey("status")
                .setWidth(StatusBadge.COLUMN_WIDTH)
                .setFlexGrow(0);
        grid.setMultiSort(false);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.addClassName("operators-workspaces-grid");
        grid.setSizeFull();
    }

    private Component nameLink(WorkspaceSummary w) {
        RouterLink link =
                new RouterLink(w.name(), OperatorWorkspaceView.class, OperatorWorkspaceView.parameters(w.id()));
        link.addClassName("operators-workspace-link");
        return link;
    }

    static StatusBadge status(WorkspaceSummary w) {
        return w.suspended()
                ? new StatusBadge("Suspended", StatusBadge.Tone.ERROR)
                : new StatusBadge("Active", StatusBadge.Tone.SUCCESS);
    }

    /** Reads the search box again and refetches from the first page. */
    void refresh() {
        Search s = Search.of(search.getValue());
        current = s;
        int total = workspaces.count(s);
        summary.setText(summaryOf(s, total));
        grid.setEmptyStateComponent(new EmptyState(
                VaadinIcon.SEARCH.create(),
                s.kind() == Search.Kind.EVERY ? "No workspaces yet" : "No workspace found",
                s.nothingFound()));
        grid.setItems(
                q -> {
                    List<QuerySortOrder> orders = q.getSortOrders();
                    Sort sort = orders.isEmpty()
                            ? Sort.NAME
                            : Sort.valueOf(orders.getFirst().getSorted());
                    boolean descending =
                            !orders.isEmpty() && orders.getFirst().getDirection() == SortDirection.DESCENDING;
                    return workspaces.list(current, sort, descending, q.getOffset(), q.getLimit()).stream();
                },
                q -> workspaces.count(current));
    }

    private static String summaryOf(Search s, int total) {
        String n = total == 1 ? "1 workspace" : total + " workspaces";
        return switch (s.kind()) {
            case EVERY -> n + " in this install.";
            case TEXT -> n + " with “" + s.text() + "” in their name or a member's email.";
            case KEY_PREFIX -> n + " with a key starting with “" + s.text() + "”.";
        };
    }
}
