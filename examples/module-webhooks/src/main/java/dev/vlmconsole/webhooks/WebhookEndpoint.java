package dev.vlmconsole.webhooks;

import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

/**
 * An HTTPS endpoint of a workspace that is notified of the events it subscribed to.
 *
 * @param id          endpoint id
 * @param url         where notifications are posted (always {@code https})
 * @param description what the endpoint is for, may be empty
 * @param events      the events it wants, never empty
 * @param enabled     whether it is notified now
 * @param createdAt   when it was added
 */
public record WebhookEndpoint(
        UUID id, String url, String description, Set<WebhookEvent> events, boolean enabled, OffsetDateTime createdAt) {

    public WebhookEndpoint {
        events = Set.copyOf(events);
    }
}
