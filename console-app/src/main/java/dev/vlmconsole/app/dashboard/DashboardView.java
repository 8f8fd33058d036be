package dev.vlmconsole.app.dashboard;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.api.DashboardCard;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.api.ui.EmptyState;
import dev.vlmconsole.app.modules.ModuleRegistry;
import dev.vlmconsole.app.security.CurrentConsoleContext;
import jakarta.annotation.security.PermitAll;
import java.util.List;
import java.util.Optional;

/**
 * Home: the workspace at a glance, the cards modules contribute, and what is installed. Registered
 * at the root path by {@link dev.vlmconsole.app.modules.CoreModule#navigation()}, like a module page.
 */
@PageTitle("Dashboard")
@PermitAll
public class DashboardView extends VerticalLayout {

    public DashboardView(CurrentConsoleContext context, ModuleRegistry registry) {
        addClassName("dashboard");
        Optional<WorkspaceRef> workspace = context.workspace();
        String name = context.user().map(u -> u.displayName()).orElse("");
        add(new H1("Welcome, " + name));
        if (workspace.isEmpty()) {
            add(emptyState(
                    "You are not a member of any workspace yet",
                    "Ask an Owner or Admin to invite you, or create a workspace from the user menu."));
            return;
        }
        WorkspaceRef w = workspace.get();
        Paragraph where = new Paragraph(
                "Workspace " + w.name() + " · your role: " + w.role().label());
        where.addClassName("subtitle");
        add(where);

        List<DashboardCard> cards = registry.dashboardCards().stream()
                .filter(c -> context.can(c.requiredPermission()))
                .toList();
        Div grid = new Div();
        grid.addClassName("card-grid");
        for (DashboardCard card : cards) {
            grid.add(card(card.title(), card.content().apply(context)));
        }
        grid.add(card("Installed modules", modules(registry)));
        add(grid);
        if (cards.isEmpty()) {
            add(
                    emptyState(
                            "Nothing to show here yet",
                            "Modules add cards to this page (usage, credits, keys). None of the installed modules has one for your role."));
        }
    }

    private static Component card(String title, Component body) {
        Div card = new Div(new H3(title), body);
        card.addClassName("card");
        return card;
    }

    private static Component modules(ModuleRegistry registry) {
        Div list = new Div();
        list.addClassName("module-list");
        for (ConsoleModule m : registry.modules()) {
            Span item = new Span(m.name() + " (" + m.id() + ")");
            item.addClassName("module-item");
            list.add(item);
        }
        return list;
    }

    static Component emptyState(String title, String text) {
        return new EmptyState(title, text);
    }
}
