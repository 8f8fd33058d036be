package dev.vlmconsole.app.layout;

import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.RouteConfiguration;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.NavigationEntry;
import dev.vlmconsole.app.modules.ModuleRegistry;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Registers every module's pages as routes inside {@link MainLayout} and refuses navigation to a
 * page whose permission the acting member lacks (the side navigation hides it too, as a courtesy).
 */
@Component
class ModuleRoutes implements VaadinServiceInitListener {

    private final ModuleRegistry registry;
    private final ConsoleContext context;

    ModuleRoutes(ModuleRegistry registry, ConsoleContext context) {
        this.registry = registry;
        this.context = context;
    }

    @Override
    public void serviceInit(ServiceInitEvent event) {
        register(RouteConfiguration.forApplicationScope(), registry.navigation());
        event.getSource().addUIInitListener(ui -> ui.getUI().addBeforeEnterListener(this::guard));
    }

    /**
     * Registers each entry's view at its path; a path already held by the same view (the service
     * started again) is left alone. A path held by another page fails start-up: skipping it would
     * leave the entry in the side navigation without a route, which breaks the layout on every page.
     */
    static void register(RouteConfiguration routes, List<NavigationEntry> entries) {
        for (NavigationEntry entry : entries) {
            var taken = routes.getRoute(entry.path());
            if (taken.isEmpty()) {
                routes.setRoute(entry.path(), entry.view(), MainLayout.class);
            } else if (!taken.get().equals(entry.view())) {
                throw new IllegalStateException("Module page " + entry.view().getName() + " claims /" + entry.path()
                        + ", which is already the page " + taken.get().getName() + "; choose another path");
            }
        }
    }

    void guard(BeforeEnterEvent event) {
        registry.entryFor(event.getNavigationTarget())
                .filter(entry -> !context.can(entry.requiredPermission()))
                .ifPresent(entry -> event.rerouteToError(AccessDeniedException.class, entry.title()));
    }
}
