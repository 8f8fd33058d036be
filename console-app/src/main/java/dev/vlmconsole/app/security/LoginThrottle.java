package dev.vlmconsole.app.security;

import static dev.vlmconsole.app.db.Tables.LOGIN_THROTTLE;

import dev.vlmconsole.app.account.Emails;
import dev.vlmconsole.app.db.tables.records.LoginThrottleRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jooq.DSLContext;
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

    private void fail(Policy policy, String subject) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        LoginThrottleRecord r = db.selectFrom(LOGIN_THROTTLE).where(LOGIN_THROTTLE.SUBJECT.eq(subject)).forUpdate().fetchOne();
        if (r == null) {
            r = db.newRecord(LOGIN_THROTTLE);
            r.setSubject(subject);
            r.setFailures(0);
            r.setLockouts(0);
            r.setWindowStart(now);
        } else if (r.getWindowStart().plus(WINDOW).isBefore(now)) {
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
