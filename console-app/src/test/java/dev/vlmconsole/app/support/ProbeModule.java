package dev.vlmconsole.app.support;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.api.DashboardCard;
import dev.vlmconsole.api.NavigationEntry;
import dev.vlmconsole.api.Permission;
import dev.vlmconsole.api.Role;
import jakarta.annotation.security.PermitAll;
import java.util.EnumSet;
import java.util.List;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A module that exists only in tests, contributed like a real one (a {@link ConsoleModule} bean):
 * one page and one dashboard card, both for Owners only. It proves that module pages are
 * registered at run time, guarded by permission, and listed in the navigation.
 */
public final class ProbeModule implements ConsoleModule {

    public static final String OPEN = "probe.open";
    public static final String PAGE_TITLE = "Probe page";
    public static final String CARD_TITLE = "Probe card";

    @Override
    public String id() {
        return "probe";
    }

    @Override
    public String name() {
        return "Probe";
    }

    @Override
    public List<Permission> permissions() {
        return List.of(new Permission(OPEN, "Open the probe page", EnumSet.of(Role.OWNER)));
    }

    @Override
    public List<NavigationEntry> navigation() {
        return List.of(new NavigationEntry("probe", PAGE_TITLE, "vaadin:flask", ProbeView.class, OPEN, 1));
    }

    @Override
    public List<DashboardCard> dashboardCards() {
        return List.of(new DashboardCard(
                "probe.card",
                CARD_TITLE,
                OPEN,
                1,
                context -> new Span("Probe of " + context.requireWorkspace().name())));
    }

    /** The probe module's page; registered by the console, so no {@code @Route}. */
    @PermitAll
    public static class ProbeView extends VerticalLayout {
        public ProbeView() {
            add(new H1(PAGE_TITLE));
        }
    }

    /** Contributes the probe module to the test application context. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {
        @Bean
        ConsoleModule probeModule() {
            return new ProbeModule();
        }
    }
}
