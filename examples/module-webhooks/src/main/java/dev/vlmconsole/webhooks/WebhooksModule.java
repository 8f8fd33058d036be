package dev.vlmconsole.webhooks;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Span;
import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.api.DashboardCard;
import dev.vlmconsole.api.NavigationEntry;
import dev.vlmconsole.api.Permission;
import dev.vlmconsole.api.Role;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Descriptor of the Webhooks module: its table, permissions, page and dashboard card. */
public final class WebhooksModule implements ConsoleModule {

    /** Module id; names the migration history table {@code flyway_schema_history_webhooks}. */
    public static final String ID = "webhooks";
    /** The audit target type of an endpoint (its id is the endpoint's id). */
    public static final String ENDPOINT_TARGET = "webhooks.endpoint";
    /** See the workspace's endpoints. */
    public static final String READ = "webhooks.read";
    /** Add, disable, enable and delete endpoints. */
    public static final String MANAGE = "webhooks.manage";

    private final Supplier<WebhookService> service;

    /**
     * @param service looked up on use: the descriptor is created before migrations run, so it must
     *                not hold beans that need the database
     */
    public WebhooksModule(Supplier<WebhookService> service) {
        this.service = service;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "Webhooks";
    }

    @Override
    public int order() {
        return 50;
    }

    @Override
    public Optional<String> migrationLocation() {
        return Optional.of("classpath:db/migration/webhooks");
    }

    @Override
    public List<Permission> permissions() {
        return List.of(
                Permission.builder(READ)
                        .description("See the workspace's webhook endpoints")
                        .grantedTo(Role.OWNER, Role.ADMIN, Role.MEMBER, Role.VIEWER)
                        .build(),
                Permission.builder(MANAGE)
                        .description("Add, disable and delete webhook endpoints")
                        .grantedTo(Role.OWNER, Role.ADMIN)
                        .build());
    }

    @Override
    public List<NavigationEntry> navigation() {
        return List.of(NavigationEntry.builder("webhooks", WebhooksView.class)
                .title("Webhooks")
                .icon("vaadin:connect")
                .requires(READ)
                .order(10)
                .build());
    }

    @Override
    public List<DashboardCard> dashboardCards() {
        return List.of(DashboardCard.builder("webhooks.endpoints", context -> card())
                .title("Webhooks")
                .requires(READ)
                .order(50)
                .build());
    }

    private Component card() {
        WebhookService.Summary s = service.get().summary();
        if (s.endpoints() == 0) {
            return new Span("No endpoints registered.");
        }
        return new Span(
                s.endpoints() + (s.endpoints() == 1 ? " endpoint, " : " endpoints, ") + s.enabled() + " enabled");
    }

    @Override
    public Map<String, String> auditTargetTypes() {
        return Map.of(ENDPOINT_TARGET, "Webhook endpoint");
    }
}
