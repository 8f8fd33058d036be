package dev.vlmconsole.api.services;

/**
 * Where a message queued on {@link OutboundMail} stands in the console's outbox
 * ({@link OutboundMail#status}).
 *
 * @since 1.2
 * @see "DD016, docs/decisions/DD016-mail-outbox.md"
 */
public enum DeliveryStatus {
    /** Waiting for its first attempt, or for the next one after the mail server refused or was down. */
    QUEUED,
    /** Being handed to the mail server right now. */
    SENDING,
    /** The mail server accepted it. */
    SENT,
    /** Never delivered: the mail server refused it for a day, or it could not be sent at all. */
    FAILED,
    /**
     * A console node stopped while sending it: it may or may not have arrived, and it is not sent
     * again (one {@link OutboundMail#queue} call never sends two emails).
     */
    UNCERTAIN
}
