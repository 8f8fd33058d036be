package dev.vlmconsole.testsupport;

import dev.vlmconsole.api.services.DeliveryStatus;
import dev.vlmconsole.api.services.MailMessage;
import dev.vlmconsole.api.services.OutboundMail;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The console's outbox as a module's tests see it: {@link #queue} records the message, and the
 * message counts as {@linkplain #sent() sent} once the queuing transaction commits (never on
 * rollback; at once without a transaction), as the console sends it after commit. A test chooses
 * whether a mail server is configured ({@link #setConfigured}); when it is not, {@link #queue}
 * refuses as the console's does. {@link #status} answers {@link DeliveryStatus#QUEUED} until the
 * queuing transaction commits and {@link DeliveryStatus#SENT} after (unknown after a rollback); a test makes a message fail with
 * {@link #setStatus}.
 */
public final class RecordingOutboundMail implements OutboundMail {

    /** The reason given when no mail server is configured. */
    public static final String NOT_CONFIGURED = "No mail server is configured (spring.mail.host).";

    private final List<MailMessage> queued = new CopyOnWriteArrayList<>();
    private final List<MailMessage> sent = new CopyOnWriteArrayList<>();
    private final List<UUID> ids = new CopyOnWriteArrayList<>();
    private final Map<UUID, DeliveryStatus> statuses = new ConcurrentHashMap<>();
    private volatile boolean configured;

    /** @param configured whether a mail server is configured */
    public RecordingOutboundMail(boolean configured) {
        this.configured = configured;
    }

    /** A mail server is configured. */
    public RecordingOutboundMail() {
        this(true);
    }

    /** Configures a mail server, or removes it, for the calls that follow. */
    public void setConfigured(boolean configured) {
        this.configured = configured;
    }

    @Override
    public boolean isConfigured() {
        return configured;
    }

    @Override
    public String notConfiguredReason() {
        return configured ? "" : NOT_CONFIGURED;
    }

    @Override
    public UUID queue(MailMessage message) {
        if (!configured) {
            throw new IllegalStateException(NOT_CONFIGURED);
        }
        UUID id = UUID.randomUUID();
        queued.add(message);
        ids.add(id);
        statuses.put(id, DeliveryStatus.QUEUED);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    sent.add(message);
                    statuses.replace(id, DeliveryStatus.QUEUED, DeliveryStatus.SENT);
                }

                @Override
                public void afterCompletion(int status) {
                    if (status != STATUS_COMMITTED) {
                        statuses.remove(id); // rolled back: the console's outbox never had it
                    }
                }
            });
        } else {
            sent.add(message);
            statuses.put(id, DeliveryStatus.SENT);
        }
        return id;
    }

    @Override
    public Optional<DeliveryStatus> status(UUID id) {
        return Optional.ofNullable(statuses.get(id));
    }

    /** The outbox ids {@link #queue} returned, in the order of {@link #queued()}. */
    public List<UUID> queuedIds() {
        return new ArrayList<>(ids);
    }

    /** Sets where a queued message stands, as the console's outbox would (for example, FAILED). */
    public void setStatus(UUID id, DeliveryStatus status) {
        if (!statuses.containsKey(id)) {
            throw new IllegalArgumentException("no message queued with id " + id);
        }
        statuses.put(id, status);
    }

    /** Every message queued, committed or not, in queuing order. */
    public List<MailMessage> queued() {
        return new ArrayList<>(queued);
    }

    /** The messages whose queuing transaction committed, in order: what the console would send. */
    public List<MailMessage> sent() {
        return new ArrayList<>(sent);
    }

    /** The messages sent to {@code address} (compared ignoring case). */
    public List<MailMessage> sentTo(String address) {
        return sent.stream().filter(m -> m.to().equalsIgnoreCase(address)).toList();
    }

    /** Forgets every message. */
    public void clear() {
        queued.clear();
        sent.clear();
        ids.clear();
        statuses.clear();
    }
}
