package dev.vlmconsole.billing.caps;

import static dev.vlmconsole.billing.db.Tables.BILLING_ACCOUNT;
import static dev.vlmconsole.billing.db.Tables.BILLING_DAILY_KEY_USAGE;
import static dev.vlmconsole.billing.db.Tables.BILLING_KEY_BUDGET;

import dev.vlmconsole.testsupport.FixedConsoleLinks;
import dev.vlmconsole.testsupport.ModuleDatabase;
import dev.vlmconsole.testsupport.MutableClock;
import dev.vlmconsole.testsupport.RecordingOutboundMail;
import dev.vlmconsole.testsupport.TestChangeFeed;
import dev.vlmconsole.testsupport.TestMembers;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * Caps and the entitlement cache over a fresh billing schema, with the console's services as a
 * module test has them. Accounts are written directly, as the ledger would leave them.
 */
final class CapsFixture implements AutoCloseable {

    static final String PUBLIC_URL = "https://console.example.test";
    static final Duration MAX_STALENESS = Duration.ofSeconds(60);
    static final LocalDate CYCLE_START = LocalDate.parse("2026-11-01");
    static final LocalDate CYCLE_END = LocalDate.parse("2026-12-01");

    final ModuleDatabase database;
    final DSLContext db;
    final TestPlans plans = new TestPlans();
    final TestChangeFeed feed = new TestChangeFeed();
    final RecordingOutboundMail mail = new RecordingOutboundMail();
    final TestMembers members = new TestMembers();
    /** Now: the feed's {@code lastConfirmed} is the system's time, which the staleness bound is counted from. */
    final MutableClock clock = new MutableClock(Instant.now());

    final EntitlementCache cache;
    final CapsService caps;

    CapsFixture(ModuleDatabase database) {
        this.database = database.migrate("billing", "classpath:db/migration/billing");
        this.db = database.dsl();
        this.cache = newCache(feed);
        this.caps = new CapsService(
                db,
                plans,
                cache,
                feed,
                () -> members,
                () -> mail,
                () -> new FixedConsoleLinks(PUBLIC_URL),
                TestPlans.USD,
                clock);
        cache.start();
        cache.awaitIdle(Duration.ofSeconds(5));
    }

    /** Another node's cache over the same database, listening to {@code itsFeed}. */
    EntitlementCache newCache(TestChangeFeed itsFeed) {
        return new EntitlementCache(db, database.tx(), plans, itsFeed, clock, MAX_STALENESS, Duration.ofSeconds(2));
    }

    /** Opens an account on {@code planId} in the current cycle with no credits, no limit. */
    void account(UUID workspaceId, String planId) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        db.insertInto(BILLING_ACCOUNT)
                .set(BILLING_ACCOUNT.WORKSPACE_ID, workspaceId)
                .set(BILLING_ACCOUNT.PLAN_ID, planId)
                .set(BILLING_ACCOUNT.CYCLE_START, CYCLE_START)
                .set(BILLING_ACCOUNT.CYCLE_END, CYCLE_END)
                .set(BILLING_ACCOUNT.CREATED_AT, now)
                .set(BILLING_ACCOUNT.UPDATED_AT, now)
                .execute();
    }

    void limit(UUID workspaceId, String amount, boolean hard) {
        db.update(BILLING_ACCOUNT)
                .set(BILLING_ACCOUNT.SPEND_LIMIT, amount == null ? null : new BigDecimal(amount))
                .set(BILLING_ACCOUNT.LIMIT_HARD, hard)
                .where(BILLING_ACCOUNT.WORKSPACE_ID.eq(workspaceId))
                .execute();
    }

    void thresholds(UUID workspaceId, String thresholds) {
        db.update(BILLING_ACCOUNT)
                .set(BILLING_ACCOUNT.ALERT_THRESHOLDS, thresholds)
                .where(BILLING_ACCOUNT.WORKSPACE_ID.eq(workspaceId))
                .execute();
    }

    /** The cached balance as the ledger would leave it: credits left and the cycle's overage. */
    void balance(UUID workspaceId, String topUps, String overage) {
        db.update(BILLING_ACCOUNT)
                .set(BILLING_ACCOUNT.TOPUP_CREDITS, new BigDecimal(topUps))
                .set(BILLING_ACCOUNT.CYCLE_OVERAGE_CREDITS, new BigDecimal(overage))
                .where(BILLING_ACCOUNT.WORKSPACE_ID.eq(workspaceId))
                .execute();
    }

    void plan(UUID workspaceId, String planId) {
        db.update(BILLING_ACCOUNT)
                .set(BILLING_ACCOUNT.PLAN_ID, planId)
                .where(BILLING_ACCOUNT.WORKSPACE_ID.eq(workspaceId))
                .execute();
    }

    void newCycle(UUID workspaceId, LocalDate start, LocalDate end) {
        db.update(BILLING_ACCOUNT)
                .set(BILLING_ACCOUNT.CYCLE_START, start)
                .set(BILLING_ACCOUNT.CYCLE_END, end)
                .set(BILLING_ACCOUNT.CYCLE_OVERAGE_CREDITS, BigDecimal.ZERO)
                .where(BILLING_ACCOUNT.WORKSPACE_ID.eq(workspaceId))
                .execute();
    }

    void budget(UUID workspaceId, UUID keyId, String monthlyCredits) {
        db.insertInto(BILLING_KEY_BUDGET)
                .set(BILLING_KEY_BUDGET.KEY_ID, keyId)
                .set(BILLING_KEY_BUDGET.WORKSPACE_ID, workspaceId)
                .set(BILLING_KEY_BUDGET.MONTHLY_CREDITS, new BigDecimal(monthlyCredits))
                .set(BILLING_KEY_BUDGET.UPDATED_AT, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .execute();
    }

    void removeBudget(UUID keyId) {
        db.deleteFrom(BILLING_KEY_BUDGET)
                .where(BILLING_KEY_BUDGET.KEY_ID.eq(keyId))
                .execute();
    }

    /** Adds credits to a key's rollup of {@code day}, as ingestion does. */
    void used(UUID workspaceId, UUID keyId, LocalDate day, String credits) {
        BigDecimal c = new BigDecimal(credits);
        if (db.update(BILLING_DAILY_KEY_USAGE)
                        .set(BILLING_DAILY_KEY_USAGE.CREDITS, BILLING_DAILY_KEY_USAGE.CREDITS.plus(c))
                        .set(BILLING_DAILY_KEY_USAGE.EVENTS, BILLING_DAILY_KEY_USAGE.EVENTS.plus(1))
                        .where(BILLING_DAILY_KEY_USAGE.KEY_ID.eq(keyId))
                        .and(BILLING_DAILY_KEY_USAGE.USAGE_DAY.eq(day))
                        .execute()
                == 0) {
            db.insertInto(BILLING_DAILY_KEY_USAGE)
                    .set(BILLING_DAILY_KEY_USAGE.WORKSPACE_ID, workspaceId)
                    .set(BILLING_DAILY_KEY_USAGE.KEY_ID, keyId)
                    .set(BILLING_DAILY_KEY_USAGE.USAGE_DAY, day)
                    .set(BILLING_DAILY_KEY_USAGE.CREDITS, c)
                    .set(BILLING_DAILY_KEY_USAGE.EVENTS, 1L)
                    .execute();
        }
    }

    /** Runs {@code change} and then {@link CapsService#afterChange} in one transaction, and waits for the cache. */
    void change(UUID workspaceId, Collection<UUID> keys, Runnable change) {
        database.tx().executeWithoutResult(s -> {
            change.run();
            caps.afterChange(workspaceId, keys);
        });
        cache.awaitIdle(Duration.ofSeconds(5));
    }

    void change(UUID workspaceId, Runnable change) {
        change(workspaceId, List.of(), change);
    }

    boolean blocked(UUID workspaceId) {
        return db.select(BILLING_ACCOUNT.BLOCKED)
                .from(BILLING_ACCOUNT)
                .where(BILLING_ACCOUNT.WORKSPACE_ID.eq(workspaceId))
                .fetchOne(BILLING_ACCOUNT.BLOCKED);
    }

    /** Changes published on the entitlements topic naming {@code workspaceId}. */
    long published(UUID workspaceId) {
        return feed.published().stream()
                .filter(p ->
                        p.topic().equals(EntitlementCache.TOPIC) && p.payload().equals(workspaceId.toString()))
                .count();
    }

    @Override
    public void close() {
        cache.close();
        database.close();
    }
}
