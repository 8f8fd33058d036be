package dev.vlmconsole.billing.ui;

import static dev.vlmconsole.billing.ui.TestPlans.usd;

import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.services.Money;
import dev.vlmconsole.billing.BillingModule;
import dev.vlmconsole.billing.ledger.Balance;
import dev.vlmconsole.billing.plans.Plan;
import dev.vlmconsole.billing.plans.Subscriptions;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Test only: {@link Subscriptions} for the workspace under test, in memory, checking permissions as
 * the real one does (reads {@code billing.read}, changes {@code billing.manage}) and refusing input
 * with the field names of the API. The cycle is November 2026; pro-rating is by days left.
 */
final class InMemorySubscriptions implements Subscriptions {

    private final ConsoleContext context;
    private final Clock clock;

    Plan plan;

    @Nullable
    Plan scheduled;

    LocalDate cycleStart = LocalDate.of(2026, 11, 1);
    LocalDate cycleEnd = LocalDate.of(2026, 12, 1);
    Balance balance;
    Money overageCharges;
    Money upcomingInvoice;

    @Nullable
    Money limit;

    boolean hardLimit;
    List<Integer> thresholds;
    boolean blocked;
    final Map<String, Money> last30Days = new HashMap<>();
    final List<KeyBudget> budgets = new ArrayList<>();
    /** The plan ids {@link #changePlan} was called with, in order. */
    final List<String> planChanges = new ArrayList<>();
    /** The limits {@link #setLimit} accepted, in order. */
    final List<String> limitsSet = new ArrayList<>();

    InMemorySubscriptions(ConsoleContext context, Clock clock) {
        this.context = context;
        this.clock = clock;
        reset();
    }

    void reset() {
        plan = TestPlans.PAYG;
        scheduled = null;
        balance = new Balance(
                BigDecimal.ZERO, new BigDecimal("100"), BigDecimal.ZERO, cycleStart, BigDecimal.ZERO, BigDecimal.ZERO);
        overageCharges = usd("0");
        upcomingInvoice = usd("0");
        limit = null;
        hardLimit = false;
        thresholds = List.of(50, 80, 100);
        blocked = false;
        last30Days.clear();
        last30Days.put(Plan.PAYG, usd("1240.00"));
        last30Days.put(Plan.PRO, usd("799.00"));
        last30Days.put(Plan.ENTERPRISE, usd("5000.00"));
        budgets.clear();
        planChanges.clear();
        limitsSet.clear();
    }

    @Override
    public Account account() {
        context.require(BillingModule.READ);
        return new Account(
                context.workspaceId(),
                plan,
                scheduled,
                cycleStart,
                cycleEnd,
                balance,
                overageCharges,
                upcomingInvoice,
                limit,
                hardLimit,
                thresholds,
                blocked);
    }

    @Override
    public List<Quote> quotes() {
        context.require(BillingModule.READ);
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        BigDecimal share = BigDecimal.valueOf(ChronoUnit.DAYS.between(today, cycleEnd))
                .divide(BigDecimal.valueOf(ChronoUnit.DAYS.between(cycleStart, cycleEnd)), 10, RoundingMode.HALF_EVEN);
        return TestPlans.ALL.stream()
                .map(p -> {
                    boolean upgrade = plan.isUpgradeTo(p);
                    return new Quote(
                            p,
                            p.id().equals(plan.id()),
                            upgrade,
                            upgrade ? today : cycleEnd,
                            upgrade
                                    ? new Money(
                                            p.monthlyFee()
                                                    .amount()
                                                    .multiply(share)
                                                    .setScale(2, RoundingMode.HALF_EVEN),
                                            p.monthlyFee().currency())
                                    : usd("0"),
                            upgrade
                                    ? p.allowance().multiply(share).setScale(0, RoundingMode.HALF_EVEN)
                                    : BigDecimal.ZERO,
                            last30Days.get(p.id()));
                })
                .toList();
    }

    @Override
    public Account changePlan(String planId) {
        context.require(BillingModule.MANAGE);
        Plan target = TestPlans.byId(planId);
        if (target == null || target.id().equals(Plan.ENTERPRISE) || target.id().equals(plan.id())) {
            throw InvalidInputException.of("plan", "Choose Pay-as-you-go or Pro, other than the plan now.");
        }
        planChanges.add(planId);
        if (plan.isUpgradeTo(target)) {
            plan = target;
            scheduled = null;
        } else {
            scheduled = target;
        }
        return account();
    }

    @Override
    public Account cancelScheduledChange() {
        context.require(BillingModule.MANAGE);
        scheduled = null;
        return account();
    }

    @Override
    public Account setLimit(@Nullable BigDecimal amount, boolean hard, List<Integer> thresholds) {
        context.require(BillingModule.MANAGE);
        InvalidInputException.Builder invalid = InvalidInputException.builder();
        if (amount != null && amount.signum() < 0) {
            invalid.add("amount", "Enter 0 or more, or leave it empty for no limit.");
        }
        if (thresholds.size() > 10 || thresholds.stream().anyMatch(t -> t < 1 || t > 1000)) {
            invalid.add("thresholds", "Give at most 10 thresholds, each from 1 to 1000 %.");
        }
        invalid.throwIfAny();
        this.limit = amount == null ? null : new Money(amount, TestPlans.USD);
        this.hardLimit = hard;
        this.thresholds = List.copyOf(thresholds);
        limitsSet.add(amount + (hard ? " hard " : " soft ") + thresholds);
        return account();
    }

    @Override
    public List<KeyBudget> budgets() {
        context.require(BillingModule.READ);
        return List.copyOf(budgets);
    }

    @Override
    public KeyBudget setBudget(UUID keyId, @Nullable BigDecimal monthlyCredits) {
        context.require(BillingModule.MANAGE);
        if (monthlyCredits != null && monthlyCredits.signum() < 0) {
            throw InvalidInputException.of("monthlyCredits", "Enter 0 or more.");
        }
        for (int i = 0; i < budgets.size(); i++) {
            KeyBudget b = budgets.get(i);
            if (b.keyId().equals(keyId)) {
                KeyBudget changed = new KeyBudget(
                        keyId,
                        b.name(),
                        b.prefix(),
                        monthlyCredits,
                        b.spentThisCycle(),
                        monthlyCredits != null && b.spentThisCycle().compareTo(monthlyCredits) >= 0);
                budgets.set(i, changed);
                return changed;
            }
        }
        throw new NoSuchElementException("key " + keyId);
    }
}
