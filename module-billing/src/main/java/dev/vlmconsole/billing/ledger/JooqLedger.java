package dev.vlmconsole.billing.ledger;

import static dev.vlmconsole.billing.db.Tables.BILLING_ACCOUNT;
import static dev.vlmconsole.billing.db.Tables.BILLING_CREDIT_BUCKET;
import static dev.vlmconsole.billing.db.Tables.BILLING_LEDGER_ENTRY;

import dev.vlmconsole.billing.db.tables.records.BillingAccountRecord;
import dev.vlmconsole.billing.db.tables.records.BillingCreditBucketRecord;
import dev.vlmconsole.billing.db.tables.records.BillingLedgerEntryRecord;
import dev.vlmconsole.billing.plans.Plan;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record3;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ledger on the billing tables with jOOQ. Each write locks the workspace's account row first
 * ({@code select ... for update}), so that writes of one workspace are serialised and the cached
 * balance row is changed in the same transaction as its entries; several workspaces are always locked
 * in ascending id order (no deadlocks between batches).
 *
 * <p>Buckets hold what is left of each grant; entries are appended and never changed. Every entry that
 * draws from or adds to a bucket names the bucket's kind ({@code bucket_kind}), so that
 * {@link #derivedBalance} sums entries alone.
 */
public class JooqLedger implements Ledger {

    /** Bucket kinds, in drawdown order. */
    static final String ALLOWANCE = "ALLOWANCE";

    static final String GRANT = "GRANT";
    static final String TOP_UP = "TOP_UP";

    /** Credits carry at most this many fractional digits. */
    public static final int SCALE = 6;

    private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(SCALE);

    private final DSLContext db;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ZoneId zone;

    public JooqLedger(DSLContext db, PlatformTransactionManager transactions, Clock clock, ZoneId zone) {
        this.db = db;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
        this.zone = zone;
    }

    /** The billing time zone: days and cycles are its calendar days and months. */
    public ZoneId zone() {
        return zone;
    }

    // ---------------------------------------------------------------- reads

    @Override
    public Balance balance(UUID workspaceId) {
        BillingAccountRecord account = db.selectFrom(BILLING_ACCOUNT)
                .where(BILLING_ACCOUNT.WORKSPACE_ID.eq(workspaceId))
                .fetchOne();
        if (account == null) {
            return inTx(() -> toBalance(lockOpen(workspaceId)));
        }
        return toBalance(account);
    }

    @Override
    public Balance derivedBalance(UUID workspaceId) {
        BillingAccountRecord account = db.selectFrom(BILLING_ACCOUNT)
                .where(BILLING_ACCOUNT.WORKSPACE_ID.eq(workspaceId))
                .fetchOne();
        if (account == null) {
            return balance(workspaceId);
        }
        Map<String, BigDecimal> byKind = new LinkedHashMap<>();
        for (Record3<String, Boolean, BigDecimal> r : db.select(
                        BILLING_LEDGER_ENTRY.BUCKET_KIND,
                        BILLING_LEDGER_ENTRY.OVERAGE,
                        DSL.sum(BILLING_LEDGER_ENTRY.CREDITS))
                .from(BILLING_LEDGER_ENTRY)
                .where(BILLING_LEDGER_ENTRY.WORKSPACE_ID.eq(workspaceId))
                .groupBy(BILLING_LEDGER_ENTRY.BUCKET_KIND, BILLING_LEDGER_ENTRY.OVERAGE)
                .fetch()) {
            if (r.value1() != null) {
                byKind.merge(r.value1(), r.value3(), BigDecimal::add);
            }
        }
        Field<BigDecimal> credits = BILLING_LEDGER_ENTRY.CREDITS;
        var usage = db.select(
                        DSL.coalesce(DSL.sum(credits), BigDecimal.ZERO),
                        DSL.coalesce(
                                DSL.sum(DSL.when(BILLING_LEDGER_ENTRY.OVERAGE.isTrue(), credits)
                                        .otherwise(BigDecimal.ZERO)),
                                BigDecimal.ZERO))
                .from(BILLING_LEDGER_ENTRY)
                .where(BILLING_LEDGER_ENTRY.WORKSPACE_ID.eq(workspaceId))
                .and(BILLING_LEDGER_ENTRY.KIND.eq(Kind.USAGE.name()))
                .and(BILLING_LEDGER_ENTRY.CYCLE_START.eq(account.getCycleStart()))
                .fetchOne();
        return new Balance(
                scaled(byKind.getOrDefault(ALLOWANCE, ZERO)),
                scaled(byKind.getOrDefault(GRANT, ZERO)),
                scaled(byKind.getOrDefault(TOP_UP, ZERO)),
                account.getCycleStart(),
                scaled(usage.value1().negate()),
                scaled(usage.value2().negate()));
    }

    @Override
    public List<Entry> entries(UUID workspaceId, LocalDate cycleStart) {
        return db.selectFrom(BILLING_LEDGER_ENTRY)
                .where(BILLING_LEDGER_ENTRY.WORKSPACE_ID.eq(workspaceId))
                .and(BILLING_LEDGER_ENTRY.CYCLE_START.eq(cycleStart))
                .orderBy(BILLING_LEDGER_ENTRY.ID)
                .fetch(JooqLedger::toEntry);
    }

    @Override
    public Optional<Entry> byReference(UUID workspaceId, Kind kind, String reference) {
        return db.selectFrom(BILLING_LEDGER_ENTRY)
                .where(BILLING_LEDGER_ENTRY.WORKSPACE_ID.eq(workspaceId))
                .and(BILLING_LEDGER_ENTRY.KIND.eq(kind.name()))
                .and(BILLING_LEDGER_ENTRY.REFERENCE.eq(reference))
                .fetchOptional(JooqLedger::toEntry);
    }

    // ---------------------------------------------------------------- writes

    @Override
    public Entry grant(
            UUID workspaceId,
            Kind kind,
            BigDecimal credits,
            @Nullable Instant expiresAt,
            String reference,
            @Nullable String reason,
            @Nullable String actor) {
        String bucketKind = switch (kind) {
            case ALLOWANCE -> ALLOWANCE;
            case SIGNUP_GRANT, ADJUSTMENT -> GRANT;
            case TOP_UP -> TOP_UP;
            default -> throw new IllegalArgumentException("Not a grant: " + kind);
        };
        BigDecimal amount = exact(credits);
        if (amount.signum() < 0 || (amount.signum() == 0 && kind != Kind.ALLOWANCE)) {
            throw new IllegalArgumentException("A grant needs more than 0 credits, not " + credits);
        }
        if (kind == Kind.ADJUSTMENT && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("An adjustment needs a reason");
        }
        requireReference(reference);
        return inTx(() -> {
            BillingAccountRecord account = lockOpen(workspaceId);
            Optional<Entry> earlier = byReference(workspaceId, kind, reference);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            Instant now = clock.instant();
            Instant expiry = expiresAt;
            if (kind == Kind.ALLOWANCE && expiry == null) {
                expiry = account.getCycleEnd().atStartOfDay(zone).toInstant();
            }
            if (kind == Kind.TOP_UP) {
                expiry = null;
            }
            BillingCreditBucketRecord bucket = db.newRecord(BILLING_CREDIT_BUCKET);
            bucket.setWorkspaceId(workspaceId);
            bucket.setKind(bucketKind);
            bucket.setGranted(amount);
            bucket.setRemaining(amount);
            bucket.setExpiresAt(odt(expiry));
            bucket.setCycleStart(kind == Kind.ALLOWANCE ? account.getCycleStart() : null);
            bucket.setCreatedAt(odt(now));
            bucket.store();
            Entry entry = append(
                    workspaceId,
                    kind,
                    bucket.getId(),
                    bucketKind,
                    amount,
                    false,
                    account.getCycleStart(),
                    reference,
                    reason,
                    actor,
                    now);
            add(account, bucketKind, amount);
            account.setUpdatedAt(odt(now));
            account.update();
            return entry;
        });
    }

    @Override
    public Entry debit(UUID workspaceId, BigDecimal credits, String reference, String reason, String actor) {
        BigDecimal amount = exact(credits);
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("A debit needs more than 0 credits, not " + credits);
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("An adjustment needs a reason");
        }
        requireReference(reference);
        return inTx(() -> {
            BillingAccountRecord account = lockOpen(workspaceId);
            Optional<Entry> earlier = byReference(workspaceId, Kind.ADJUSTMENT, reference);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            Instant now = clock.instant();
            List<Entry> parts = draw(account, amount, Kind.ADJUSTMENT, false, reference, reason, actor, now);
            if (parts.isEmpty()) {
                // nothing left to take: the request is still recorded, for idempotency and the audit trail
                parts = List.of(append(
                        workspaceId,
                        Kind.ADJUSTMENT,
                        null,
                        null,
                        ZERO,
                        false,
                        account.getCycleStart(),
                        reference,
                        reason,
                        actor,
                        now));
            }
            account.setUpdatedAt(odt(now));
            account.update();
            return parts.getFirst();
        });
    }

    @Override
    public List<Entry> expire(UUID workspaceId, LocalDate cycleStart, Instant now) {
        return inTx(() -> {
            BillingAccountRecord account = lockOpen(workspaceId);
            List<Entry> out = new ArrayList<>();
            for (BillingCreditBucketRecord b : db.selectFrom(BILLING_CREDIT_BUCKET)
                    .where(BILLING_CREDIT_BUCKET.WORKSPACE_ID.eq(workspaceId))
                    .and(BILLING_CREDIT_BUCKET.REMAINING.gt(BigDecimal.ZERO))
                    .and(BILLING_CREDIT_BUCKET
                            .KIND
                            .eq(ALLOWANCE)
                            .and(BILLING_CREDIT_BUCKET.CYCLE_START.le(cycleStart))
                            .or(BILLING_CREDIT_BUCKET
                                    .KIND
                                    .eq(GRANT)
                                    .and(BILLING_CREDIT_BUCKET.EXPIRES_AT.le(odt(now)))))
                    .orderBy(BILLING_CREDIT_BUCKET.ID)
                    .fetch()) {
                LocalDate entryCycle = ALLOWANCE.equals(b.getKind())
                        ? Objects.requireNonNull(b.getCycleStart())
                        : account.getCycleStart();
                out.add(expireBucket(account, b, entryCycle, now));
            }
            if (!out.isEmpty()) {
                account.setUpdatedAt(odt(clock.instant()));
                account.update();
            }
            return out;
        });
    }

    @Override
    public void startCycle(UUID workspaceId, LocalDate nextCycleStart) {
        inTx(() -> {
            BillingAccountRecord account = lockOpen(workspaceId);
            if (!account.getCycleStart().isBefore(nextCycleStart)) {
                return null;
            }
            account.setCycleStart(nextCycleStart);
            account.setCycleEnd(cycleEndOf(nextCycleStart));
            account.setCycleUsageCredits(ZERO);
            account.setCycleOverageCredits(ZERO);
            account.setUpdatedAt(odt(clock.instant()));
            account.update();
            return null;
        });
    }

    // ---------------------------------------------------------------- for usage ingestion (same module)

    /**
     * Opens the accounts of {@code workspaceIds} that have none (Pay-as-you-go, the current partial
     * cycle) and locks every one of them, in ascending id order, for the rest of the caller's
     * transaction. Must run inside a transaction.
     */
    public Map<UUID, BillingAccountRecord> lockAccounts(Collection<UUID> workspaceIds) {
        TreeSet<UUID> sorted = new TreeSet<>(workspaceIds);
        Map<UUID, BillingAccountRecord> out = new LinkedHashMap<>();
        List<UUID> missing = new ArrayList<>();
        for (BillingAccountRecord r : selectLocked(sorted)) {
            out.put(r.getWorkspaceId(), r);
        }
        for (UUID ws : sorted) {
            if (!out.containsKey(ws)) {
                missing.add(ws);
            }
        }
        if (!missing.isEmpty()) {
            openAccounts(missing);
            for (BillingAccountRecord r : selectLocked(missing)) {
                out.put(r.getWorkspaceId(), r);
            }
        }
        Map<UUID, BillingAccountRecord> ordered = new LinkedHashMap<>();
        for (UUID ws : sorted) {
            ordered.put(ws, Objects.requireNonNull(out.get(ws), "account of " + ws));
        }
        return ordered;
    }

    /**
     * Debits {@code credits} of usage from the locked {@code account} (see {@link #lockAccounts}): a few
     * {@link Kind#USAGE} entries, one per bucket drawn and one for the overage, and the cached balance.
     * Must run inside the transaction that locked it.
     */
    public List<Entry> debitUsage(BillingAccountRecord account, BigDecimal credits, Instant now) {
        BigDecimal amount = exact(credits);
        if (amount.signum() <= 0) {
            return List.of();
        }
        List<Entry> entries = draw(account, amount, Kind.USAGE, true, null, null, null, now);
        account.setCycleUsageCredits(account.getCycleUsageCredits().add(amount));
        account.setUpdatedAt(odt(now));
        account.update();
        return entries;
    }

    /** The first day of the cycle after the one starting {@code cycleStart}: the first of next month. */
    public static LocalDate cycleEndOf(LocalDate cycleStart) {
        return cycleStart.withDayOfMonth(1).plusMonths(1);
    }

    /** {@code credits} with exactly 6 fractional digits; more digits than that are refused. */
    public static BigDecimal exact(BigDecimal credits) {
        Objects.requireNonNull(credits, "credits");
        try {
            return credits.setScale(SCALE, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("Credits carry at most 6 fractional digits: " + credits, e);
        }
    }

    // ---------------------------------------------------------------- internals

    /**
     * Draws {@code amount} from the account's buckets: the current cycle's allowance, then grants by
     * soonest expiry (expired ones are expired on the way), then top-ups; what is left becomes overage
     * when {@code overageAllowed}.
     */
    private List<Entry> draw(
            BillingAccountRecord account,
            BigDecimal amount,
            Kind kind,
            boolean overageAllowed,
            @Nullable String reference,
            @Nullable String reason,
            @Nullable String actor,
            Instant now) {
        UUID ws = account.getWorkspaceId();
        List<BillingCreditBucketRecord> buckets = db.selectFrom(BILLING_CREDIT_BUCKET)
                .where(BILLING_CREDIT_BUCKET.WORKSPACE_ID.eq(ws))
                .and(BILLING_CREDIT_BUCKET.REMAINING.gt(BigDecimal.ZERO))
                .fetch();
        buckets.sort(drawdownOrder());
        List<Entry> entries = new ArrayList<>();
        BigDecimal left = amount;
        int part = 0;
        for (BillingCreditBucketRecord b : buckets) {
            if (left.signum() == 0) {
                break;
            }
            if (ALLOWANCE.equals(b.getKind()) && !account.getCycleStart().equals(b.getCycleStart())) {
                continue; // an earlier cycle's allowance, not expired yet by its cycle's close
            }
            if (GRANT.equals(b.getKind())
                    && b.getExpiresAt() != null
                    && !b.getExpiresAt().toInstant().isAfter(now)) {
                expireBucket(account, b, account.getCycleStart(), now);
                continue;
            }
            BigDecimal take = left.min(b.getRemaining());
            b.setRemaining(b.getRemaining().subtract(take));
            b.update();
            add(account, b.getKind(), take.negate());
            entries.add(append(
                    ws,
                    kind,
                    b.getId(),
                    b.getKind(),
                    take.negate(),
                    false,
                    account.getCycleStart(),
                    partReference(reference, part++),
                    reason,
                    actor,
                    now));
            left = left.subtract(take);
        }
        if (left.signum() > 0 && overageAllowed) {
            account.setCycleOverageCredits(account.getCycleOverageCredits().add(left));
            entries.add(append(
                    ws,
                    kind,
                    null,
                    null,
                    left.negate(),
                    true,
                    account.getCycleStart(),
                    partReference(reference, part),
                    reason,
                    actor,
                    now));
        }
        return entries;
    }

    /** Allowance first, then grants by soonest expiry (never-expiring last), then top-ups; oldest first. */
    private static Comparator<BillingCreditBucketRecord> drawdownOrder() {
        return Comparator.<BillingCreditBucketRecord>comparingInt(b -> switch (b.getKind()) {
                    case ALLOWANCE -> 0;
                    case GRANT -> 1;
                    default -> 2;
                })
                .thenComparing(
                        b -> b.getExpiresAt() == null ? null : b.getExpiresAt().toInstant(),
                        Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(BillingCreditBucketRecord::getId);
    }

    private Entry expireBucket(
            BillingAccountRecord account, BillingCreditBucketRecord b, LocalDate cycle, Instant now) {
        BigDecimal left = b.getRemaining();
        b.setRemaining(ZERO);
        b.update();
        add(account, b.getKind(), left.negate());
        Kind kind = ALLOWANCE.equals(b.getKind()) ? Kind.ALLOWANCE_EXPIRY : Kind.GRANT_EXPIRY;
        return append(
                account.getWorkspaceId(),
                kind,
                b.getId(),
                b.getKind(),
                left.negate(),
                false,
                cycle,
                "bucket:" + b.getId(),
                null,
                null,
                now);
    }

    private static @Nullable String partReference(@Nullable String reference, int part) {
        return reference == null || part == 0 ? reference : reference + "#" + part;
    }

    private static void add(BillingAccountRecord account, String bucketKind, BigDecimal delta) {
        switch (bucketKind) {
            case ALLOWANCE ->
                account.setAllowanceCredits(account.getAllowanceCredits().add(delta));
            case GRANT -> account.setGrantCredits(account.getGrantCredits().add(delta));
            case TOP_UP -> account.setTopupCredits(account.getTopupCredits().add(delta));
            default -> throw new IllegalStateException("Unknown bucket kind " + bucketKind);
        }
    }

    private Entry append(
            UUID ws,
            Kind kind,
            @Nullable Long bucketId,
            @Nullable String bucketKind,
            BigDecimal credits,
            boolean overage,
            LocalDate cycleStart,
            @Nullable String reference,
            @Nullable String reason,
            @Nullable String actor,
            Instant now) {
        BillingLedgerEntryRecord r = db.newRecord(BILLING_LEDGER_ENTRY);
        r.setWorkspaceId(ws);
        r.setKind(kind.name());
        r.setBucketId(bucketId);
        r.setBucketKind(bucketKind);
        r.setCredits(credits);
        r.setOverage(overage);
        r.setCycleStart(cycleStart);
        r.setReference(reference);
        r.setReason(reason);
        r.setActor(actor);
        r.setCreatedAt(odt(now));
        r.store();
        return toEntry(r);
    }

    private BillingAccountRecord lockOpen(UUID workspaceId) {
        return lockAccounts(List.of(workspaceId)).get(workspaceId);
    }

    private List<BillingAccountRecord> selectLocked(Collection<UUID> ids) {
        return db.selectFrom(BILLING_ACCOUNT)
                .where(BILLING_ACCOUNT.WORKSPACE_ID.in(ids))
                .orderBy(BILLING_ACCOUNT.WORKSPACE_ID)
                .forUpdate()
                .fetch();
    }

    /** Opens the accounts that do not exist yet; one opened meanwhile by another transaction is kept. */
    private void openAccounts(Collection<UUID> workspaceIds) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, zone);
        for (UUID ws : new TreeSet<>(workspaceIds)) {
            db.insertInto(BILLING_ACCOUNT)
                    .set(BILLING_ACCOUNT.WORKSPACE_ID, ws)
                    .set(BILLING_ACCOUNT.PLAN_ID, Plan.PAYG)
                    .set(BILLING_ACCOUNT.CYCLE_START, today)
                    .set(BILLING_ACCOUNT.CYCLE_END, cycleEndOf(today))
                    .set(BILLING_ACCOUNT.CREATED_AT, odt(now))
                    .set(BILLING_ACCOUNT.UPDATED_AT, odt(now))
                    .onConflictDoNothing()
                    .execute();
        }
    }

    private <T> T inTx(Supplier<T> work) {
        return tx.execute(status -> work.get());
    }

    private static void requireReference(String reference) {
        if (reference == null || reference.isBlank() || reference.length() > 190) {
            throw new IllegalArgumentException("An idempotency reference of 1 to 190 characters is needed");
        }
    }

    private static Balance toBalance(BillingAccountRecord a) {
        return new Balance(
                scaled(a.getAllowanceCredits()),
                scaled(a.getGrantCredits()),
                scaled(a.getTopupCredits()),
                a.getCycleStart(),
                scaled(a.getCycleUsageCredits()),
                scaled(a.getCycleOverageCredits()));
    }

    static Entry toEntry(BillingLedgerEntryRecord r) {
        return new Entry(
                r.getId(),
                r.getWorkspaceId(),
                Kind.valueOf(r.getKind()),
                scaled(r.getCredits()),
                r.getCycleStart(),
                r.getReference(),
                r.getReason(),
                r.getActor(),
                r.getCreatedAt().toInstant(),
                Boolean.TRUE.equals(r.getOverage()));
    }

    private static BigDecimal scaled(BigDecimal v) {
        return v.setScale(SCALE, RoundingMode.UNNECESSARY);
    }

    static @Nullable OffsetDateTime odt(@Nullable Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }
}
