package dev.vlmconsole.app.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.router.RouteConfiguration;
import com.vaadin.flow.server.VaadinServletContext;
import com.vaadin.flow.server.startup.ApplicationRouteRegistry;
import dev.vlmconsole.api.NavigationEntry;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockServletContext;

/** A module page gets its own path, never one the console or another page already has. */
class ModuleRoutesPathClashTest {

    public static class ConsolePage extends Div {}

    public static class ModulePage extends Div {}

    private RouteConfiguration routes;

    @BeforeEach
    void emptyRegistry() {
        routes = RouteConfiguration.forRegistry(
                ApplicationRouteRegistry.getInstance(new VaadinServletContext(new MockServletContext())));
        routes.setRoute("audit", ConsolePage.class);
    }

    private static NavigationEntry entry(String path) {
        return new NavigationEntry(path, "Page", "vaadin:circle", ModulePage.class, "x.read", 0);
    }

    @Test
    void a_module_page_is_registered_inside_the_console_layout() {
        ModuleRoutes.register(routes, List.of(entry("webhooks")));

        assertThat(routes.getRoute("webhooks")).contains(ModulePage.class);
        assertThat(routes.getUrl(ModulePage.class)).isEqualTo("webhooks");
    }

    @Test
    void registering_again_when_vaadin_restarts_its_service_is_harmless() {
        ModuleRoutes.register(routes, List.of(entry("webhooks")));
        ModuleRoutes.register(routes, List.of(entry("webhooks")));

        assertThat(routes.getRoute("webhooks")).contains(ModulePage.class);
    }

    @Test
    void a_module_page_claiming_a_taken_path_fails_loudly_instead_of_vanishing() {
        assertThatThrownBy(() -> ModuleRoutes.register(routes, List.of(entry("audit"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/audit")
                .hasMessageContaining(ConsolePage.class.getName());
    }
}
