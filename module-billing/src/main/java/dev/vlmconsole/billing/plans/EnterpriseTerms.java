package dev.vlmconsole.billing.plans;

import static dev.vlmconsole.billing.db.Tables.BILLING_ACCOUNT;
import static dev.vlmconsole.billing.db.Tables.BILLING_ENTERPRISE_TERMS;
import static dev.vlmconsole.billing.db.Tables.BILLING_ENTERPRISE_TIER;

import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.billing.db.tables.records.BillingEnterpriseTermsRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A workspace's own Enterprise terms, which operators set (their page arrives with a later issue);
 * without them the configured defaults ({@code console.billing.enterprise.*}) apply. Reads are
 * internal to the billing module; {@link #set} requires the operator permission and is audited in
 * that workspace.
 */
public final class EnterpriseTerms {

    /** Most volume tiers per workspace. */
    public static final int MAX_TIERS = 20;

    /**
     * Enterprise terms.
     *
     * @param monthlyFee     fee per cycle (0 or more)
     * @param allowance      credits per cycle (0 or more)
     * @param pricePerCredit price of a credit beyond the allowance (0 or more)
     * @param tiers          volume tiers, any order (stored by ascending {@code fromCredits})
     * @param rateLimit      requests per {@code ratePeriod} (more than 0)
     * @param ratePeriod     rate-limit window (whole seconds, positive)
     */
    public record Terms(
            BigDecimal monthlyFee,
            BigDecimal allowance,
            BigDecimal pricePerCredit,
            List<Tier> tiers,
            long rateLimit,
            Duration ratePeriod) {

        public Terms {
            tiers = tiers.stream()
                    .sorted(Comparator.comparing(Tier::fromCredits))
                    .toList();
        }
    }

    /** From {@code fromCredits} overage credits in a cycle on, each credit costs {@code pricePerCredit}. */
    public record Tier(BigDecimal fromCredits, BigDecimal pricePerCredit) {}

    private final DSLContext db;
    private final ConsoleContext context;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final BillingCalendar calendar;
    private final Supplier<@Nullable Caps> caps;

    public EnterpriseTerms(
            DSLContext db,
            ConsoleContext context,
            AuditLog audit,
            TransactionTemplate tx,
            BillingCalendar calendar,
            Supplier<@Nullable Caps> caps) {
        this.db = db;
        this.context = context;
        this.audit = audit;
        this.tx = tx;
        this.calendar = calendar;
        this.caps = caps;
    }

    /** The workspace's own terms, if operators set them. */
    public Optional<Terms> termsOf(UUID workspaceId) {
        BillingEnterpriseTermsRecord row = db.selectFrom(BILLING_ENTERPRISE_TERMS)
                .where(BILLING_ENTERPRISE_TERMS.WORKSPACE_ID.eq(workspaceId))
                .fetchOne();
        if (row == null) {
            return Optional.empty();
        }
        List<Tier> tiers = db.select(BILLING_ENTERPRISE_TIER.FROM_CREDITS, BILLING_ENTERPRISE_TIER.PRICE_PER_CREDIT)
                .from(BILLING_ENTERPRISE_TIER)
                .where(BILLING_ENTERPRISE_TIER.WORKSPACE_ID.eq(workspaceId))
                .orderBy(BILLING_ENTERPRISE_TIER.FROM_CREDITS)
                .fetch(r -> new Tier(r.value1(), r.value2()));
        return Optional.of(new Terms(
                row.getMonthlyFee(),
                row.getAllowance(),
                row.getPricePerCredit(),
                tiers,
                row.getRateLimit(),
                Duration.ofSeconds(row.getRatePeriodSeconds())));
    }

    /**
     * Sets {@code workspaceId}'s Enterprise terms (replacing earlier ones), with a reason; requires the
     * operator permission. For a workspace on Enterprise they apply at once to its rate limit, and to the
     * cycle in progress when it closes (its fee and its overage prices; the allowance granted at the
     * cycle's start stays, the next cycle's is the new one), except a fee pro-rated when the workspace
     * moved to Enterprise within this cycle, which is charged as it was stated then (DD021).
     *
     * @throws InvalidInputException naming each refused field
     */
    public void set(UUID workspaceId, Terms terms, String reason) {
        context.require(Permissions.OPERATOR);
        Objects.requireNonNull(workspaceId, "workspaceId");
        validate(terms, reason);
        tx.executeWithoutResult(status -> {
            var now = calendar.now().atOffset(ZoneOffset.UTC);
            String actor = context.actor().displayName();
            db.deleteFrom(BILLING_ENTERPRISE_TERMS)
                    .where(BILLING_ENTERPRISE_TERMS.WORKSPACE_ID.eq(workspaceId))
                    .execute();
            db.insertInto(BILLING_ENTERPRISE_TERMS)
                    .set(BILLING_ENTERPRISE_TERMS.WORKSPACE_ID, workspaceId)
                    .set(BILLING_ENTERPRISE_TERMS.MONTHLY_FEE, terms.monthlyFee())
                    .set(BILLING_ENTERPRISE_TERMS.ALLOWANCE, terms.allowance())
                    .set(BILLING_ENTERPRISE_TERMS.PRICE_PER_CREDIT, terms.pricePerCredit())
                    .set(BILLING_ENTERPRISE_TERMS.RATE_LIMIT, terms.rateLimit())
                    .set(
                            BILLING_ENTERPRISE_TERMS.RATE_PERIOD_SECONDS,
                            terms.ratePeriod().toSeconds())
                    .set(BILLING_ENTERPRISE_TERMS.UPDATED_AT, now)
                    .set(BILLING_ENTERPRISE_TERMS.UPDATED_BY, cut(actor, 200))
                    .execute();
            db.deleteFrom(BILLING_ENTERPRISE_TIER)
                    .where(BILLING_ENTERPRISE_TIER.WORKSPACE_ID.eq(workspaceId))
                    .execute();
            for (Tier tier : terms.tiers()) {
                db.insertInto(BILLING_ENTERPRISE_TIER)
                        .set(BILLING_ENTERPRISE_TIER.WORKSPACE_ID, workspaceId)
                        .set(BILLING_ENTERPRISE_TIER.FROM_CREDITS, tier.fromCredits())
                        .set(BILLING_ENTERPRISE_TIER.PRICE_PER_CREDIT, tier.pricePerCredit())
                        .execute();
            }
            audit.record(new AuditEntry(
                    workspaceId,
                    context.actor().asOperator(),
                    "billing.enterprise_terms.set",
                    AuditTarget.workspace(workspaceId, null),
                    describe(terms) + " Reason: " + reason.strip(),
                    context.sourceAddress().orElse("")));
            boolean onEnterprise = db.fetchExists(db.selectOne()
                    .from(BILLING_ACCOUNT)
                    .where(BILLING_ACCOUNT.WORKSPACE_ID.eq(workspaceId))
                    .and(BILLING_ACCOUNT.PLAN_ID.eq(Plan.ENTERPRISE)));
            Caps c = caps.get();
            if (onEnterprise && c != null) {
                c.afterChange(workspaceId, List.of());
            }
        });
    }

    private static void validate(Terms terms, String reason) {
        InvalidInputException.Builder invalid = InvalidInputException.builder();
        checkAmount(invalid, "monthlyFee", terms.monthlyFee(), 4);
        checkAmount(invalid, "allowance", terms.allowance(), 6);
        checkAmount(invalid, "pricePerCredit", terms.pricePerCredit(), 8);
        if (terms.rateLimit() <= 0) {
            invalid.add("rateLimit", "Enter a rate limit of at least 1 request.");
        }
        if (terms.ratePeriod() == null
                || !terms.ratePeriod().isPositive()
                || terms.ratePeriod().toMillis() % 1000 != 0) {
            invalid.add("ratePeriod", "Enter a rate-limit window of whole seconds.");
        }
        if (terms.tiers().size() > MAX_TIERS) {
            invalid.add("tiers", "Enter at most " + MAX_TIERS + " volume tiers.");
        }
        List<BigDecimal> seen = new ArrayList<>();
        for (int i = 0; i < terms.tiers().size(); i++) {
            Tier tier = terms.tiers().get(i);
            checkAmount(invalid, "tiers[" + i + "].fromCredits", tier.fromCredits(), 6);
            checkAmount(invalid, "tiers[" + i + "].pricePerCredit", tier.pricePerCredit(), 8);
            if (tier.fromCredits() != null && seen.stream().anyMatch(s -> s.compareTo(tier.fromCredits()) == 0)) {
                invalid.add("tiers[" + i + "].fromCredits", "Two tiers cannot start at the same credits.");
            }
            seen.add(tier.fromCredits());
        }
        if (reason == null || reason.isBlank()) {
            invalid.add("reason", "Say why the terms change.");
        } else if (reason.strip().length() > 500) {
            invalid.add("reason", "Keep the reason to 500 characters.");
        }
        invalid.throwIfAny();
    }

    private static void checkAmount(InvalidInputException.Builder invalid, String field, BigDecimal v, int scale) {
        if (v == null || v.signum() < 0) {
            invalid.add(field, "Enter 0 or more.");
        } else if (Math.max(v.stripTrailingZeros().scale(), 0) > scale) {
            invalid.add(field, "Use at most " + scale + " decimal places.");
        } else if (v.precision() - v.scale() > 13) {
            invalid.add(field, "Enter a smaller amount.");
        }
    }

    private static String describe(Terms t) {
        StringBuilder s = new StringBuilder()
                .append("Fee ")
                .append(t.monthlyFee().toPlainString())
                .append(", allowance ")
                .append(t.allowance().toPlainString())
                .append(" credits, ")
                .append(t.pricePerCredit().toPlainString())
                .append(" per credit, ")
                .append(t.rateLimit())
                .append(" requests per ")
                .append(t.ratePeriod());
        for (Tier tier : t.tiers()) {
            s.append(", from ")
                    .append(tier.fromCredits().toPlainString())
                    .append(" credits ")
                    .append(tier.pricePerCredit().toPlainString());
        }
        return s.append('.').toString();
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
