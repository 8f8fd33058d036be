package dev.vlmconsole.app.layout;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.avatar.Avatar;
import com.vaadin.flow.component.contextmenu.SubMenu;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.menubar.MenuBar;
import com.vaadin.flow.component.menubar.MenuBarVariant;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.AfterNavigationEvent;
import com.vaadin.flow.router.AfterNavigationObserver;
import com.vaadin.flow.router.RouteConfiguration;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.vlmconsole.api.NavigationEntry;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.api.services.WorkspaceStatus;
import dev.vlmconsole.app.ConsoleProperties;
import dev.vlmconsole.app.dashboard.DashboardView;
import dev.vlmconsole.app.modules.ModuleRegistry;
import dev.vlmconsole.app.operators.SupportSessions;
import dev.vlmconsole.app.profile.ProfileView;
import dev.vlmconsole.app.security.CurrentConsoleContext;
import dev.vlmconsole.app.workspaces.NewWorkspaceDialog;
import dev.vlmconsole.app.workspaces.WorkspaceService;
import jakarta.annotation.security.PermitAll;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The console shell: header with the workspace switcher and the user menu, and a side navigation
 * built from the navigation entries of every module, the console's own included ({@code CoreModule}),
 * showing only what the acting person may open: the same permission check {@link ModuleRoutes} applies
 * when they navigate. It names no page of its own there.
 */
@PermitAll
public class MainLayout extends AppLayout implements AfterNavigationObserver {

    private final ModuleRegistry registry;
    private final CurrentConsoleContext context;
    private final WorkspaceService workspaces;
    private final AuthenticationContext authentication;
    private final Select<WorkspaceRef> switcher = new Select<>();
    private final SideNav nav = new SideNav();
    private final Banners banners;
    /** The operators' pages (those asking for {@link Permissions#OPERATOR}), under their own heading. */
    private final SideNav operatorsNav = new SideNav("Operators");

    public MainLayout(
            ModuleRegistry registry,
            CurrentConsoleContext context,
            WorkspaceService workspaces,
            AuthenticationContext authentication,
            SupportSessions support,
            WorkspaceStatus status,
            ConsoleProperties settings) {
        this.registry = registry;
        this.context = context;
        this.workspaces = workspaces;
        this.authentication = authentication;
        this.banners = new Banners(context, support, status, settings.supportContact());
        setPrimarySection(Section.DRAWER);
        addToNavbar(new DrawerToggle(), header(), banners);
        Span brand = new Span("Account console");
        brand.addClassName("brand");
        addToDrawer(brand, nav, operatorsNav);
        nav.addClassName("main-nav");
        operatorsNav.addClassName("main-nav");
    }

    private Component header() {
        switcher.setAriaLabel("Workspace");
        switcher.setItemLabelGenerator(w -> w.name());
        switcher.addClassName("workspace-switcher");
        switcher.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                try {
                    workspaces.switchTo(e.getValue().id());
                } catch (PermissionDeniedException ex) {
                    Notification.show(
                            "You are no longer a member of " + e.getValue().name() + ".",
                            5000,
                            Notification.Position.MIDDLE);
                }
                getUI().ifPresent(ui -> {
                    ui.navigate(DashboardView.class);
                    ui.refreshCurrentRoute(true);
                });
            }
        });
        MenuBar userMenu = new MenuBar();
        userMenu.addThemeVariants(MenuBarVariant.LUMO_TERTIARY_INLINE);
        userMenu.getElement().setAttribute("aria-label", "User menu");
        String name = context.user().map(u -> u.displayName()).orElse("");
        Avatar avatar = new Avatar(name);
        avatar.setColorIndex(2);
        HorizontalLayout who = new HorizontalLayout(avatar, new Span(name));
        who.setAlignItems(FlexComponent.Alignment.CENTER);
        who.addClassName("user-button");
        SubMenu menu = userMenu.addItem(who).getSubMenu();
        menu.addItem("Profile", e -> getUI().ifPresent(ui -> ui.navigate(ProfileView.class)));
        menu.addItem("New workspace…", e -> new NewWorkspaceDialog(workspaces).open());
        menu.addItem("Sign out", e -> authentication.logout());
        HorizontalLayout header = new HorizontalLayout(switcher, userMenu);
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        header.setJustifyContentMode(FlexComponent.JustifyContentMode.BETWEEN);
        header.setWidthFull();
        header.addClassName("console-header");
        return header;
    }

    @Override
    public void afterNavigation(AfterNavigationEvent event) {
        Optional<WorkspaceRef> current = context.workspace();
        List<WorkspaceRef> mine = context.user().isPresent() ? workspaces.mine() : List.of();
        switcher.setItems(mine);
        switcher.setVisible(!mine.isEmpty());
        current.flatMap(c -> mine.stream().filter(w -> w.id().equals(c.id())).findFirst())
                .ifPresent(switcher::setValue);
        rebuildNav();
        banners.update();
    }

    /**
     * One permission path for every entry; the acting membership is read once per request (DD012). The
     * pages asking for {@link Permissions#OPERATOR} follow the workspace's own under an "Operators"
     * heading, ordered by their entries' order whichever module adds them; only operators see it.
     */
    private void rebuildNav() {
        nav.removeAll();
        operatorsNav.removeAll();
        RouteConfiguration routes = RouteConfiguration.forSessionScope();
        List<NavigationEntry> operators = new ArrayList<>();
        for (NavigationEntry entry : registry.navigation()) {
            if (Permissions.OPERATOR.equals(entry.requiredPermission())) {
                operators.add(entry);
            } else if (context.can(entry.requiredPermission())) {
                nav.addItem(new SideNavItem(entry.title(), routes.getUrl(entry.view()), icon(entry.icon())));
            }
        }
        boolean operator = !operators.isEmpty() && context.can(Permissions.OPERATOR);
        if (operator) {
            operators.sort(Comparator.comparingInt(NavigationEntry::order));
            for (NavigationEntry entry : operators) {
                operatorsNav.addItem(new SideNavItem(entry.title(), routes.getUrl(entry.view()), icon(entry.icon())));
            }
        }
        operatorsNav.setVisible(operator);
    }

    private static Component icon(String name) {
        if (name == null || name.isBlank()) {
            return VaadinIcon.CIRCLE_THIN.create();
        }
        String n = name.startsWith("vaadin:") ? name : "vaadin:" + name;
        return new Icon(n.substring(0, n.indexOf(':')), n.substring(n.indexOf(':') + 1));
    }
}
