package dev.vlmconsole.app.signin;

import static dev.vlmconsole.app.db.Tables.USERS;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.vaadin.flow.server.VaadinSession;
import dev.vlmconsole.app.account.ConsoleUser;
import java.io.Serializable;
import java.time.Duration;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Ends every session of a person at once, on every node, although sessions live in one node's
 * memory: each person has a stored epoch ({@code users.session_epoch}); a session remembers the
 * epoch it signed in at, and {@link SessionEpochFilter} ends it once the stored one has moved past.
 * Each node keeps the stored epochs for {@link #CACHED_FOR}, so another node notices within that.
 */
@Component
public class SessionEpochs {

    /** Session attribute of a session that moved the epoch itself and stays signed in. */
    public static final String ATTRIBUTE = "console.session-epoch";

    static final Duration CACHED_FOR = Duration.ofSeconds(2);

    private final DSLContext db;
    private final Cache<UUID, Integer> stored;

    @Autowired
    SessionEpochs(DSLContext db) {
        this(db, Ticker.systemTicker());
    }

    SessionEpochs(DSLContext db, Ticker ticker) {
        this.db = db;
        this.stored = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(CACHED_FOR)
                .ticker(ticker)
                .build();
    }

    /**
     * Whether a session signed in as {@code user} is still valid.
     *
     * @param sessionAttribute the session's {@link #ATTRIBUTE}, if any
     */
    public boolean isCurrent(ConsoleUser user, Object sessionAttribute) {
        // a kept epoch counts only for the person who kept it: the attribute outlives a sign-in as
        // someone else in the same session (the session id changes, its attributes stay)
        int mine = sessionAttribute instanceof Kept kept && kept.userId().equals(user.id())
                ? kept.epoch()
                : user.sessionEpoch();
        return mine >= stored.get(user.id(), this::load);
    }

    /** What a session that moved its person's epoch itself keeps, so that it stays signed in. */
    public record Kept(UUID userId, int epoch) implements Serializable {}

    /**
     * Moves the person's epoch: every session signed in before ends at its next request (on other
     * nodes within {@link #CACHED_FOR}).
     *
     * @param keepThisSession whether the session of the current request stays signed in
     */
    @Transactional
    public void endSessions(UUID userId, boolean keepThisSession) {
        db.update(USERS)
                .set(USERS.SESSION_EPOCH, USERS.SESSION_EPOCH.plus(1))
                .where(USERS.ID.eq(userId))
                .execute();
        Kept kept = new Kept(userId, load(userId));
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                stored.invalidate(userId);
                if (keepThisSession) {
                    keepCurrentSession(kept);
                }
            }
        });
    }

    private static void keepCurrentSession(Kept epoch) {
        VaadinSession vaadin = VaadinSession.getCurrent();
        if (vaadin != null && vaadin.getSession() != null) {
            vaadin.getSession().setAttribute(ATTRIBUTE, epoch);
        } else if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request
                && request.getRequest().getSession(false) != null) {
            request.getRequest().getSession(false).setAttribute(ATTRIBUTE, epoch);
        }
    }

    /** The stored epoch; a person who no longer exists has none that any session reaches. */
    private int load(UUID userId) {
        return db.select(USERS.SESSION_EPOCH)
                .from(USERS)
                .where(USERS.ID.eq(userId))
                .fetchOptional(USERS.SESSION_EPOCH)
                .orElse(Integer.MAX_VALUE);
    }
}
