package dev.vlmconsole.app.signin;

import static dev.vlmconsole.app.db.Tables.KNOWN_SIGN_IN_ADDRESS;
import static dev.vlmconsole.app.db.Tables.LOGIN_FAILURE;
import static dev.vlmconsole.app.db.Tables.LOGIN_THROTTLE;
import static dev.vlmconsole.app.db.Tables.USERS;

import dev.vlmconsole.app.account.Emails;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionAspectSupport;

/**
 * Sign-in throttling, kept in the database so that every node sees the same counts (DD007). Each
 * attempt is written as a failure before the password is checked and taken back when it was right,
 * so a burst of parallel guesses is counted in full. Three limits, each over the last hour:
 * <ul>
 * <li>one account from one address: {@value #PAIR_FREE} failures, then each further attempt waits
 *     twice as long as the one before (30 s, 1 min, ... up to 15 min);
 * <li>one address across accounts: {@value #ADDRESS_FREE} failures, then the same progressive wait;
 * <li>one account from everywhere: {@value #ACCOUNT_CAP} failures, then none until the oldest of
 *     them is an hour old (ASVS 2.2.1).
 * </ul>
 * An address the person signed in from in the last 30 days is exempt from the last two, so that
 * an attacker elsewhere cannot keep them out; the first limit still holds there. A refused attempt
 * writes nothing, so an address that is waiting cannot grow the tables.
 */
@Service
public class LoginThrottle {

    static final int PAIR_FREE = 5;
    static final int ADDRESS_FREE = 20;
    static final int ACCOUNT_CAP = 100;
    static final Duration WINDOW = Duration.ofHours(1);
    static final Duration FIRST_WAIT = Duration.ofSeconds(30);
    static final Duration MAX_WAIT = Duration.ofMinutes(15);
    static final Duration KNOWN_FOR = Duration.ofDays(30);

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
    private static final String ACCOUNT = "account:";
    private static final String ADDRESS = "address:";

    /** What {@link #attempt} decided. */
    public sealed interface Attempt {

        /** Counted as a failure; the caller may check the password now. */
        record Counted(long failureId, String address) implements Attempt {}

        /** Refused without checking the password; nothing was written. */
        record Refused(Duration retryAfter) implements Attempt {}
    }

    private final DSLContext db;
    private final Clock clock;

    LoginThrottle(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Starts a password check for {@code email} from {@code remoteAddress}: refuses it while a limit
     * holds, otherwise counts it as a failure. Runs in a transaction of its own, so the count
     * stands whatever the caller's transaction does next.
     *
     * @param email a {@link #isPlausibleAccount plausible} account name; callers refuse anything else first
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public Attempt attempt(String email, String remoteAddress) {
        if (!isPlausibleAccount(email)) {
            throw new IllegalArgumentException("Not an email address");
        }
        String account = Emails.normalize(email);
        String address = SignInAddress.of(remoteAddress);
        OffsetDateTime now = OffsetDateTime.now(clock);
        Optional<OffsetDateTime> known = lastSuccess(account, address, now);
        Duration wait = waitFor(account, address, known, now);
        if (wait.isPositive()) {
            return new Attempt.Refused(wait);
        }
        // account before address, always: two attempts never wait for each other in a circle
        lock(ACCOUNT + account, now);
        lock(ADDRESS + address, now);
        // counted afresh under the locks: the same query as above, which H2 would answer from its
        // earlier result, missing failures committed since, if its result reuse were on (H2ResultReuseOff)
        wait = waitFor(account, address, known, now);
        if (wait.isPositive()) {
            // undo the lock rows: a refused attempt writes nothing, even when it lost a race to the limit
            TransactionAspectSupport.currentTransactionStatus().setRollbackOnly();
            return new Attempt.Refused(wait);
        }
        long id = db.insertInto(LOGIN_FAILURE)
                .set(LOGIN_FAILURE.ACCOUNT, account)
                .set(LOGIN_FAILURE.ADDRESS, address)
                .set(LOGIN_FAILURE.FAILED_AT, now)
                .returningResult(LOGIN_FAILURE.ID)
                .fetchSingle()
                .value1();
        return new Attempt.Counted(id, address);
    }

    /**
     * Whether {@code email} could name an account: shaped like an email, short enough, and free of
     * control characters (PostgreSQL refuses a NUL in text, which would be a 500).
     */
    public static boolean isPlausibleAccount(String email) {
        return Emails.isValid(email) && email.chars().noneMatch(Character::isISOControl);
    }

    /** The password was right: takes the attempt back and remembers the address as the person's. */
    @Transactional
    public void succeeded(Attempt.Counted attempt, UUID userId) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        db.deleteFrom(LOGIN_FAILURE)
                .where(LOGIN_FAILURE.ID.eq(attempt.failureId()))
                .execute();
        Condition mine =
                KNOWN_SIGN_IN_ADDRESS.USER_ID.eq(userId).and(KNOWN_SIGN_IN_ADDRESS.ADDRESS.eq(attempt.address()));
        if (db.update(KNOWN_SIGN_IN_ADDRESS)
                        .set(KNOWN_SIGN_IN_ADDRESS.LAST_SUCCESS_AT, now)
                        .where(mine)
                        .execute()
                == 0) {
            insertIgnoringDuplicate(() -> db.insertInto(KNOWN_SIGN_IN_ADDRESS)
                    .set(KNOWN_SIGN_IN_ADDRESS.USER_ID, userId)
                    .set(KNOWN_SIGN_IN_ADDRESS.ADDRESS, attempt.address())
                    .set(KNOWN_SIGN_IN_ADDRESS.LAST_SUCCESS_AT, now)
                    .onDuplicateKeyIgnore()
                    .execute());
        }
    }

    /**
     * The password was right, but a second factor follows (DD017): takes the attempt back without
     * remembering the address as the person's, so that someone who has only the password keeps meeting
     * every limit while they guess codes; {@link #succeeded} follows the right code.
     */
    @Transactional
    public void firstFactorPassed(Attempt.Counted attempt) {
        db.deleteFrom(LOGIN_FAILURE)
                .where(LOGIN_FAILURE.ID.eq(attempt.failureId()))
                .execute();
    }

    /**
     * Forgets every address the person signed in from except {@code remoteAddress}: after a
     * password change, an address a thief used is no longer exempt from the account's limits.
     */
    @Transactional
    public void forgetAddressesExcept(UUID userId, String remoteAddress) {
        db.deleteFrom(KNOWN_SIGN_IN_ADDRESS)
                .where(KNOWN_SIGN_IN_ADDRESS.USER_ID.eq(userId))
                .and(KNOWN_SIGN_IN_ADDRESS.ADDRESS.ne(SignInAddress.of(remoteAddress)))
                .execute();
    }

    /**
     * Deletes what no limit reads any more. Every node runs it; the deletes are idempotent, each
     * kind in a statement of its own (so it never holds both locks an attempt takes), and a run
     * that collides with another node's leaves the rest to the next.
     */
    @Scheduled(fixedDelay = 10, initialDelay = 1, timeUnit = TimeUnit.MINUTES)
    public void purge() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime hourAgo = now.minus(WINDOW);
        try {
            db.deleteFrom(LOGIN_FAILURE)
                    .where(LOGIN_FAILURE.FAILED_AT.le(hourAgo))
                    .execute();
            db.deleteFrom(LOGIN_THROTTLE)
                    .where(LOGIN_THROTTLE.SUBJECT.startsWith(ACCOUNT))
                    .and(LOGIN_THROTTLE.TOUCHED_AT.le(hourAgo))
                    .execute();
            db.deleteFrom(LOGIN_THROTTLE)
                    .where(LOGIN_THROTTLE.SUBJECT.startsWith(ADDRESS))
                    .and(LOGIN_THROTTLE.TOUCHED_AT.le(hourAgo))
                    .execute();
            db.deleteFrom(KNOWN_SIGN_IN_ADDRESS)
                    .where(KNOWN_SIGN_IN_ADDRESS.LAST_SUCCESS_AT.le(now.minus(KNOWN_FOR)))
                    .execute();
        } catch (ConcurrencyFailureException e) {
            log.info("Sign-in throttle purge met another node's; the next run finishes it");
        }
    }

    /** How long the next attempt must wait; zero when it may go ahead. */
    private Duration waitFor(String account, String address, Optional<OffsetDateTime> known, OffsetDateTime now) {
        OffsetDateTime hourAgo = now.minus(WINDOW);
        if (known.isEmpty()) {
            // the address first: it is what a flood of random names runs into
            Duration fromAddress = progressive(
                    ADDRESS_FREE,
                    failures(LOGIN_FAILURE.ADDRESS.eq(address).and(LOGIN_FAILURE.FAILED_AT.gt(hourAgo))),
                    now);
            if (fromAddress.isPositive()) {
                return fromAddress;
            }
            Duration cap = accountCap(account, hourAgo, now);
            if (cap.isPositive()) {
                return cap;
            }
        }
        // a success from this address starts its count afresh
        Condition pair = LOGIN_FAILURE.ACCOUNT.eq(account).and(LOGIN_FAILURE.ADDRESS.eq(address));
        Condition recent = known.filter(hourAgo::isBefore)
                .map(LOGIN_FAILURE.FAILED_AT::ge)
                .orElse(LOGIN_FAILURE.FAILED_AT.gt(hourAgo));
        return progressive(PAIR_FREE, failures(pair.and(recent)), now);
    }

    /** Failures matching {@code which}: how many, and the latest. */
    private Record2<Integer, OffsetDateTime> failures(Condition which) {
        return db.select(DSL.count(), DSL.max(LOGIN_FAILURE.FAILED_AT))
                .from(LOGIN_FAILURE)
                .where(which)
                .fetchSingle();
    }

    /** After {@code free} failures, each further attempt waits {@link #delay} after the latest. */
    private static Duration progressive(int free, Record2<Integer, OffsetDateTime> failures, OffsetDateTime now) {
        int count = failures.value1();
        if (count < free) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(now, failures.value2().plus(delay(count - free)));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** At the cap, the account waits until its oldest counted failure is an hour old. */
    private Duration accountCap(String account, OffsetDateTime hourAgo, OffsetDateTime now) {
        return db.select(LOGIN_FAILURE.FAILED_AT)
                .from(LOGIN_FAILURE)
                .where(LOGIN_FAILURE.ACCOUNT.eq(account))
                .and(LOGIN_FAILURE.FAILED_AT.gt(hourAgo))
                .orderBy(LOGIN_FAILURE.FAILED_AT.desc())
                .limit(1)
                .offset(ACCOUNT_CAP - 1)
                .fetchOptional(LOGIN_FAILURE.FAILED_AT)
                .map(oldest -> Duration.between(now, oldest.plus(WINDOW)))
                .filter(Duration::isPositive)
                .orElse(Duration.ZERO);
    }

    /** When the person last signed in from this address, if in the last 30 days. */
    private Optional<OffsetDateTime> lastSuccess(String account, String address, OffsetDateTime now) {
        return db.select(KNOWN_SIGN_IN_ADDRESS.LAST_SUCCESS_AT)
                .from(KNOWN_SIGN_IN_ADDRESS)
                .join(USERS)
                .on(USERS.ID.eq(KNOWN_SIGN_IN_ADDRESS.USER_ID))
                .where(USERS.EMAIL.eq(account))
                .and(KNOWN_SIGN_IN_ADDRESS.ADDRESS.eq(address))
                .and(KNOWN_SIGN_IN_ADDRESS.LAST_SUCCESS_AT.gt(now.minus(KNOWN_FOR)))
                .fetchOptional(KNOWN_SIGN_IN_ADDRESS.LAST_SUCCESS_AT);
    }

    /** Locks the subject's row for this transaction, creating it if needed (the purge may delete it meanwhile). */
    private void lock(String subject, OffsetDateTime now) {
        while (db.update(LOGIN_THROTTLE)
                        .set(LOGIN_THROTTLE.TOUCHED_AT, now)
                        .where(LOGIN_THROTTLE.SUBJECT.eq(subject))
                        .execute()
                == 0) {
            insertIgnoringDuplicate(() -> db.insertInto(LOGIN_THROTTLE)
                    .set(LOGIN_THROTTLE.SUBJECT, subject)
                    .set(LOGIN_THROTTLE.TOUCHED_AT, now)
                    .onDuplicateKeyIgnore()
                    .execute());
        }
    }

    private static void insertIgnoringDuplicate(Runnable insert) {
        try {
            insert.run();
        } catch (DuplicateKeyException e) {
            // H2's MERGE is not atomic: a parallel attempt inserted the row first, which is all we need
            // (H2 undoes only the failed statement; PostgreSQL's ON CONFLICT never gets here)
        }
    }

    /** 30 s, 1 min, 2 min, ... up to 15 min. */
    static Duration delay(int previousWaits) {
        Duration d = FIRST_WAIT.multipliedBy(1L << Math.min(previousWaits, 10));
        return d.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d;
    }
}
