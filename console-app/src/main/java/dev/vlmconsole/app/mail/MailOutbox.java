package dev.vlmconsole.app.mail;

import static dev.vlmconsole.app.db.Tables.MAIL_OUTBOX;

import dev.vlmconsole.api.services.DeliveryStatus;
import dev.vlmconsole.api.services.MailMessage;
import dev.vlmconsole.api.services.OutboundMail;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The console's {@link OutboundMail}: an outbox table in the console's database, sent by
 * {@link MailDispatcher} after the queuing transaction commits. Why an outbox of its own rather
 * than Spring Modulith's event publication registry: DD016.
 *
 * @see "DD016, docs/decisions/DD016-mail-outbox.md"
 */
@Service
public class MailOutbox implements OutboundMail {

    /** Longest subject and body the outbox stores (the columns' sizes). */
    static final int MAX_SUBJECT = 1000;

    static final int MAX_BODY = 200_000;

    static final String NOT_CONFIGURED = "No mail server is configured (spring.mail.host), so the console cannot"
            + " send email. Copy the link instead, or ask the operator to configure one.";

    private final DSLContext db;
    private final TransactionTemplate tx;
    private final MailDispatcher dispatcher;
    private final Clock clock;

    public MailOutbox(DSLContext db, PlatformTransactionManager transactions, MailDispatcher dispatcher, Clock clock) {
        this.db = db;
        this.tx = new TransactionTemplate(transactions);
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    @Override
    public boolean isConfigured() {
        return dispatcher.isConfigured();
    }

    @Override
    public String notConfiguredReason() {
        return isConfigured() ? "" : NOT_CONFIGURED;
    }

    @Override
    public UUID queue(MailMessage message) {
        if (!isConfigured()) {
            throw new IllegalStateException(NOT_CONFIGURED);
        }
        if (message.subject().length() > MAX_SUBJECT
                || message.text().length() > MAX_BODY
                || (message.html() != null && message.html().length() > MAX_BODY)
                || message.to().length() > 320
                || message.kind().length() > 100) {
            throw new IllegalArgumentException("message too large for the outbox (kind " + message.kind() + ")");
        }
        UUID id = UUID.randomUUID();
        dispatcher.expect(message.kind());
        if (TransactionSynchronizationManager.isActualTransactionActive()
                && TransactionSynchronizationManager.isSynchronizationActive()) {
            insert(id, message);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    dispatcher.sendSoon(id);
                }
            });
        } else {
            tx.executeWithoutResult(s -> insert(id, message));
            dispatcher.sendSoon(id);
        }
        return id;
    }

    @Override
    public Optional<DeliveryStatus> status(UUID id) {
        return Optional.ofNullable(statuses(List.of(id)).get(id));
    }

    /** One query however many ids (a list of invitations asks for its page at once). */
    @Override
    public Map<UUID, DeliveryStatus> statuses(Collection<UUID> ids) {
        Map<UUID, DeliveryStatus> known = new HashMap<>();
        if (ids.isEmpty()) {
            return known;
        }
        db.select(MAIL_OUTBOX.ID, MAIL_OUTBOX.STATUS)
                .from(MAIL_OUTBOX)
                .where(MAIL_OUTBOX.ID.in(ids))
                .forEach(r -> known.put(r.value1(), DeliveryStatus.valueOf(r.value2())));
        return known;
    }

    private void insert(UUID id, MailMessage message) {
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        db.insertInto(MAIL_OUTBOX)
                .set(MAIL_OUTBOX.ID, id)
                .set(MAIL_OUTBOX.KIND, message.kind())
                .set(MAIL_OUTBOX.RECIPIENT, message.to().trim())
                .set(MAIL_OUTBOX.SUBJECT, message.subject())
                .set(MAIL_OUTBOX.TEXT_BODY, message.text())
                .set(MAIL_OUTBOX.HTML_BODY, message.html())
                .set(MAIL_OUTBOX.STATUS, MailDispatcher.QUEUED)
                .set(MAIL_OUTBOX.NEXT_ATTEMPT_AT, now)
                .set(MAIL_OUTBOX.CREATED_AT, now)
                .execute();
    }
}
