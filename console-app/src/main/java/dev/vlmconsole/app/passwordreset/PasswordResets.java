package dev.vlmconsole.app.passwordreset;

import static dev.vlmconsole.app.db.Tables.PASSWORD_RESET_REQUEST;
import static dev.vlmconsole.app.db.Tables.PASSWORD_RESET_TOKEN;
import static dev.vlmconsole.app.db.Tables.USERS;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.services.MailMessage;
import dev.vlmconsole.api.services.OutboundMail;
import dev.vlmconsole.app.ConsoleProperties;
import dev.vlmconsole.app.PublicLinks;
import dev.vlmconsole.app.account.AccountService;
import dev.vlmconsole.app.account.Emails;
import dev.vlmconsole.app.account.UserRepository;
import dev.vlmconsole.app.db.tables.records.PasswordResetTokenRecord;
import dev.vlmconsole.app.security.CurrentConsoleContext;
import dev.vlmconsole.app.signin.LoginThrottle;
import dev.vlmconsole.app.signin.SessionEpochs;
import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.util.HtmlUtils;

/**
 * "Forgot password": a reset link by email (through {@link OutboundMail}, after commit), the same
 * answer whether or not the address has an account, and a new password set from the link.
 *
 * <p>A link carries 32 random bytes; only their SHA-256 is stored (V6). It works once, for
 * {@code console.password-reset.ttl} (30 minutes), and only while it is its person's newest link.
 * Asking is throttled over the last hour: {@code console.password-reset.per-hour} (3) links per
 * address asked for and per account, ten times that per network address; a throttled request gets
 * the same answer and sends nothing. Setting the password ends every session of the person on every
 * node ({@link SessionEpochs}) and is audited.
 *
 * <p>Whether the address has an account must not show in how long the answer takes either. The
 * asking thread does the same work for every valid address (the throttle counts, recording the
 * request, handing one task to a background executor after commit) and answers at once; the task
 * looks the account up and, for a real one, locks it, applies the per-account limit, issues the
 * link and queues the mail in a transaction of its own.
 */
@Service
public class PasswordResets {

    /** Input name of the new password. */
    public static final String PASSWORD = "password";

    static final Duration WINDOW = Duration.ofHours(1);
    static final int ADDRESS_FACTOR = 10;

    private static final Logger log = LoggerFactory.getLogger(PasswordResets.class);

    /** What the person who asked is told. */
    public enum Answer {
        /** "If an account has this address, we sent a link": sent, unknown and throttled alike. */
        LINK_SENT_IF_ACCOUNT,
        /** No mail server is configured: nothing can be sent to anyone. */
        CANNOT_SEND
    }

    /** What a link is. */
    public enum LinkState {
        VALID,
        USED,
        EXPIRED,
        /** The person asked again: only the newest link works. */
        REPLACED,
        UNKNOWN
    }

    /** A link that cannot set a password, and why. */
    public static final class LinkNotUsableException extends RuntimeException {

        private final LinkState state;

        LinkNotUsableException(LinkState state) {
            super(describe(state));
            this.state = state;
        }

        public LinkState state() {
            return state;
        }
    }

    private final DSLContext db;
    private final UserRepository users;
    private final PasswordEncoder encoder;
    private final OutboundMail mail;
    private final PublicLinks links;
    private final SessionEpochs sessions;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final CurrentConsoleContext context;
    private final ConsoleProperties.PasswordReset settings;
    private final boolean ssoOnly;
    private final Clock clock;
    private final TransactionTemplate background;
    private final Executor executor;
    private final @Nullable ExecutorService ownExecutor;
    private final SecureRandom random = new SecureRandom();

    @Autowired
    PasswordResets(
            DSLContext db,
            PlatformTransactionManager transactions,
            UserRepository users,
            PasswordEncoder encoder,
            OutboundMail mail,
            PublicLinks links,
            SessionEpochs sessions,
            LoginThrottle throttle,
            AuditLog audit,
            CurrentConsoleContext context,
            ConsoleProperties settings,
            Clock clock) {
        this(
                db,
                transactions,
                users,
                encoder,
                mail,
                links,
                sessions,
                throttle,
                audit,
                context,
                settings,
                clock,
                backgroundExecutor());
    }

    /** With the executor that runs the account-specific part of a request (tests pass their own). */
    PasswordResets(
            DSLContext db,
            PlatformTransactionManager transactions,
            UserRepository users,
            PasswordEncoder encoder,
            OutboundMail mail,
            PublicLinks links,
            SessionEpochs sessions,
            LoginThrottle throttle,
            AuditLog audit,
            CurrentConsoleContext context,
            ConsoleProperties settings,
            Clock clock,
            Executor executor) {
        this.db = db;
        this.users = users;
        this.encoder = encoder;
        this.mail = mail;
        this.links = links;
        this.sessions = sessions;
        this.throttle = throttle;
        this.audit = audit;
        this.context = context;
        this.settings = settings.passwordReset();
        this.ssoOnly = settings.oidc().ssoOnly();
        this.clock = clock;
        this.background = new TransactionTemplate(transactions);
        // the task runs after the asking transaction committed, possibly on a thread that still has it bound
        this.background.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.executor = executor;
        this.ownExecutor = executor instanceof ExecutorService service ? service : null;
    }

    /**
     * One daemon thread with a bounded queue: requests are already throttled per address and per network
     * address, so this only smooths bursts; when it is full a request is dropped (and logged) rather than
     * growing memory or slowing the asking thread.
     */
    private static ExecutorService backgroundExecutor() {
        return new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(1000),
                r -> {
                    Thread t = new Thread(r, "password-reset");
                    t.setDaemon(true);
                    return t;
                },
                (r, pool) -> log.warn("Password reset request dropped: the background queue is full"));
    }

    @PreDestroy
    void stop() {
        if (ownExecutor != null) {
            ownExecutor.shutdown();
        }
    }

    /** Whether links can be sent at all (a mail server is configured). */
    public boolean canSend() {
        return mail.isConfigured();
    }

    /** How long a link works, for the page's words. */
    public Duration ttl() {
        return settings.ttl();
    }

    /**
     * Sends a reset link to {@code email} if it has an account and no limit holds. The answer does not
     * say which.
     */
    @Transactional
    public Answer request(String email) {
        if (!mail.isConfigured()) {
            return Answer.CANNOT_SEND;
        }
        String normalized = Emails.normalize(email);
        if (!Emails.isValid(normalized)) {
            return Answer.LINK_SENT_IF_ACCOUNT;
        }
        OffsetDateTime now = now();
        String emailHash = sha256(normalized);
        String address = context.sourceAddress().orElse("unknown");
        OffsetDateTime since = now.minus(WINDOW);
        if (db.fetchCount(
                                PASSWORD_RESET_REQUEST,
                                PASSWORD_RESET_REQUEST
                                        .EMAIL_HASH
                                        .eq(emailHash)
                                        .and(PASSWORD_RESET_REQUEST.REQUESTED_AT.gt(since)))
                        >= settings.perHour()
                || db.fetchCount(
                                PASSWORD_RESET_REQUEST,
                                PASSWORD_RESET_REQUEST
                                        .ADDRESS
                                        .eq(address)
                                        .and(PASSWORD_RESET_REQUEST.REQUESTED_AT.gt(since)))
                        >= settings.perHour() * ADDRESS_FACTOR) {
            log.info("Password reset request throttled");
            return Answer.LINK_SENT_IF_ACCOUNT;
        }
        db.insertInto(PASSWORD_RESET_REQUEST)
                .set(PASSWORD_RESET_REQUEST.EMAIL_HASH, emailHash)
                .set(PASSWORD_RESET_REQUEST.ADDRESS, address.length() > 64 ? address.substring(0, 64) : address)
                .set(PASSWORD_RESET_REQUEST.REQUESTED_AT, now)
                .execute();
        afterCommit(() -> background.executeWithoutResult(status -> send(normalized, since)));
        return Answer.LINK_SENT_IF_ACCOUNT;
    }

    /** Hands {@code task} to the executor once the current transaction committed (at once without one). */
    private void afterCommit(Runnable task) {
        Runnable safe = () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("Password reset request failed in the background", e);
            }
        };
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    submit(safe);
                }
            });
        } else {
            submit(safe);
        }
    }

    private void submit(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            log.warn("Password reset request dropped: the background executor refused it");
        }
    }

    /** The account-specific part of a request, off the asking thread: look up, lock, limit, issue, mail. */
    private void send(String normalized, OffsetDateTime since) {
        Optional<UserRepository.UserRow> user = users.findByEmail(normalized);
        if (user.isEmpty() || user.get().passwordHash() == null || ssoOnly) {
            // no account, an account that signs in with single sign-on, or an SSO-only install: nothing to
            // send, and the same answer as for anyone else (DD034)
            return;
        }
        UUID userId = user.get().id();
        // one request per person at a time, so that parallel requests count each other
        db.select(USERS.ID).from(USERS).where(USERS.ID.eq(userId)).forUpdate().fetch();
        if (db.fetchCount(
                        PASSWORD_RESET_TOKEN,
                        PASSWORD_RESET_TOKEN.USER_ID.eq(userId).and(PASSWORD_RESET_TOKEN.CREATED_AT.gt(since)))
                >= settings.perHour()) {
            log.info("Password reset request throttled for an account");
            return;
        }
        String token = issue(userId);
        String link = links.to("reset-password", token);
        mail.queue(message(user.get().email(), link));
    }

    /** A new link's token for the person, voiding their older links (the caller sends it). */
    @Transactional
    String issue(UUID userId) {
        OffsetDateTime now = now();
        db.update(PASSWORD_RESET_TOKEN)
                .set(PASSWORD_RESET_TOKEN.VOIDED_AT, now)
                .where(PASSWORD_RESET_TOKEN.USER_ID.eq(userId))
                .and(PASSWORD_RESET_TOKEN.USED_AT.isNull())
                .and(PASSWORD_RESET_TOKEN.VOIDED_AT.isNull())
                .execute();
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        db.insertInto(PASSWORD_RESET_TOKEN)
                .set(PASSWORD_RESET_TOKEN.TOKEN_HASH, sha256(token))
                .set(PASSWORD_RESET_TOKEN.USER_ID, userId)
                .set(PASSWORD_RESET_TOKEN.CREATED_AT, now)
                .set(PASSWORD_RESET_TOKEN.EXPIRES_AT, now.plus(settings.ttl()))
                .execute();
        return token;
    }

    /** Whether the link of {@code token} can set a password, and why not. */
    @Transactional(readOnly = true)
    public LinkState check(String token) {
        return find(token, false).map(this::state).orElse(LinkState.UNKNOWN);
    }

    /**
     * Sets the password of the link's person, uses the link up, ends every session of the person and
     * audits it.
     *
     * @throws dev.vlmconsole.api.InvalidInputException on {@link #PASSWORD} when the password breaks the rules
     * @throws LinkNotUsableException                   when the link is used, expired, replaced or unknown
     */
    @Transactional
    public void reset(String token, String newPassword) {
        PasswordResetTokenRecord row =
                find(token, true).orElseThrow(() -> new LinkNotUsableException(LinkState.UNKNOWN));
        LinkState state = state(row);
        if (state != LinkState.VALID) {
            throw new LinkNotUsableException(state);
        }
        AccountService.requireStrong(PASSWORD, newPassword);
        UserRepository.UserRow user =
                users.findById(row.getUserId()).orElseThrow(() -> new LinkNotUsableException(LinkState.UNKNOWN));
        OffsetDateTime now = now();
        row.setUsedAt(now);
        row.store();
        db.update(PASSWORD_RESET_TOKEN)
                .set(PASSWORD_RESET_TOKEN.VOIDED_AT, now)
                .where(PASSWORD_RESET_TOKEN.USER_ID.eq(user.id()))
                .and(PASSWORD_RESET_TOKEN.USED_AT.isNull())
                .and(PASSWORD_RESET_TOKEN.VOIDED_AT.isNull())
                .execute();
        users.updatePasswordHash(user.id(), encoder.encode(newPassword));
        sessions.endSessions(user.id(), false);
        String address = context.sourceAddress().orElse(null);
        throttle.forgetAddressesExcept(user.id(), address);
        audit.record(new AuditEntry(
                null,
                new Actor(Actor.Kind.USER, user.id(), user.email(), user.displayName(), false),
                "core.account.password_reset",
                AccountService.person(user.id(), user.displayName(), user.email()),
                "Password set from an emailed reset link; every session ended",
                address == null ? "" : address));
    }

    /** Forgets requests older than the throttle's hour and links that expired a day ago. */
    @Scheduled(fixedDelay = 10, initialDelay = 2, timeUnit = TimeUnit.MINUTES)
    @Transactional
    public void cleanUp() {
        OffsetDateTime now = now();
        db.deleteFrom(PASSWORD_RESET_REQUEST)
                .where(PASSWORD_RESET_REQUEST.REQUESTED_AT.lt(now.minus(WINDOW)))
                .execute();
        db.deleteFrom(PASSWORD_RESET_TOKEN)
                .where(PASSWORD_RESET_TOKEN.EXPIRES_AT.lt(now.minusDays(1)))
                .execute();
    }

    /** The page's words for a link that cannot be used. */
    public static String describe(LinkState state) {
        return switch (state) {
            case VALID -> "This link is valid.";
            case USED -> "This link was already used to set a password. Links work once.";
            case EXPIRED -> "This link has expired. Ask for a new one.";
            case REPLACED -> "A newer link was sent since this one, so this one no longer works. Use the newest email.";
            case UNKNOWN -> "This link is not valid. Check that you copied all of it, or ask for a new one.";
        };
    }

    private Optional<PasswordResetTokenRecord> find(String token, boolean lock) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Optional.empty();
        }
        var query = db.selectFrom(PASSWORD_RESET_TOKEN).where(PASSWORD_RESET_TOKEN.TOKEN_HASH.eq(sha256(token.trim())));
        return Optional.ofNullable(lock ? query.forUpdate().fetchOne() : query.fetchOne());
    }

    private LinkState state(PasswordResetTokenRecord row) {
        if (row.getUsedAt() != null) {
            return LinkState.USED;
        }
        if (row.getVoidedAt() != null) {
            return LinkState.REPLACED;
        }
        if (!row.getExpiresAt().isAfter(now())) {
            return LinkState.EXPIRED;
        }
        return LinkState.VALID;
    }

    private MailMessage message(String email, String link) {
        String minutes = settings.ttl().toMinutes() + " minutes";
        String text = "Someone, hopefully you, asked to reset the password of the account console for " + email
                + ".\n\nOpen this link within " + minutes + " to choose a new password:\n\n" + link
                + "\n\nThe link works once. Setting a new password signs you out everywhere.\n"
                + "If you did not ask for this, ignore this email: your password stays as it is.\n";
        String html = "<p>Someone, hopefully you, asked to reset the password of the account console for "
                + HtmlUtils.htmlEscape(email) + ".</p>"
                + "<p><a href=\"" + HtmlUtils.htmlEscape(link) + "\">Choose a new password</a> (within " + minutes
                + ")</p>"
                + "<p>Or copy this address into your browser: " + HtmlUtils.htmlEscape(link) + "</p>"
                + "<p>The link works once. Setting a new password signs you out everywhere. If you did not ask for"
                + " this, ignore this email: your password stays as it is.</p>";
        return new MailMessage(email, "Reset your password", text, html, "core.password_reset");
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
