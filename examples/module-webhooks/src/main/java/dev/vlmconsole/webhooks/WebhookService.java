package dev.vlmconsole.webhooks;

import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.ConsoleContext;
import java.net.URI;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.transaction.annotation.Transactional;

/**
 * The current workspace's webhook endpoints. Every method checks its permission through the
 * {@link ConsoleContext} first and only ever touches rows of the context's workspace; every change
 * writes one audit entry in the same transaction.
 */
public class WebhookService {

    private final WebhookRepository endpoints;
    private final ConsoleContext context;
    private final AuditLog audit;
    private final Clock clock;

    public WebhookService(WebhookRepository endpoints, ConsoleContext context, AuditLog audit, Clock clock) {
        this.endpoints = endpoints;
        this.context = context;
        this.audit = audit;
        this.clock = clock;
    }

    /** Counts for the dashboard card. */
    public record Summary(int endpoints, int enabled) {
    }

    /** The workspace's endpoints, oldest first. */
    @Transactional(readOnly = true)
    public List<WebhookEndpoint> endpoints() {
        context.require(WebhooksModule.READ);
        return endpoints.list(context.workspaceId());
    }

    @Transactional(readOnly = true)
    public Summary summary() {
        List<WebhookEndpoint> all = endpoints();
        return new Summary(all.size(), (int) all.stream().filter(WebhookEndpoint::enabled).count());
    }

    /** Whether the acting member may add, switch and delete endpoints (to show the buttons). */
    public boolean canManage() {
        return context.can(WebhooksModule.MANAGE);
    }

    /**
     * Registers an enabled endpoint.
     *
     * @throws InvalidWebhookException when the input is refused, naming the field
     */
    @Transactional
    public WebhookEndpoint add(String url, String description, Set<WebhookEvent> events) {
        context.require(WebhooksModule.MANAGE);
        UUID workspaceId = context.workspaceId();
        check(InvalidWebhookException.Field.URL, WebhookRules.urlProblem(url).orElse(null));
        check(InvalidWebhookException.Field.DESCRIPTION, WebhookRules.descriptionProblem(description).orElse(null));
        check(InvalidWebhookException.Field.EVENTS, WebhookRules.eventsProblem(events).orElse(null));
        String u = url.trim();
        if (endpoints.urlExists(workspaceId, u)) {
            throw new InvalidWebhookException(InvalidWebhookException.Field.URL, "This URL is already registered.");
        }
        if (endpoints.count(workspaceId) >= WebhookRules.MAX_ENDPOINTS) {
            throw new InvalidWebhookException(InvalidWebhookException.Field.ENDPOINT,
                    "A workspace has at most " + WebhookRules.MAX_ENDPOINTS + " endpoints. Delete one first.");
        }
        WebhookEndpoint e = new WebhookEndpoint(UUID.randomUUID(), u, description == null ? "" : description.trim(),
                events, true, OffsetDateTime.now(clock));
        endpoints.insert(workspaceId, e, context.actor().id());
        audit.record("webhooks.endpoint.created", target(e), e.url() + " for " + keys(e.events()));
        return e;
    }

    /** Starts or stops notifying an endpoint. */
    @Transactional
    public void setEnabled(UUID id, boolean enabled) {
        context.require(WebhooksModule.MANAGE);
        WebhookEndpoint e = existing(id);
        endpoints.setEnabled(context.workspaceId(), id, enabled, OffsetDateTime.now(clock));
        audit.record(enabled ? "webhooks.endpoint.enabled" : "webhooks.endpoint.disabled", target(e), e.url());
    }

    /** Removes an endpoint for good. */
    @Transactional
    public void delete(UUID id) {
        context.require(WebhooksModule.MANAGE);
        WebhookEndpoint e = existing(id);
        endpoints.delete(context.workspaceId(), id);
        audit.record("webhooks.endpoint.deleted", target(e), e.url());
    }

    private WebhookEndpoint existing(UUID id) {
        return endpoints.find(context.workspaceId(), id)
                .orElseThrow(() -> new NoSuchElementException("This endpoint no longer exists."));
    }

    /**
     * The endpoint as its audit entries name it: by id, labelled with its description and host (a
     * URL's path or query may carry a token, so the label leaves them out).
     */
    static AuditTarget target(WebhookEndpoint e) {
        String host = host(e.url());
        String label = e.description().isBlank() ? host : e.description() + " (" + host + ")";
        return AuditTarget.of(WebhooksModule.ENDPOINT_TARGET, e.id(), label);
    }

    private static String host(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? "endpoint" : host;
        } catch (IllegalArgumentException ex) {
            return "endpoint";
        }
    }

    private static void check(InvalidWebhookException.Field field, String problem) {
        if (problem != null) {
            throw new InvalidWebhookException(field, problem);
        }
    }

    private static String keys(Set<WebhookEvent> events) {
        return events.stream().map(WebhookEvent::key).sorted().collect(Collectors.joining(", "));
    }
}
