package dev.vlmconsole.app.mail;

import static dev.vlmconsole.app.db.Tables.MAIL_OUTBOX;

import dev.vlmconsole.app.ConsoleProperties;
import dev.vlmconsole.app.db.tables.records.MailOutboxRecord;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends what {@link MailOutbox} queued (DD016). Every message is first <em>claimed</em>: marked
 * {@code SENDING} in a transaction of its own that commits before the mail server is contacted, by a
 * conditional update that only one node can win (on PostgreSQL the poll also picks its batch with
 * {@code for update skip locked}, so nodes polling together take different rows). After the server
 * took it, the message is marked {@code SENT}.
 *
 * <p>A message left {@code SENDING} for {@link #INTERRUPTED_AFTER} belonged to a node that stopped
 * mid-way: it may have reached the server or not. It is marked {@code UNCERTAIN} and never sent
 * again, because one {@code queue} call must not send two emails (a second invitation link would
 * void the first one the person may already be reading); the log names its id and kind once.
 *
 * <p>A server that is down or refuses is retried with growing pauses (1 minute, doubling, at most
 * an hour) for {@code console.mail.retry-for}, then the message is {@code FAILED}. A message that
 * cannot be built (an address that does not parse) fails at once.
 *
 * <p>All sending of a node happens on one thread: the sends after commit and the poll, which runs
 * at start (replaying what a stopped node had queued) and every {@code console.mail.poll-interval}.
 * The log and the metric {@code console.mail.messages} (tags {@code kind}, {@code outcome}) name the
 * message's id and kind, never its address, subject or body, which may carry a secret link.
 */
@Component
public class MailDispatcher implements SmartLifecycle {

    /** How long a message may stay claimed before the node that claimed it counts as stopped. */
    static final Duration INTERRUPTED_AFTER = Duration.ofMinutes(15);

    static final Duration FIRST_RETRY = Duration.ofMinutes(1);
    static final Duration LONGEST_RETRY = Duration.ofHours(1);
    static final int BATCH = 50;

    static final String QUEUED = "QUEUED";
    static final String SENDING = "SENDING";
    static final String SENT = "SENT";
    static final String FAILED = "FAILED";
    static final String UNCERTAIN = "UNCERTAIN";

    /**
     * What a message's body becomes once it is sent, given up or interrupted: bodies carry secret
     * links (an invitation, a password reset) of which the console otherwise stores only hashes.
     */
    static final String FORGOTTEN_BODY = "";

    private static final Logger log = LoggerFactory.getLogger(MailDispatcher.class);

    private final DSLContext db;
    private final TransactionTemplate ownTx;
    private final @Nullable JavaMailSender sender;
    private final ConsoleProperties.Mail settings;
    private final Clock clock;
    private final @Nullable MeterRegistry meters;
    private volatile @Nullable ScheduledExecutorService worker;

    @Autowired
    MailDispatcher(
            DSLContext db,
            PlatformTransactionManager transactions,
            ObjectProvider<JavaMailSender> sender,
            @Value("${spring.mail.host:}") String host,
            ConsoleProperties settings,
            Clock clock,
            ObjectProvider<MeterRegistry> meters) {
        this(
                db,
                transactions,
                host.isBlank() ? null : sender.getIfAvailable(),
                settings.mail(),
                clock,
                meters.getIfAvailable());
    }

    /**
     * A dispatcher on its own (tests build one per simulated node).
     *
     * @param sender the mail server, or {@code null} when none is configured
     */
    public MailDispatcher(
            DSLContext db,
            PlatformTransactionManager transactions,
            @Nullable JavaMailSender sender,
            ConsoleProperties.Mail settings,
            Clock clock,
            @Nullable MeterRegistry meters) {
        this.db = db;
        this.ownTx = new TransactionTemplate(transactions);
        this.ownTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.sender = sender;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
    }

    /** Whether a mail server is configured; without one, nothing is started and nothing is sent. */
    public boolean isConfigured() {
        return sender != null;
    }

    /** Sends the message {@code id} soon, on this node's mail thread (after its transaction committed). */
    void sendSoon(UUID id) {
        ScheduledExecutorService w = worker;
        if (w == null) {
            return; // not started or stopping: the message stays QUEUED for the next poll or start
        }
        try {
            w.execute(() -> {
                try {
                    send(id);
                } catch (RuntimeException e) {
                    log.warn(
                            "Mail {} not sent now ({}); the poll tries again",
                            id,
                            e.getClass().getSimpleName());
                }
            });
        } catch (RejectedExecutionException stopping) {
            // stopping: the next start sends it
        }
    }

    /**
     * Marks messages whose sending was interrupted, sends every message that is due (replaying what
     * was queued before a stop, retrying what failed), and deletes old ones.
     *
     * @return how many messages this call sent
     */
    public int poll() {
        if (sender == null) {
            return 0;
        }
        markInterrupted();
        int sent = 0;
        List<MailOutboxRecord> claimed;
        do {
            claimed = claimDue();
            for (MailOutboxRecord row : claimed) {
                if (deliver(row)) {
                    sent++;
                }
            }
        } while (claimed.size() == BATCH);
        deleteOld();
        return sent;
    }

    /**
     * Claims and sends the message {@code id} if it is due and no one else has claimed it.
     *
     * @return whether this call sent it
     */
    public boolean send(UUID id) {
        if (sender == null) {
            return false;
        }
        return claim(id).map(this::deliver).orElse(false);
    }

    private Optional<MailOutboxRecord> claim(UUID id) {
        return Optional.ofNullable(ownTx.execute(s -> claimInTx(id)));
    }

    private List<MailOutboxRecord> claimDue() {
        List<MailOutboxRecord> rows = ownTx.execute(s -> {
            var select = db.select(MAIL_OUTBOX.ID)
                    .from(MAIL_OUTBOX)
                    .where(MAIL_OUTBOX.STATUS.eq(QUEUED))
                    .and(MAIL_OUTBOX.NEXT_ATTEMPT_AT.le(now()))
                    .orderBy(MAIL_OUTBOX.NEXT_ATTEMPT_AT)
                    .limit(BATCH);
            List<UUID> ids = db.dialect().family() == SQLDialect.POSTGRES
                    ? select.forUpdate().skipLocked().fetch(MAIL_OUTBOX.ID)
                    : select.fetch(MAIL_OUTBOX.ID);
            List<MailOutboxRecord> mine = new ArrayList<>();
            for (UUID id : ids) {
                MailOutboxRecord row = claimInTx(id);
                if (row != null) {
                    mine.add(row);
                }
            }
            return mine;
        });
        return rows == null ? List.of() : rows;
    }

    /** The conditional update only one node wins: QUEUED and due becomes SENDING. */
    private @Nullable MailOutboxRecord claimInTx(UUID id) {
        OffsetDateTime now = now();
        int won = db.update(MAIL_OUTBOX)
                .set(MAIL_OUTBOX.STATUS, SENDING)
                .set(MAIL_OUTBOX.CLAIMED_AT, now)
                .set(MAIL_OUTBOX.ATTEMPTS, MAIL_OUTBOX.ATTEMPTS.plus(1))
                .where(MAIL_OUTBOX.ID.eq(id))
                .and(MAIL_OUTBOX.STATUS.eq(QUEUED))
                .and(MAIL_OUTBOX.NEXT_ATTEMPT_AT.le(now))
                .execute();
        return won == 1
                ? db.selectFrom(MAIL_OUTBOX).where(MAIL_OUTBOX.ID.eq(id)).fetchOne()
                : null;
    }

    /** Talks to the mail server about a claimed message; records the outcome. */
    private boolean deliver(MailOutboxRecord row) {
        MimeMessage message;
        try {
            message = build(row);
        } catch (MessagingException | MailException | IllegalArgumentException e) {
            fail(row, "not a sendable message: " + describe(e));
            return false;
        }
        try {
            sender.send(message);
        } catch (MailParseException | MailPreparationException e) {
            fail(row, "not a sendable message: " + describe(e));
            return false;
        } catch (MailException e) {
            retryOrFail(row, describe(e));
            return false;
        }
        ownTx.executeWithoutResult(s -> db.update(MAIL_OUTBOX)
                .set(MAIL_OUTBOX.STATUS, SENT)
                .set(MAIL_OUTBOX.TEXT_BODY, FORGOTTEN_BODY)
                .set(MAIL_OUTBOX.HTML_BODY, (String) null)
                .set(MAIL_OUTBOX.SENT_AT, now())
                .set(MAIL_OUTBOX.LAST_ERROR, (String) null)
                .where(MAIL_OUTBOX.ID.eq(row.getId()))
                .and(MAIL_OUTBOX.STATUS.in(SENDING, UNCERTAIN))
                .execute());
        count(row.getKind(), "sent");
        log.info("Sent mail {} ({}), attempt {}", row.getId(), row.getKind(), row.getAttempts());
        return true;
    }

    private MimeMessage build(MailOutboxRecord row) throws MessagingException {
        MimeMessage message = sender.createMimeMessage();
        boolean html = row.getHtmlBody() != null;
        MimeMessageHelper helper = new MimeMessageHelper(message, html, StandardCharsets.UTF_8.name());
        helper.setFrom(settings.from());
        helper.setTo(row.getRecipient());
        helper.setSubject(row.getSubject());
        if (html) {
            helper.setText(row.getTextBody(), row.getHtmlBody());
        } else {
            helper.setText(row.getTextBody());
        }
        message.setHeader("Auto-Submitted", "auto-generated");
        return message;
    }

    private void retryOrFail(MailOutboxRecord row, String error) {
        int attempts = row.getAttempts();
        Duration pause = FIRST_RETRY.multipliedBy(1L << Math.min(attempts - 1, 10));
        if (pause.compareTo(LONGEST_RETRY) > 0) {
            pause = LONGEST_RETRY;
        }
        OffsetDateTime next = now().plus(pause);
        if (next.isAfter(row.getCreatedAt().plus(settings.retryFor()))) {
            fail(row, error);
            return;
        }
        ownTx.executeWithoutResult(s -> db.update(MAIL_OUTBOX)
                .set(MAIL_OUTBOX.STATUS, QUEUED)
                .set(MAIL_OUTBOX.NEXT_ATTEMPT_AT, next)
                .set(MAIL_OUTBOX.LAST_ERROR, error)
                .where(MAIL_OUTBOX.ID.eq(row.getId()))
                .and(MAIL_OUTBOX.STATUS.eq(SENDING))
                .execute());
        count(row.getKind(), "retry");
        log.warn(
                "Mail {} ({}) not sent, attempt {}: {}; trying again in {}",
                row.getId(),
                row.getKind(),
                attempts,
                error,
                pause);
    }

    private void fail(MailOutboxRecord row, String error) {
        ownTx.executeWithoutResult(s -> db.update(MAIL_OUTBOX)
                .set(MAIL_OUTBOX.STATUS, FAILED)
                .set(MAIL_OUTBOX.TEXT_BODY, FORGOTTEN_BODY)
                .set(MAIL_OUTBOX.HTML_BODY, (String) null)
                .set(MAIL_OUTBOX.LAST_ERROR, error)
                .where(MAIL_OUTBOX.ID.eq(row.getId()))
                .and(MAIL_OUTBOX.STATUS.eq(SENDING))
                .execute());
        count(row.getKind(), "failed");
        log.error(
                "Mail {} ({}) given up after {} attempt(s): {}", row.getId(), row.getKind(), row.getAttempts(), error);
    }

    /** Messages a stopped node left SENDING: marked UNCERTAIN, logged once (by this update's winner). */
    private void markInterrupted() {
        OffsetDateTime before = now().minus(INTERRUPTED_AFTER);
        List<MailOutboxRecord> stale = db.selectFrom(MAIL_OUTBOX)
                .where(MAIL_OUTBOX.STATUS.eq(SENDING))
                .and(MAIL_OUTBOX.CLAIMED_AT.lt(before))
                .fetch();
        for (MailOutboxRecord row : stale) {
            Integer marked = ownTx.execute(s -> db.update(MAIL_OUTBOX)
                    .set(MAIL_OUTBOX.STATUS, UNCERTAIN)
                    .set(MAIL_OUTBOX.TEXT_BODY, FORGOTTEN_BODY)
                    .set(MAIL_OUTBOX.HTML_BODY, (String) null)
                    .set(MAIL_OUTBOX.LAST_ERROR, "sending was interrupted (a console node stopped); not sent again")
                    .where(MAIL_OUTBOX.ID.eq(row.getId()))
                    .and(MAIL_OUTBOX.STATUS.eq(SENDING))
                    .and(MAIL_OUTBOX.CLAIMED_AT.lt(before))
                    .execute());
            if (marked != null && marked == 1) {
                count(row.getKind(), "uncertain");
                log.warn(
                        "Mail {} ({}) was being sent when a console node stopped: it may or may not have"
                                + " arrived, and is not sent again (DD016)",
                        row.getId(),
                        row.getKind());
            }
        }
    }

    private void deleteOld() {
        ownTx.executeWithoutResult(s -> db.deleteFrom(MAIL_OUTBOX)
                .where(MAIL_OUTBOX.STATUS.in(SENT, FAILED, UNCERTAIN))
                .and(MAIL_OUTBOX.CREATED_AT.lt(now().minus(settings.keepSent())))
                .execute());
    }

    /** The kinds of failure, never their messages: a server's message may quote the address. */
    private static String describe(Throwable e) {
        StringBuilder kinds = new StringBuilder(e.getClass().getSimpleName());
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            kinds.append(" / ").append(cause.getClass().getSimpleName());
        }
        return kinds.length() > 450 ? kinds.substring(0, 450) : kinds.toString();
    }

    /** The outcomes {@code console.mail.messages} counts. */
    private static final List<String> OUTCOMES = List.of("sent", "retry", "failed", "uncertain");

    /**
     * Registers {@code console.mail.messages} of {@code kind} at zero for every outcome, so that the first
     * failure of a kind is a rise a rate or an alert sees, not a new series (DD032).
     */
    void expect(String kind) {
        if (meters != null) {
            for (String outcome : OUTCOMES) {
                meters.counter("console.mail.messages", "kind", kind, "outcome", outcome);
            }
        }
    }

    private void count(String kind, String outcome) {
        if (meters != null) {
            meters.counter("console.mail.messages", "kind", kind, "outcome", outcome)
                    .increment();
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    @Override
    public void start() {
        if (sender == null || worker != null) {
            return;
        }
        ScheduledExecutorService w = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mail-outbox");
            t.setDaemon(true);
            return t;
        });
        worker = w;
        expectKindsInTheOutbox();
        // at once: what was queued before the last stop goes out now
        w.scheduleWithFixedDelay(this::pollQuietly, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The kinds of the messages of the last days, each counted from zero (a metric, never worth a failed start). */
    private void expectKindsInTheOutbox() {
        try {
            db.selectDistinct(MAIL_OUTBOX.KIND)
                    .from(MAIL_OUTBOX)
                    .fetch(MAIL_OUTBOX.KIND)
                    .forEach(this::expect);
        } catch (RuntimeException e) {
            log.warn("Could not read the kinds of mail in the outbox ({})", describe(e));
        }
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (RuntimeException e) {
            log.warn("Mail outbox poll failed ({}); next poll in {}", describe(e), settings.pollInterval());
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService w = worker;
        worker = null;
        if (w != null) {
            w.shutdown();
            try {
                if (!w.awaitTermination(10, TimeUnit.SECONDS)) {
                    w.shutdownNow();
                }
            } catch (InterruptedException e) {
                w.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }

    /** Starts after the database and the web server, stops before them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }
}
