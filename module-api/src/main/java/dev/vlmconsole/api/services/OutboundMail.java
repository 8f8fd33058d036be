package dev.vlmconsole.api.services;

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
}
