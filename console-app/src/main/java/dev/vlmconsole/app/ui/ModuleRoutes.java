package dev.vlmconsole.app.ui;

import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.RouteConfiguration;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.NavigationEntry;
import dev.vlmconsole.app.modules.ModuleRegistry;
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
        RouteConfiguration routes = RouteConfiguration.forApplicationScope();
        for (NavigationEntry entry : registry.navigation()) {
            if (!routes.isPathAvailable(entry.path())) {
                routes.setRoute(entry.path(), entry.view(), MainLayout.class);
            }
        }
        event.getSource().addUIInitListener(ui -> ui.getUI().addBeforeEnterListener(this::guard));
    }

    void guard(BeforeEnterEvent event) {
        registry.entryFor(event.getNavigationTarget())
                .filter(entry -> !context.can(entry.requiredPermission()))
                .ifPresent(entry -> event.rerouteToError(AccessDeniedException.class, entry.title()));
    }
}
