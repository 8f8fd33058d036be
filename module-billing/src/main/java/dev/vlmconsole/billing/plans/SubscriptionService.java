package dev.vlmconsole.billing.plans;

import static dev.vlmconsole.billing.db.Tables.BILLING_ACCOUNT;
import static dev.vlmconsole.billing.db.Tables.BILLING_DAILY_KEY_USAGE;
import static dev.vlmconsole.billing.db.Tables.BILLING_DAILY_WORKSPACE_USAGE;
import static dev.vlmconsole.billing.db.Tables.BILLING_KEY_BUDGET;
import static dev.vlmconsole.billing.db.Tables.BILLING_PLAN_PERIOD;

import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.services.KeyCatalog;
import dev.vlmconsole.api.services.Money;
import dev.vlmconsole.billing.BillingModule;
import dev.vlmconsole.billing.db.tables.records.BillingAccountRecord;
import dev.vlmconsole.billing.db.tables.records.BillingPlanPeriodRecord;
import dev.vlmconsole.billing.ledger.Balance;
import dev.vlmconsole.billing.ledger.Ledger;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link Subscriptions} over the billing tables and the {@link Ledger}: plan changes (an upgrade at
 * once with its fee and allowance pro-rated by days, a downgrade at the cycle's end), the spending
 * limit and its alert thresholds, and per-key budgets. Each change is permission-checked, made in one
 * transaction with its audit entry, and followed, in that transaction, by {@link Caps#afterChange} so
 * that verification on every node sees it within a second (DD021).
 */
public final class SubscriptionService implements Subscriptions {

    /** Most alert thresholds. */
    public static final int MAX_THRESHOLDS = 10;
    /** Highest alert threshold, in percent. */
    public static final int MAX_THRESHOLD_PERCENT = 1000;

    private final DSLContext db;
    private final ConsoleContext context;
    private final PlanCatalog catalog;
    private final Ledger ledger;
    private final CycleCharges charges;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final BillingCalendar calendar;
    private final Currency currency;
    private final Supplier<@Nullable KeyCatalog> keys;
    private final Supplier<@Nullable Caps> caps;

    public SubscriptionService(
            DSLContext db,
            ConsoleContext context,
            PlanCatalog catalog,
            Ledger ledger,
            CycleCharges charges,
            AuditLog audit,
            TransactionTemplate tx,
            BillingCalendar calendar,
            Currency currency,
            Supplier<@Nullable KeyCatalog> keys,
            Supplier<@Nullable Caps> caps) {
        this.db = db;
        this.context = context;
        this.catalog = catalog;
        this.ledger = ledger;
        this.charges = charges;
        this.audit = audit;
        this.tx = tx;
        this.calendar = calendar;
        this.currency = currency;
        this.keys = keys;
        this.caps = caps;
    }

    @Override
    public Account account() {
        context.require(BillingModule.READ);
        return accountOf(context.workspaceId());
    }

    @Override
    public List<Quote> quotes() {
        context.require(BillingModule.READ);
        UUID ws = context.workspaceId();
        ledger.balance(ws);
        BillingAccountRecord row = row(ws);
        LocalDate today = calendar.today();
        BigDecimal usage = db.select(DSL.sum(BILLING_DAILY_WORKSPACE_USAGE.CREDITS))
                .from(BILLING_DAILY_WORKSPACE_USAGE)
                .where(BILLING_DAILY_WORKSPACE_USAGE.WORKSPACE_ID.eq(ws))
                .and(BILLING_DAILY_WORKSPACE_USAGE.USAGE_DAY.between(today.minusDays(29), today))
                .fetchOne(0, BigDecimal.class);
        BigDecimal last30 = usage == null ? BigDecimal.ZERO : usage;
        Plan current = catalog.plan(row.getPlanId(), ws);
        return Plan.IDS.stream()
                .map(id -> {
                    Plan plan = catalog.plan(id, ws);
                    boolean isCurrent = id.equals(current.id());
                    boolean upgrade = current.isUpgradeTo(plan);
                    return new Quote(
                            plan,
                            isCurrent,
                            upgrade,
                            upgrade ? today : row.getCycleEnd(),
                            upgrade ? CycleCharges.proratedFee(plan, today, row.getCycleEnd()) : Money.zero(currency),
                            upgrade ? CycleCharges.proratedAllowance(plan, today, row.getCycleEnd()) : BigDecimal.ZERO,
                            thirtyDayCost(plan, last30, today));
                })
                .toList();
    }

    @Override
    public Account changePlan(String planId) {
        context.require(BillingModule.MANAGE);
        UUID ws = context.workspaceId();
        if (planId == null || !Plan.IDS.contains(planId)) {
            throw InvalidInputException.of("plan", "Choose one of the plans: payg, pro or enterprise.");
        }
        if (planId.equals(Plan.ENTERPRISE)) {
            throw InvalidInputException.of(
                    "plan", "Enterprise terms are agreed with our sales team: use Contact sales to ask for them.");
        }
        tx.executeWithoutResult(status -> {
            ledger.balance(ws);
            BillingAccountRecord row = lockRow(ws);
            if (row.getPlanId().equals(planId)) {
                throw InvalidInputException.of("plan", "The workspace is on this plan already.");
            }
            Plan from = catalog.plan(row.getPlanId(), ws);
            Plan to = catalog.plan(planId, ws);
            if (from.isUpgradeTo(to)) {
                upgrade(ws, row, from, to, null);
            } else {
                scheduleDowngrade(ws, row, from, to);
            }
            afterChange(ws, List.of());
        });
        return accountOf(ws);
    }

    /**
     * Puts {@code workspaceId} on Enterprise at once, on the terms operators set for it
     * ({@link EnterpriseTerms}) or the defaults: an upgrade like any other (fee and allowance pro-rated
     * for the rest of the cycle), asked for with "Contact sales" and made by an operator. Requires the
     * operator permission; audited in that workspace with the reason. Internal to the billing module:
     * the operators' page of a later issue calls it.
     *
     * @throws InvalidInputException when the workspace is on Enterprise already, or no reason is given
     */
    public void moveToEnterprise(UUID workspaceId, String reason) {
        context.require(Permissions.OPERATOR);
        Objects.requireNonNull(workspaceId, "workspaceId");
        if (reason == null || reason.isBlank() || reason.strip().length() > 500) {
            throw InvalidInputException.of("reason", "Say why, in at most 500 characters.");
        }
        tx.executeWithoutResult(status -> {
            ledger.balance(workspaceId);
            BillingAccountRecord row = lockRow(workspaceId);
            if (row.getPlanId().equals(Plan.ENTERPRISE)) {
                throw InvalidInputException.of("plan", "The workspace is on Enterprise already.");
            }
            Plan from = catalog.plan(row.getPlanId(), workspaceId);
            upgrade(workspaceId, row, from, catalog.plan(Plan.ENTERPRISE, workspaceId), reason);
            afterChange(workspaceId, List.of());
        });
    }

    @Override
    public Account cancelScheduledChange() {
        context.require(BillingModule.MANAGE);
        UUID ws = context.workspaceId();
        tx.executeWithoutResult(status -> {
            ledger.balance(ws);
            BillingAccountRecord row = lockRow(ws);
            if (row.getScheduledPlanId() == null) {
                return;
            }
            Plan scheduled = catalog.plan(row.getScheduledPlanId(), ws);
            db.update(BILLING_ACCOUNT)
                    .setNull(BILLING_ACCOUNT.SCHEDULED_PLAN_ID)
                    .set(BILLING_ACCOUNT.UPDATED_AT, now())
                    .where(BILLING_ACCOUNT.WORKSPACE_ID.eq(ws))
                    .execute();
            audit.record(
                    "billing.plan.change_cancelled",
                    workspaceTarget(),
                    "The move to " + scheduled.name() + " on " + row.getCycleEnd() + " is cancelled; the plan stays "
                            + catalog.plan(row.getPlanId(), ws).name() + ".");
            afterChange(ws, List.of());
        });
        return accountOf(ws);
    }

    @Override
    public Account setLimit(@Nullable BigDecimal amount, boolean hard, List<Integer> thresholds) {
        context.require(BillingModule.MANAGE);
        UUID ws = context.workspaceId();
        List<Integer> cleaned = validateLimit(amount, thresholds);
        tx.executeWithoutResult(status -> {
            ledger.balance(ws);
            lockRow(ws);
            db.update(BILLING_ACCOUNT)
                    .set(BILLING_ACCOUNT.SPEND_LIMIT, amount)
                    .set(BILLING_ACCOUNT.LIMIT_HARD, hard && amount != null)
                    .set(
                            BILLING_ACCOUNT.ALERT_THRESHOLDS,
                            cleaned.stream().map(String::valueOf).collect(Collectors.joining(",")))
                    .set(BILLING_ACCOUNT.UPDATED_AT, now())
                    .where(BILLING_ACCOUNT.WORKSPACE_ID.eq(ws))
                    .execute();
            String limit = amount == null
                    ? "No spending limit"
                    : "Spending limit " + new Money(amount, currency) + (hard ? ", hard" : ", soft");
            String alerts = cleaned.isEmpty()
                    ? "no alerts"
                    : "alerts at " + cleaned.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " %";
            audit.record("billing.limit.set", workspaceTarget(), limit + "; " + alerts + ".");
            afterChange(ws, List.of());
        });
        return accountOf(ws);
    }

    @Override
    public List<KeyBudget> budgets() {
        context.require(BillingModule.READ);
        UUID ws = context.workspaceId();
        KeyCatalog catalogOfKeys = keys.get();
        if (catalogOfKeys == null) {
            return List.of();
        }
        Balance balance = ledger.balance(ws);
        BillingAccountRecord row = row(ws);
        Map<UUID, BigDecimal> budgets = db.select(BILLING_KEY_BUDGET.KEY_ID, BILLING_KEY_BUDGET.MONTHLY_CREDITS)
                .from(BILLING_KEY_BUDGET)
                .where(BILLING_KEY_BUDGET.WORKSPACE_ID.eq(ws))
                .fetchMap(BILLING_KEY_BUDGET.KEY_ID, BILLING_KEY_BUDGET.MONTHLY_CREDITS);
        Map<UUID, BigDecimal> spent = spentByKey(ws, balance.cycleStart(), row.getCycleEnd(), null);
        return catalogOfKeys.keysOf(ws).stream()
                .filter(KeyCatalog.KeyFacts::active)
                .map(k -> budget(k, budgets.get(k.keyId()), spent.getOrDefault(k.keyId(), BigDecimal.ZERO)))
                .toList();
    }

    @Override
    public KeyBudget setBudget(UUID keyId, @Nullable BigDecimal monthlyCredits) {
        context.require(BillingModule.MANAGE);
        UUID ws = context.workspaceId();
        KeyCatalog catalogOfKeys = keys.get();
        KeyCatalog.KeyFacts key = keyId == null || catalogOfKeys == null
                ? null
                : catalogOfKeys.find(List.of(keyId)).get(keyId);
        if (key == null || !key.workspaceId().equals(ws)) {
            throw new NoSuchElementException("No such key in this workspace");
        }
        if (monthlyCredits != null) {
            InvalidInputException.Builder invalid = InvalidInputException.builder();
            checkDecimal(invalid, "monthlyCredits", monthlyCredits, 6, 18, "credits");
            invalid.throwIfAny();
        }
        return tx.execute(status -> {
            Balance balance = ledger.balance(ws);
            BillingAccountRecord row = lockRow(ws);
            BigDecimal spent = spentByKey(ws, balance.cycleStart(), row.getCycleEnd(), keyId)
                    .getOrDefault(keyId, BigDecimal.ZERO);
            AuditTarget target = AuditTarget.apiKey(keyId, key.name() + " (" + key.prefix() + "\u2026)");
            if (monthlyCredits == null) {
                int removed = db.deleteFrom(BILLING_KEY_BUDGET)
                        .where(BILLING_KEY_BUDGET.KEY_ID.eq(keyId))
                        .execute();
                if (removed > 0) {
                    audit.record("billing.key_budget.removed", target, "No monthly credit budget.");
                }
            } else {
                boolean exhausted = spent.compareTo(monthlyCredits) >= 0;
                db.insertInto(BILLING_KEY_BUDGET)
                        .set(BILLING_KEY_BUDGET.KEY_ID, keyId)
                        .set(BILLING_KEY_BUDGET.WORKSPACE_ID, ws)
                        .set(BILLING_KEY_BUDGET.MONTHLY_CREDITS, monthlyCredits)
                        .set(BILLING_KEY_BUDGET.EXHAUSTED, exhausted)
                        .set(BILLING_KEY_BUDGET.UPDATED_AT, now())
                        .onConflict(BILLING_KEY_BUDGET.KEY_ID)
                        .doUpdate()
                        .set(BILLING_KEY_BUDGET.MONTHLY_CREDITS, monthlyCredits)
                        .set(BILLING_KEY_BUDGET.EXHAUSTED, exhausted)
                        .set(BILLING_KEY_BUDGET.UPDATED_AT, now())
                        .execute();
                audit.record(
                        "billing.key_budget.set",
                        target,
                        "Monthly credit budget " + CycleCharges.credits(monthlyCredits) + " credits.");
            }
            afterChange(ws, List.of(keyId));
            return budget(key, monthlyCredits, spent);
        });
    }

    /**
     * The billing state of any workspace, for the operators' page of it; requires the operator
     * permission.
     */
    public Account accountFor(UUID workspaceId) {
        context.require(Permissions.OPERATOR);
        return accountOf(workspaceId);
    }

    /** The billing state of {@code workspaceId}, without a permission check (callers check). */
    Account accountOf(UUID ws) {
        Balance balance = ledger.balance(ws);
        BillingAccountRecord row = row(ws);
        Plan plan = catalog.plan(row.getPlanId(), ws);
        Plan scheduled = row.getScheduledPlanId() == null ? null : catalog.plan(row.getScheduledPlanId(), ws);
        CycleCharges.Charges c = charges.of(ws, row.getCycleStart(), row.getCycleEnd(), row.getPlanId(), balance);
        Money subtotal = c.subtotal();
        Money tax = CycleCharges.round(subtotal.times(row.getTaxRate().movePointLeft(2)));
        return new Account(
                ws,
                plan,
                scheduled,
                row.getCycleStart(),
                row.getCycleEnd(),
                balance,
                c.overage(),
                subtotal.plus(tax),
                row.getSpendLimit() == null ? null : new Money(row.getSpendLimit(), currency),
                row.getLimitHard(),
                thresholds(row.getAlertThresholds()),
                row.getBlocked());
    }

    private void upgrade(UUID ws, BillingAccountRecord row, Plan from, Plan to, @Nullable String reason) {
        LocalDate today = calendar.today();
        LocalDate cycleStart = row.getCycleStart();
        LocalDate cycleEnd = row.getCycleEnd();
        if (!today.isBefore(cycleEnd)) {
            throw InvalidInputException.of("plan", "The billing cycle is being closed; try again in a few minutes.");
        }
        Money fee = CycleCharges.proratedFee(to, today, cycleEnd);
        BigDecimal allowance = CycleCharges.proratedAllowance(to, today, cycleEnd);
        openPeriods(ws, row, from);
        BillingPlanPeriodRecord open = db.selectFrom(BILLING_PLAN_PERIOD)
                .where(BILLING_PLAN_PERIOD.WORKSPACE_ID.eq(ws))
                .and(BILLING_PLAN_PERIOD.CYCLE_START.eq(cycleStart))
                .orderBy(BILLING_PLAN_PERIOD.STARTS_ON.desc())
                .limit(1)
                .fetchOne();
        if (open != null) {
            if (open.getStartsOn().isBefore(today)) {
                Plan openPlan = catalog.plan(open.getPlanId(), ws);
                db.update(BILLING_PLAN_PERIOD)
                        .set(BILLING_PLAN_PERIOD.ENDS_ON, today)
                        .set(
                                BILLING_PLAN_PERIOD.FEE,
                                CycleCharges.proratedFee(openPlan, open.getStartsOn(), today)
                                        .amount())
                        .where(BILLING_PLAN_PERIOD.WORKSPACE_ID.eq(ws))
                        .and(BILLING_PLAN_PERIOD.STARTS_ON.eq(open.getStartsOn()))
                        .execute();
            } else {
                // the plan it replaces lasted no day: the new one takes the day
                db.deleteFrom(BILLING_PLAN_PERIOD)
                        .where(BILLING_PLAN_PERIOD.WORKSPACE_ID.eq(ws))
                        .and(BILLING_PLAN_PERIOD.STARTS_ON.eq(open.getStartsOn()))
                        .execute();
            }
        }
        insertPeriod(ws, cycleStart, today, cycleEnd, to, fee, allowance);
        db.update(BILLING_ACCOUNT)
                .set(BILLING_ACCOUNT.PLAN_ID, to.id())
                .setNull(BILLING_ACCOUNT.SCHEDULED_PLAN_ID)
                .set(BILLING_ACCOUNT.UPDATED_AT, now())
                .where(BILLING_ACCOUNT.WORKSPACE_ID.eq(ws))
                .execute();
        long days = BillingCalendar.days(today, cycleEnd);
        int monthDays = BillingCalendar.monthDays(cycleStart);
        String share = days + " of " + monthDays + " days";
        if (allowance.signum() > 0) {
            ledger.grant(
                    ws,
                    Ledger.Kind.ALLOWANCE,
                    allowance,
                    calendar.startOf(cycleEnd),
                    "allowance:" + cycleStart + ":" + to.id(),
                    to.name() + " from " + today + ", pro-rated for " + share,
                    context.actor().displayName());
        }
        audit.record(new AuditEntry(
                ws,
                // an operator's move to Enterprise (the only upgrade with a reason) is an operator action
                reason == null ? context.actor() : context.actor().asOperator(),
                "billing.plan.upgraded",
                workspaceTarget(ws),
                "From " + from.name() + " to " + to.name() + " on " + today + ": fee " + fee + " and "
                        + CycleCharges.credits(allowance) + " credits for the rest of the cycle (" + share + ")."
                        + (reason == null ? "" : " Reason: " + reason.strip()),
                context.sourceAddress().orElse("")));
    }

    /** Writes the cycle's opening period when plan changes wrote none yet: the account's plan from its start. */
    private void openPeriods(UUID ws, BillingAccountRecord row, Plan current) {
        boolean any = db.fetchExists(db.selectOne()
                .from(BILLING_PLAN_PERIOD)
                .where(BILLING_PLAN_PERIOD.WORKSPACE_ID.eq(ws))
                .and(BILLING_PLAN_PERIOD.CYCLE_START.eq(row.getCycleStart())));
        if (!any) {
            insertPeriod(
                    ws,
                    row.getCycleStart(),
                    row.getCycleStart(),
                    row.getCycleEnd(),
                    current,
                    CycleCharges.proratedFee(current, row.getCycleStart(), row.getCycleEnd()),
                    CycleCharges.proratedAllowance(current, row.getCycleStart(), row.getCycleEnd()));
        }
    }

    private void insertPeriod(
            UUID ws, LocalDate cycleStart, LocalDate from, LocalDate to, Plan plan, Money fee, BigDecimal allowance) {
        db.insertInto(BILLING_PLAN_PERIOD)
                .set(BILLING_PLAN_PERIOD.WORKSPACE_ID, ws)
                .set(BILLING_PLAN_PERIOD.CYCLE_START, cycleStart)
                .set(BILLING_PLAN_PERIOD.STARTS_ON, from)
                .set(BILLING_PLAN_PERIOD.ENDS_ON, to)
                .set(BILLING_PLAN_PERIOD.PLAN_ID, plan.id())
                .set(BILLING_PLAN_PERIOD.FEE, fee.amount())
                .set(BILLING_PLAN_PERIOD.ALLOWANCE, allowance)
                .set(BILLING_PLAN_PERIOD.CREATED_AT, now())
                .execute();
    }

    private void scheduleDowngrade(UUID ws, BillingAccountRecord row, Plan from, Plan to) {
        String replaced = row.getScheduledPlanId() == null
                        || row.getScheduledPlanId().equals(to.id())
                ? ""
                : " (instead of " + catalog.plan(row.getScheduledPlanId(), ws).name() + ")";
        db.update(BILLING_ACCOUNT)
                .set(BILLING_ACCOUNT.SCHEDULED_PLAN_ID, to.id())
                .set(BILLING_ACCOUNT.UPDATED_AT, now())
                .where(BILLING_ACCOUNT.WORKSPACE_ID.eq(ws))
                .execute();
        audit.record(
                "billing.plan.change_scheduled",
                workspaceTarget(),
                "From " + from.name() + " to " + to.name() + " on " + row.getCycleEnd() + replaced + ".");
    }

    private Money thirtyDayCost(Plan plan, BigDecimal usage, LocalDate today) {
        int monthDays = BillingCalendar.monthDays(today);
        BigDecimal share = BigDecimal.valueOf(30);
        Money fee = CycleCharges.round(new Money(
                plan.monthlyFee()
                        .amount()
                        .multiply(share)
                        .divide(BigDecimal.valueOf(monthDays), 10, RoundingMode.HALF_EVEN),
                currency));
        BigDecimal allowance =
                plan.allowance().multiply(share).divide(BigDecimal.valueOf(monthDays), 6, RoundingMode.HALF_EVEN);
        BigDecimal overage = usage.subtract(allowance).max(BigDecimal.ZERO);
        Money cost = fee;
        for (var line : charges.usageLines(plan, overage)) {
            cost = cost.plus(line.amount());
        }
        return cost;
    }

    private Map<UUID, BigDecimal> spentByKey(UUID ws, LocalDate from, LocalDate toExclusive, @Nullable UUID keyId) {
        var query = db.select(BILLING_DAILY_KEY_USAGE.KEY_ID, DSL.sum(BILLING_DAILY_KEY_USAGE.CREDITS))
                .from(BILLING_DAILY_KEY_USAGE)
                .where(BILLING_DAILY_KEY_USAGE.WORKSPACE_ID.eq(ws))
                .and(BILLING_DAILY_KEY_USAGE.USAGE_DAY.ge(from))
                .and(BILLING_DAILY_KEY_USAGE.USAGE_DAY.lt(toExclusive));
        if (keyId != null) {
            query = query.and(BILLING_DAILY_KEY_USAGE.KEY_ID.eq(keyId));
        }
        return query.groupBy(BILLING_DAILY_KEY_USAGE.KEY_ID).fetchMap(r -> r.value1(), r -> r.value2());
    }

    private static KeyBudget budget(KeyCatalog.KeyFacts key, @Nullable BigDecimal monthly, BigDecimal spent) {
        return new KeyBudget(
                key.keyId(),
                key.name(),
                key.prefix(),
                monthly == null ? null : monthly.stripTrailingZeros(),
                spent.stripTrailingZeros(),
                monthly != null && spent.compareTo(monthly) >= 0);
    }

    private List<Integer> validateLimit(@Nullable BigDecimal amount, List<Integer> thresholds) {
        InvalidInputException.Builder invalid = InvalidInputException.builder();
        if (amount != null) {
            checkDecimal(
                    invalid,
                    "amount",
                    amount,
                    Math.max(currency.getDefaultFractionDigits(), 0),
                    15,
                    currency.getCurrencyCode());
        }
        if (thresholds == null) {
            thresholds = List.of();
        }
        if (thresholds.size() > MAX_THRESHOLDS) {
            invalid.add("thresholds", "Set at most " + MAX_THRESHOLDS + " alert thresholds.");
        } else if (thresholds.stream().anyMatch(t -> t == null || t < 1 || t > MAX_THRESHOLD_PERCENT)) {
            invalid.add("thresholds", "Each alert threshold is a percent from 1 to " + MAX_THRESHOLD_PERCENT + ".");
        }
        invalid.throwIfAny();
        return thresholds.stream().sorted().distinct().toList();
    }

    private static void checkDecimal(
            InvalidInputException.Builder invalid,
            String field,
            BigDecimal value,
            int scale,
            int integerDigits,
            String what) {
        if (value.signum() < 0) {
            invalid.add(field, "Enter 0 or more.");
        } else if (Math.max(value.stripTrailingZeros().scale(), 0) > scale) {
            invalid.add(field, "Use at most " + scale + " decimal places.");
        } else if (value.precision() - value.scale() > integerDigits) {
            invalid.add(field, "Enter a smaller number of " + what + ".");
        }
    }

    private static List<Integer> thresholds(String stored) {
        if (stored == null || stored.isBlank()) {
            return List.of();
        }
        return Arrays.stream(stored.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(Integer::valueOf)
                .toList();
    }

    private BillingAccountRecord row(UUID ws) {
        BillingAccountRecord row = db.selectFrom(BILLING_ACCOUNT)
                .where(BILLING_ACCOUNT.WORKSPACE_ID.eq(ws))
                .fetchOne();
        return Objects.requireNonNull(row, "The ledger opened no billing account for " + ws);
    }

    private BillingAccountRecord lockRow(UUID ws) {
        BillingAccountRecord row = db.selectFrom(BILLING_ACCOUNT)
                .where(BILLING_ACCOUNT.WORKSPACE_ID.eq(ws))
                .forUpdate()
                .fetchOne();
        return Objects.requireNonNull(row, "The ledger opened no billing account for " + ws);
    }

    private void afterChange(UUID ws, Collection<UUID> changedKeys) {
        Caps c = caps.get();
        if (c != null) {
            c.afterChange(ws, changedKeys);
        }
    }

    private AuditTarget workspaceTarget() {
        var w = context.requireWorkspace();
        return AuditTarget.workspace(w.id(), w.name());
    }

    /** The workspace as a target, named when it is the acting context's (an operator may act from none). */
    private AuditTarget workspaceTarget(UUID ws) {
        return context.workspace()
                .filter(w -> w.id().equals(ws))
                .map(w -> AuditTarget.workspace(w.id(), w.name()))
                .orElseGet(() -> AuditTarget.workspace(ws, null));
    }

    private OffsetDateTime now() {
        return calendar.now().atOffset(ZoneOffset.UTC);
    }
}
