package dev.vlmconsole.webhooks;

import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
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

    /** The inputs {@link #add} reports problems on, as a form or an API body would name them. */
    public static final String URL = "url";

    public static final String DESCRIPTION = "description";
    public static final String EVENTS = "events";

    /** Counts for the dashboard card. */
    public record Summary(int endpoints, int enabled) {}

    /** The workspace's endpoints, oldest first. */
    @Transactional(readOnly = true)
    public List<WebhookEndpoint> endpoints() {
        context.require(WebhooksModule.READ);
        return endpoints.list(context.workspaceId());
    }

    @Transactional(readOnly = true)
    public Summary summary() {
        List<WebhookEndpoint> all = endpoints();
        return new Summary(
                all.size(), (int) all.stream().filter(WebhookEndpoint::enabled).count());
    }

    /** Whether the acting member may add, switch and delete endpoints (to show the buttons). */
    public boolean canManage() {
        return context.can(WebhooksModule.MANAGE);
    }

    /**
     * Registers an enabled endpoint.
     *
     * @throws InvalidInputException naming every refused input at once ({@link #URL}, {@link #DESCRIPTION},
     *                               {@link #EVENTS})
     * @throws EndpointLimitReachedException when the workspace has all the endpoints it may have
     */
    @Transactional
    public WebhookEndpoint add(String url, String description, Set<WebhookEvent> events) {
        context.require(WebhooksModule.MANAGE);
        UUID workspaceId = context.workspaceId();
        InvalidInputException.Builder invalid = InvalidInputException.builder()
                .check(URL, WebhookRules.urlProblem(url))
                .check(DESCRIPTION, WebhookRules.descriptionProblem(description))
                .check(EVENTS, WebhookRules.eventsProblem(events));
        if (!invalid.refused(URL) && endpoints.urlExists(workspaceId, url.trim())) {
            invalid.add(URL, "This URL is already registered.");
        }
        invalid.throwIfAny();
        String u = url.trim();
        if (endpoints.count(workspaceId) >= WebhookRules.MAX_ENDPOINTS) {
            throw new EndpointLimitReachedException(WebhookRules.MAX_ENDPOINTS);
        }
        WebhookEndpoint e = new WebhookEndpoint(
                UUID.randomUUID(),
                u,
                description == null ? "" : description.trim(),
                events,
                true,
                OffsetDateTime.now(clock));
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
        return endpoints
                .find(context.workspaceId(), id)
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

    private static String keys(Set<WebhookEvent> events) {
        return events.stream().map(WebhookEvent::key).sorted().collect(Collectors.joining(", "));
    }
}
