package dev.vlmconsole.billing.operators;

import static dev.vlmconsole.billing.db.Tables.BILLING_CREDIT_IDEMPOTENCY;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.api.services.MemberDirectory;
import dev.vlmconsole.billing.db.tables.records.BillingCreditIdempotencyRecord;
import dev.vlmconsole.billing.ledger.Balance;
import dev.vlmconsole.billing.ledger.JooqLedger;
import dev.vlmconsole.billing.ledger.Ledger;
import dev.vlmconsole.billing.plans.Caps;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Operators' credit adjustments: a grant (positive credits) or a debit (negative) of one workspace's
 * credits, with a reason, as a ledger {@link Ledger.Kind#ADJUSTMENT} entry. Each one runs in one
 * transaction under the workspace's account lock (the ledger's {@code select ... for update}): the
 * entry, the cached balance, the audit entry in that workspace's log (marked as an operator action,
 * so that its members see the adjustment and the reason) and {@link Caps#afterChange}, which tells every
 * node's entitlements through the change feed when the workspace's "may spend" changes.
 *
 * <p>A grant's credits never expire and are drawn like other grants. A debit takes credits as usage
 * does (allowance, then grants, then top-ups) and never more than the workspace has: the balance
 * never goes below zero (a debit of more is refused, naming {@code credits}; DD029).
 *
 * <p>The machine API passes its {@code Idempotency-Key}: the key is stored with the answer in the
 * adjusting transaction under a unique constraint, so that a retry with the same key and the same
 * request answers the first adjustment again and applies nothing, on any node and even when both
 * arrive at once, and the same key with another request is refused ({@link IdempotencyConflictException}).
 *
 * @see "DD029, docs/decisions/DD029-operator-credit-adjustments.md"
 */
public final class CreditAdjustments {

    /** Audit action of an adjustment. */
    public static final String ADJUSTED = "billing.credits.adjusted";

    /** Largest adjustment, in credits (either way). */
    public static final BigDecimal MAX_CREDITS = new BigDecimal("1000000000000");

    /** Longest idempotency key. */
    public static final int MAX_KEY_LENGTH = 255;

    /**
     * An adjustment made (or, {@code replayed}, made before with the same idempotency key).
     *
     * @param entryId     the ledger entry (the first one, when a debit drew from several buckets)
     * @param workspaceId the workspace
     * @param credits     signed: positive granted, negative debited
     * @param allowance   the workspace's allowance left right after it
     * @param grants      its granted credits left right after it
     * @param topUps      its top-up credits left right after it
     * @param at          when it was made
     * @param replayed    whether this answer repeats an earlier adjustment with the same key
     */
    public record Adjustment(
            long entryId,
            UUID workspaceId,
            BigDecimal credits,
            BigDecimal allowance,
            BigDecimal grants,
            BigDecimal topUps,
            Instant at,
            boolean replayed) {

        /** Credits available right after it (before overage). */
        public BigDecimal available() {
            return allowance.add(grants).add(topUps);
        }
    }

    private final DSLContext db;
    private final ConsoleContext context;
    private final JooqLedger ledger;
    private final MemberDirectory directory;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final Supplier<@Nullable Caps> caps;
    private final Clock clock;

    public CreditAdjustments(
            DSLContext db,
            ConsoleContext context,
            JooqLedger ledger,
            MemberDirectory directory,
            AuditLog audit,
            TransactionTemplate tx,
            Supplier<@Nullable Caps> caps,
            Clock clock) {
        this.db = db;
        this.context = context;
        this.ledger = ledger;
        this.directory = directory;
        this.audit = audit;
        this.tx = tx;
        this.caps = caps;
        this.clock = clock;
    }

    /**
     * Grants ({@code credits} positive) or debits ({@code credits} negative) a workspace's credits.
     * Requires the operator permission (or a platform key of scope {@code operator}).
     *
     * @throws InvalidInputException naming {@code credits} or {@code reason}
     * @throws NoSuchElementException for an unknown workspace
     */
    public Adjustment adjust(UUID workspaceId, BigDecimal credits, String reason) {
        return adjust(workspaceId, credits, reason, null);
    }

    /**
     * As {@link #adjust(UUID, BigDecimal, String)}, once per {@code idempotencyKey} (when given): the
     * same key with the same workspace, credits and reason answers the first adjustment again.
     *
     * @throws IdempotencyConflictException when the key was used for another request
     */
    public Adjustment adjust(UUID workspaceId, BigDecimal credits, String reason, @Nullable String idempotencyKey) {
        Actor actor = OperatorActs.requireOperator(context);
        Objects.requireNonNull(workspaceId, "workspaceId");
        InvalidInputException.Builder invalid = InvalidInputException.builder();
        BigDecimal amount = checkCredits(credits, invalid);
        String why = OperatorActs.reason(reason, invalid);
        if (idempotencyKey != null && !isValidKey(idempotencyKey)) {
            invalid.add(
                    "idempotencyKey", "An idempotency key is 1 to " + MAX_KEY_LENGTH + " printable ASCII characters.");
        }
        invalid.throwIfAny();
        WorkspaceRef workspace =
                directory.workspace(workspaceId).orElseThrow(() -> new NoSuchElementException("No such workspace"));
        String hash = idempotencyKey == null ? null : requestHash(workspaceId, amount, why);
        if (idempotencyKey != null) {
            Optional<Adjustment> earlier = earlier(idempotencyKey, hash);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        try {
            return Objects.requireNonNull(
                    tx.execute(status -> apply(workspace, amount, why, actor, idempotencyKey, hash)));
        } catch (RuntimeException e) {
            // another node (or thread) committed the same key first: its answer, or a conflict
            if (idempotencyKey != null && !(e instanceof InvalidInputException)) {
                Optional<Adjustment> earlier = earlier(idempotencyKey, hash);
                if (earlier.isPresent()) {
                    return earlier.get();
                }
            }
            throw e;
        }
    }

    private Adjustment apply(
            WorkspaceRef workspace,
            BigDecimal amount,
            String why,
            Actor actor,
            @Nullable String idempotencyKey,
            @Nullable String hash) {
        UUID ws = workspace.id();
        ledger.lockAccounts(List.of(ws)); // opens the account if need be; held until commit
        if (idempotencyKey != null) {
            // a request with this key that held the lock before us has committed by now
            Optional<Adjustment> earlier = earlier(idempotencyKey, hash);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        Balance before = ledger.balance(ws);
        String reference = "operator:" + UUID.randomUUID();
        String by = OperatorActs.cut(actor.displayName(), 200);
        Ledger.Entry entry;
        if (amount.signum() > 0) {
            entry = ledger.grant(ws, Ledger.Kind.ADJUSTMENT, amount, null, reference, why, by);
        } else {
            BigDecimal debit = amount.negate();
            if (debit.compareTo(before.available()) > 0) {
                throw tooLarge(before.available());
            }
            entry = ledger.debit(ws, debit, reference, why, by);
        }
        Balance after = ledger.balance(ws);
        if (after.available().compareTo(before.available().add(amount)) != 0) {
            // a grant expired while the debit drew from it: refuse rather than debit less than asked
            throw tooLarge(after.available().subtract(amount));
        }
        audit.record(new AuditEntry(
                ws,
                actor,
                ADJUSTED,
                AuditTarget.workspace(ws, workspace.name()),
                (amount.signum() > 0 ? "Granted " : "Debited ") + credits(amount.abs()) + " credits; "
                        + credits(after.available()) + " available now. Reason: " + why,
                context.sourceAddress().orElse("")));
        Caps c = caps.get();
        if (c != null) {
            c.afterChange(ws, List.of());
        }
        // as the database keeps it (microseconds), so that a replayed answer is the first one exactly
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (idempotencyKey != null) {
            BillingCreditIdempotencyRecord row = db.newRecord(BILLING_CREDIT_IDEMPOTENCY);
            row.setIdempotencyKey(idempotencyKey);
            row.setRequestHash(hash);
            row.setWorkspaceId(ws);
            row.setEntryId(entry.id());
            row.setCredits(amount);
            row.setAllowanceAfter(after.allowance());
            row.setGrantsAfter(after.grants());
            row.setTopupsAfter(after.topUps());
            row.setCreatedBy(by);
            row.setCreatedAt(at.atOffset(ZoneOffset.UTC));
            row.insert(); // the unique key: a second adjustment with this key fails here and rolls back
        }
        return new Adjustment(entry.id(), ws, amount, after.allowance(), after.grants(), after.topUps(), at, false);
    }

    /** The adjustment stored under {@code key}, if any; a conflict when it was asked with another request. */
    private Optional<Adjustment> earlier(String key, @Nullable String hash) {
        BillingCreditIdempotencyRecord row = db.selectFrom(BILLING_CREDIT_IDEMPOTENCY)
                .where(BILLING_CREDIT_IDEMPOTENCY.IDEMPOTENCY_KEY.eq(key))
                .fetchOne();
        if (row == null) {
            return Optional.empty();
        }
        if (!row.getRequestHash().equals(hash)) {
            throw new IdempotencyConflictException(key);
        }
        return Optional.of(new Adjustment(
                row.getEntryId(),
                row.getWorkspaceId(),
                scaled(row.getCredits()),
                scaled(row.getAllowanceAfter()),
                scaled(row.getGrantsAfter()),
                scaled(row.getTopupsAfter()),
                row.getCreatedAt().toInstant(),
                true));
    }

    private static InvalidInputException tooLarge(BigDecimal available) {
        return InvalidInputException.of(
                "credits",
                "The workspace has " + credits(available) + " credits available; a debit may take at most that "
                        + "(the balance never goes below zero).");
    }

    private static BigDecimal checkCredits(@Nullable BigDecimal credits, InvalidInputException.Builder invalid) {
        if (credits == null || credits.signum() == 0) {
            invalid.add("credits", "Enter the credits to grant, or a negative number to debit.");
            return BigDecimal.ZERO;
        }
        if (Math.max(credits.stripTrailingZeros().scale(), 0) > JooqLedger.SCALE) {
            invalid.add("credits", "Credits have at most " + JooqLedger.SCALE + " decimal places.");
            return BigDecimal.ZERO;
        }
        if (credits.abs().compareTo(MAX_CREDITS) > 0) {
            invalid.add("credits", "At most " + credits(MAX_CREDITS) + " credits at once.");
            return BigDecimal.ZERO;
        }
        return JooqLedger.exact(credits);
    }

    static boolean isValidKey(String key) {
        return !key.isEmpty() && key.length() <= MAX_KEY_LENGTH && key.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    /** What a request asked, for recognising its retries: workspace, exact credits, reason. */
    static String requestHash(UUID workspaceId, BigDecimal credits, String reason) {
        String canonical = workspaceId + "\n" + credits.stripTrailingZeros().toPlainString() + "\n" + reason;
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static BigDecimal scaled(BigDecimal v) {
        return JooqLedger.exact(v);
    }

    /** Credits as the audit log writes them: exact, without trailing zeros ("250", "0.5"). */
    static String credits(BigDecimal credits) {
        BigDecimal c = credits.stripTrailingZeros();
        return (c.scale() < 0 ? c.setScale(0) : c).toPlainString();
    }
}
