package dev.vlmconsole.api.services;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Sends email through the console's outbox. The console provides it on Spring Mail
 * ({@code spring.mail.*}); a module never talks SMTP itself.
 *
 * <p>{@link #queue} writes the message to an outbox table in the caller's transaction. After that
 * transaction commits, the console sends it; if it rolls back, nothing is sent. A message queued
 * just before a crash is sent when the console starts again, and one {@code queue} call sends at
 * most one email (a message whose sending was interrupted mid-way by a crash is not sent again:
 * the outbox marks it before it talks to the mail server). A mail server that refuses or is down
 * is retried with growing pauses, for a day.
 *
 * <p>With no mail server configured, {@link #isConfigured()} is {@code false} and {@link #queue}
 * refuses: a page that would email a link shows the link to copy instead, and says why
 * ({@link #notConfiguredReason()}).
 *
 * @since 1.2
 * @see "DD016, docs/decisions/DD016-mail-outbox.md"
 */
public interface OutboundMail {

    /** Whether a mail server is configured, so that {@link #queue} will send. */
    boolean isConfigured();

    /**
     * Why mail is not sent, in words for the person using the console (for example, that the
     * operator has not configured {@code spring.mail.host}); empty when {@link #isConfigured()}.
     */
    String notConfiguredReason();

    /**
     * Queues {@code message} in the current transaction (or in one of its own when there is none),
     * to be sent after it commits.
     *
     * @return the outbox id of the message
     * @throws IllegalStateException when no mail server is configured
     */
    UUID queue(MailMessage message);

    /**
     * Where the message {@link #queue} returned {@code id} for stands: a page can then say that an
     * email was never delivered ({@link DeliveryStatus#FAILED}, {@link DeliveryStatus#UNCERTAIN})
     * rather than let it look sent. The console implements it; a module written for module-api 1.1
     * never calls it.
     *
     * @return empty when the outbox does not know the id: never queued, or finished and deleted
     *     since ({@code console.mail.keep-sent}, 7 days by default); the default implementation
     *     always answers empty
     * @since 1.2
     */
    default Optional<DeliveryStatus> status(UUID id) {
        return Optional.empty();
    }

    /**
     * {@link #status} of many messages at once (the console answers with one query, for a list).
     *
     * @return the status of each id the outbox knows; an unknown id has no entry
     * @since 1.2
     */
    default Map<UUID, DeliveryStatus> statuses(Collection<UUID> ids) {
        Map<UUID, DeliveryStatus> known = new LinkedHashMap<>();
        for (UUID id : ids) {
            status(id).ifPresent(s -> known.put(id, s));
        }
        return known;
    }
}
