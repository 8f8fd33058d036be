package dev.vlmconsole.app.operators.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Section;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.OperatorSection;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.WorkspaceStatus.Suspension;
import dev.vlmconsole.api.ui.EmptyState;
import dev.vlmconsole.api.ui.Notifications;
import dev.vlmconsole.app.dashboard.DashboardView;
import dev.vlmconsole.app.layout.MainLayout;
import dev.vlmconsole.app.modules.ModuleRegistry;
import dev.vlmconsole.app.operators.OperatorWorkspaceRepository.Member;
import dev.vlmconsole.app.operators.OperatorWorkspaces;
import dev.vlmconsole.app.operators.OperatorWorkspaces.WorkspaceDetail;
import dev.vlmconsole.app.operators.OperatorWorkspaces.WorkspaceSummary;
import dev.vlmconsole.app.operators.SupportSessions;
import dev.vlmconsole.app.operators.Suspensions;
import jakarta.annotation.security.PermitAll;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Operators → Workspaces → one workspace ({@code /operators/workspaces/<id>}): its name, status, plan,
 * members and keys, the actions an operator takes on it (each with a reason, recorded in its audit log:
 * open it as support, suspend or resume it), then the sections modules add
 * ({@link ModuleRegistry#operatorSections()}, such as billing's credits). A path with a parameter is
 * not a module page (navigation entries have none), so this view carries its own {@code @Route} inside
 * the console's layout and refuses non-operators itself, as the console's guard does for module pages.
 * An unknown or malformed id shows "No such workspace".
 */
@Route(value = OperatorWorkspaceView.ROUTE, layout = MainLayout.class)
@PermitAll
@StyleSheet(OperatorWorkspacesView.STYLESHEET)
public class OperatorWorkspaceView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    static final String ID = "workspaceId";
    static final String ROUTE = OperatorWorkspacesView.PATH + "/:" + ID;

    private final OperatorWorkspaces workspaces;
    private final ConsoleContext context;
    private final ModuleRegistry registry;
    private final ObjectProvider<Suspensions> suspensions;
    private final ObjectProvider<SupportSessions> support;
    private String title = "Workspace";
    private UUID workspaceId;

    public OperatorWorkspaceView(
            OperatorWorkspaces workspaces,
            ConsoleContext context,
            ModuleRegistry registry,
            ObjectProvider<Suspensions> suspensions,
            ObjectProvider<SupportSessions> support) {
        this.workspaces = workspaces;
        this.context = context;
        this.registry = registry;
        this.suspensions = suspensions;
        this.support = support;
        addClassName("operators-workspace");
    }

    /** The route parameters of one workspace's page. */
    public static RouteParameters parameters(UUID workspaceId) {
        return new RouteParameters(ID, workspaceId.toString());
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (!context.can(Permissions.OPERATOR)) {
            event.rerouteToError(AccessDeniedException.class, "Workspaces");
            return;
        }
        workspaceId = event.getRouteParameters()
                .get(ID)
                .flatMap(OperatorWorkspaceView::uuid)
                .orElse(null);
        render();
    }

    @Override
    public String getPageTitle() {
        return title;
    }

    private void render() {
        removeAll();
        Optional<WorkspaceDetail> found = workspaceId == null ? Optional.empty() : workspaces.detail(workspaceId);
        if (found.isEmpty()) {
            title = "No such workspace";
            add(
                    back(),
                    new EmptyState(
                            VaadinIcon.OFFICE.create(),
                            "No such workspace",
                            "There is no workspace with this id: it may have been mistyped. Find it in the list of "
                                    + "workspaces by its name, a member's email or a key prefix."));
            return;
        }
        WorkspaceDetail d = found.get();
        WorkspaceSummary w = d.summary();
        title = w.name();
        add(back(), header(w), facts(d));
        d.suspension().ifPresent(s -> add(suspended(s)));
        add(members(d));
        for (OperatorSection section : registry.operatorSections()) {
            Section s = new Section(new H2(section.title()), section.content().apply(w.id()));
            s.addClassName("operators-section");
            s.setId("section-" + section.id().replace('.', '-'));
            add(s);
        }
    }

    private static Component back() {
        RouterLink back = new RouterLink("← Workspaces", OperatorWorkspacesView.class);
        back.addClassName("operators-back");
        return back;
    }

    private Component header(WorkspaceSummary w) {
        H1 name = new H1(w.name());
        HorizontalLayout heading = new HorizontalLayout(name, OperatorWorkspacesView.status(w));
        heading.setAlignItems(FlexComponent.Alignment.CENTER);
        HorizontalLayout actions = new HorizontalLayout();
        actions.addClassName("operators-actions");
        if (support.getIfAvailable() != null) {
            Button open = new Button("Open as support", VaadinIcon.EYE.create(), e -> openAsSupport(w));
            actions.add(open);
        }
        if (suspensions.getIfAvailable() != null) {
            Button change = w.suspended()
                    ? new Button("Resume", VaadinIcon.PLAY.create(), e -> resume(w))
                    : new Button("Suspend", VaadinIcon.BAN.create(), e -> suspend(w));
            if (!w.suspended()) {
                change.addThemeVariants(ButtonVariant.ERROR);
            }
            actions.add(change);
        }
        HorizontalLayout header = new HorizontalLayout(heading, actions);
        header.setWidthFull();
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        header.setJustifyContentMode(FlexComponent.JustifyContentMode.BETWEEN);
        header.addClassName("operators-header");
        header.setWrap(true);
        return header;
    }

    private static Component facts(WorkspaceDetail d) {
        WorkspaceSummary w = d.summary();
        Div facts = new Div();
        facts.addClassName("operators-facts");
        facts.add(fact("Created", OperatorsFormat.time(w.createdAt(), "")));
        if (w.account() != null) {
            facts.add(fact("Plan", w.account().planName()));
            facts.add(fact("Balance", OperatorsFormat.credits(w.account().creditsAvailable()) + " credits"));
            facts.add(
                    fact("Used this cycle", OperatorsFormat.credits(w.account().creditsUsedThisCycle()) + " credits"));
        }
        facts.add(fact("Members", Integer.toString(w.members())));
        if (d.keys() != null) {
            facts.add(fact("API keys", Integer.toString(d.keys())));
        }
        facts.add(fact("Last activity", OperatorsFormat.time(w.lastActivityAt(), "None yet")));
        facts.add(fact("Workspace id", w.id().toString()));
        return facts;
    }

    private static Component fact(String label, String value) {
        Span l = new Span(label);
        l.addClassName("operators-fact-label");
        Div fact = new Div(l, new Paragraph(value));
        fact.addClassName("operators-fact");
        return fact;
    }

    private static Component suspended(Suspension s) {
        Paragraph p = new Paragraph("Suspended since " + OperatorsFormat.time(s.since(), "") + ": "
                + (s.reason().isBlank() ? "no reason recorded" : s.reason())
                + ". Its keys are refused (SUSPENDED) and its members can only read.");
        p.addClassName("operators-suspended");
        return p;
    }

    private static Component members(WorkspaceDetail d) {
        Grid<Member> grid = new Grid<>();
        grid.addColumn(Member::displayName).setHeader("Name").setAutoWidth(true).setFlexGrow(1);
        grid.addColumn(Member::email).setHeader("Email").setAutoWidth(true).setFlexGrow(1);
        grid.addColumn(m -> roleName(m.role()))
                .setHeader("Role")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(m -> OperatorsFormat.time(m.lastActiveAt(), "Never"))
                .setHeader("Last active")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.setAllRowsVisible(true);
        grid.addClassName("operators-members");
        grid.setEmptyStateComponent(new EmptyState(
                "No members", "Nobody belongs to this workspace: its last member left, or it was never joined."));
        grid.setItems(d.members());
        Section section = new Section(new H2("Members"), grid);
        section.addClassName("operators-section");
        return section;
    }

    private static String roleName(Role role) {
        String n = role.name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }

    private void openAsSupport(WorkspaceSummary w) {
        new ReasonDialog(
                        "Open " + w.name() + " as support?",
                        "You see its pages read-only, in this tab, with a banner saying so. Its members see in their "
                                + "audit log that support opened it, and why.",
                        "Open as support",
                        false,
                        reason -> {
                            support.getObject().open(w.id(), reason);
                            UI.getCurrent().navigate(DashboardView.class);
                        })
                .open();
    }

    private void suspend(WorkspaceSummary w) {
        new ReasonDialog(
                        "Suspend " + w.name() + "?",
                        "Its API keys are refused at once, on every node, with the code SUSPENDED (403 at the "
                                + "gateway). Its members keep read-only access to the console and see the reason "
                                + "below; its admin keys keep read calls. Resume it to undo this.",
                        "Suspend workspace",
                        true,
                        reason -> {
                            suspensions.getObject().suspend(w.id(), reason);
                            Notifications.success(w.name() + " suspended");
                            render();
                        })
                .open();
    }

    private void resume(WorkspaceSummary w) {
        new ReasonDialog(
                        "Resume " + w.name() + "?",
                        "Its API keys verify again at once, on every node, and its members can make changes again.",
                        "Resume workspace",
                        false,
                        reason -> {
                            suspensions.getObject().resume(w.id(), reason);
                            Notifications.success(w.name() + " resumed");
                            render();
                        })
                .open();
    }

    private static Optional<UUID> uuid(String s) {
        try {
            return Optional.of(UUID.fromString(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
