package dev.vlmconsole.app.security;

import static dev.vlmconsole.app.db.Tables.LOGIN_THROTTLE;

import dev.vlmconsole.app.account.Emails;
import dev.vlmconsole.app.db.tables.records.LoginThrottleRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jooq.DSLContext;
import org.springframework.dao.DuplicateKeyException;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Throttles failed sign-ins per account and per network address, in the database so that every
 * node sees the same counts. After {@link Policy#failuresBeforeLock} failures the subject is locked
 * for 30 seconds, doubling with each further lock up to 15 minutes; a success clears the account.
 * That caps an account at well under 100 failures an hour.
 */
@Service
public class LoginThrottle {

    /** Limits of one kind of subject. */
    record Policy(String prefix, int failuresBeforeLock) {
    }

    static final Policy ACCOUNT = new Policy("account:", 5);
    static final Policy ADDRESS = new Policy("address:", 20);
    static final Duration FIRST_LOCK = Duration.ofSeconds(30);
    static final Duration MAX_LOCK = Duration.ofMinutes(15);
    static final Duration WINDOW = Duration.ofHours(1);

    private final DSLContext db;
    private final Clock clock;

    LoginThrottle(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** How long sign-in stays refused for this account or address, if it is locked now. */
    @Transactional(readOnly = true)
    public Optional<Duration> lockedFor(String email, String address) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Duration longest = Duration.ZERO;
        for (String subject : new String[] {ACCOUNT.prefix() + Emails.normalize(email), ADDRESS.prefix() + address}) {
            LoginThrottleRecord r = db.selectFrom(LOGIN_THROTTLE).where(LOGIN_THROTTLE.SUBJECT.eq(subject)).fetchOne();
            if (r != null && r.getLockedUntil() != null && r.getLockedUntil().isAfter(now)) {
                Duration left = Duration.between(now, r.getLockedUntil());
                longest = left.compareTo(longest) > 0 ? left : longest;
            }
        }
        return longest.isZero() ? Optional.empty() : Optional.of(longest);
    }

    /**
     * Starts a sign-in attempt: refuses it while the account or address is locked, otherwise counts
     * it as a failure before the (slow) password check, so a burst of parallel guesses is counted in
     * full. The row locks make concurrent attempts take turns. {@link #recordSuccess(String, String)}
     * takes the count back when the password was right.
     *
     * @return how long sign-in stays refused, when it is locked now
     */
    @Transactional
    public Optional<Duration> attempt(String email, String address) {
        String account = ACCOUNT.prefix() + Emails.normalize(email);
        String from = ADDRESS.prefix() + address;
        LoginThrottleRecord a = lockRow(account);
        LoginThrottleRecord b = lockRow(from);
        OffsetDateTime now = OffsetDateTime.now(clock);
        Duration left = longer(remaining(a, now), remaining(b, now));
        if (!left.isZero()) {
            return Optional.of(left);
        }
        fail(ACCOUNT, account);
        fail(ADDRESS, from);
        return Optional.empty();
    }

    /** A right password after {@link #attempt}: clears the account and takes back the address's count. */
    @Transactional
    public void recordSuccess(String email, String address) {
        recordSuccess(email);
        db.update(LOGIN_THROTTLE).set(LOGIN_THROTTLE.FAILURES, DSL.greatest(LOGIN_THROTTLE.FAILURES.minus(1), DSL.inline(0)))
                .where(LOGIN_THROTTLE.SUBJECT.eq(ADDRESS.prefix() + address)).execute();
    }

    /** Counts a failed sign-in against the account and the address. */
    @Transactional
    public void recordFailure(String email, String address) {
        fail(ACCOUNT, ACCOUNT.prefix() + Emails.normalize(email));
        fail(ADDRESS, ADDRESS.prefix() + address);
    }

    /** A successful sign-in clears the account's failures (not the address's). */
    @Transactional
    public void recordSuccess(String email) {
        db.deleteFrom(LOGIN_THROTTLE).where(LOGIN_THROTTLE.SUBJECT.eq(ACCOUNT.prefix() + Emails.normalize(email))).execute();
    }

    /** The subject's row, created if missing (concurrent creators do not collide), locked for this transaction. */
    private LoginThrottleRecord lockRow(String subject) {
        try {
            db.insertInto(LOGIN_THROTTLE)
                    .set(LOGIN_THROTTLE.SUBJECT, subject)
                    .set(LOGIN_THROTTLE.FAILURES, 0)
                    .set(LOGIN_THROTTLE.LOCKOUTS, 0)
                    .set(LOGIN_THROTTLE.WINDOW_START, OffsetDateTime.now(clock))
                    .onDuplicateKeyIgnore()
                    .execute();
        } catch (DuplicateKeyException e) {
            // H2's MERGE is not atomic: another attempt created the row first, which is all we need
            // (H2 undoes only the failed statement; PostgreSQL's ON CONFLICT never gets here)
        }
        return db.selectFrom(LOGIN_THROTTLE).where(LOGIN_THROTTLE.SUBJECT.eq(subject)).forUpdate().fetchSingle();
    }

    private static Duration remaining(LoginThrottleRecord r, OffsetDateTime now) {
        return r.getLockedUntil() != null && r.getLockedUntil().isAfter(now)
                ? Duration.between(now, r.getLockedUntil()) : Duration.ZERO;
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private void fail(Policy policy, String subject) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        LoginThrottleRecord r = lockRow(subject);
        if (r.getWindowStart().plus(WINDOW).isBefore(now)) {
            // a quiet hour forgives earlier lock-outs
            r.setFailures(0);
            r.setLockouts(0);
            r.setWindowStart(now);
        }
        r.setFailures(r.getFailures() + 1);
        if (r.getFailures() % policy.failuresBeforeLock() == 0) {
            r.setLockedUntil(now.plus(lockDuration(r.getLockouts())));
            r.setLockouts(r.getLockouts() + 1);
            r.setWindowStart(now);
        }
        r.store();
    }

    /** 30 s, 1 min, 2 min, ... up to 15 min. */
    static Duration lockDuration(int previousLockouts) {
        Duration d = FIRST_LOCK.multipliedBy(1L << Math.min(previousLockouts, 10));
        return d.compareTo(MAX_LOCK) > 0 ? MAX_LOCK : d;
    }
}
