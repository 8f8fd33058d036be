package dev.vlmconsole.billing.plans;

import static dev.vlmconsole.billing.db.Tables.BILLING_LEDGER_ENTRY;
import static dev.vlmconsole.billing.db.Tables.BILLING_PLAN_PERIOD;

import dev.vlmconsole.api.services.Money;
import dev.vlmconsole.billing.invoices.Invoices;
import dev.vlmconsole.billing.ledger.Balance;
import dev.vlmconsole.billing.ledger.Ledger;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * What a cycle charges: the fee of each plan period (pro-rated by days of the cycle's month) and the
 * overage credits of each period at its plan's price (with volume tiers). The Billing page's upcoming
 * invoice and the cycle close's invoice are both made here, so that they agree to the cent (DD021).
 */
public final class CycleCharges {

    /**
     * A stretch of a cycle on one plan.
     *
     * @param plan the plan
     * @param from first day
     * @param to   first day after it
     * @param fee  its fee, pro-rated and rounded to minor units
     * @param since when it began: the plan change's moment (its first day's usage before it was on the
     *              plan before), or the cycle's first moment
     */
    public record Period(Plan plan, LocalDate from, LocalDate to, Money fee, Instant since) {}

    /**
     * A cycle's charges so far.
     *
     * @param periods        the plan periods, in order
     * @param overageCredits overage credits per period, in the same order
     * @param feeLines       one line per period with a fee
     * @param overageLines   one line per period and price band with overage
     * @param fees           sum of the fee lines
     * @param overage        sum of the overage lines: what counts towards the spending limit
     */
    public record Charges(
            List<Period> periods,
            List<BigDecimal> overageCredits,
            List<Invoices.Line> feeLines,
            List<Invoices.Line> overageLines,
            Money fees,
            Money overage) {

        /** Fee and overage lines, in that order. */
        public List<Invoices.Line> lines() {
            List<Invoices.Line> all = new ArrayList<>(feeLines);
            all.addAll(overageLines);
            return all;
        }

        /** Fees plus overage, before tax. */
        public Money subtotal() {
            return fees.plus(overage);
        }
    }

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);

    private final DSLContext db;
    private final PlanCatalog catalog;
    private final Currency currency;
    private final BillingCalendar calendar;

    public CycleCharges(DSLContext db, PlanCatalog catalog, Currency currency, BillingCalendar calendar) {
        this.calendar = calendar;
        this.db = db;
        this.catalog = catalog;
        this.currency = currency;
    }

    /**
     * The charges of the cycle {@code [cycleStart, cycleEnd)} of {@code workspaceId}, whose account is on
     * {@code accountPlanId} now and whose cached balance is {@code balance}.
     */
    public Charges of(
            UUID workspaceId, LocalDate cycleStart, LocalDate cycleEnd, String accountPlanId, Balance balance) {
        List<Period> periods = periods(workspaceId, cycleStart, cycleEnd, accountPlanId);
        List<BigDecimal> overage = overageByPeriod(workspaceId, cycleStart, periods, balance);
        List<Invoices.Line> feeLines = new ArrayList<>();
        List<Invoices.Line> overageLines = new ArrayList<>();
        Money fees = Money.zero(currency);
        Money overageTotal = Money.zero(currency);
        for (int i = 0; i < periods.size(); i++) {
            Period p = periods.get(i);
            if (!p.fee().isZero()) {
                feeLines.add(new Invoices.Line(
                        p.plan().name() + ", " + span(p.from(), p.to()), BigDecimal.ONE, p.fee(), p.fee()));
                fees = fees.plus(p.fee());
            }
            for (Invoices.Line line : usageLines(p.plan(), overage.get(i))) {
                overageLines.add(line);
                overageTotal = overageTotal.plus(line.amount());
            }
        }
        return new Charges(periods, overage, feeLines, overageLines, fees, overageTotal);
    }

    /**
     * The plan periods of a cycle: the rows plan changes wrote, or the account's plan throughout when
     * none did (its fee pro-rated when the cycle is shorter than its month, as a first cycle is).
     */
    public List<Period> periods(UUID workspaceId, LocalDate cycleStart, LocalDate cycleEnd, String accountPlanId) {
        List<Period> rows = db.selectFrom(BILLING_PLAN_PERIOD)
                .where(BILLING_PLAN_PERIOD.WORKSPACE_ID.eq(workspaceId))
                .and(BILLING_PLAN_PERIOD.CYCLE_START.eq(cycleStart))
                .orderBy(BILLING_PLAN_PERIOD.STARTS_ON)
                .fetch(r -> new Period(
                        catalog.plan(r.getPlanId(), workspaceId),
                        r.getStartsOn(),
                        r.getEndsOn(),
                        new Money(r.getFee(), currency),
                        r.getStartsOn().equals(cycleStart)
                                ? calendar.startOf(cycleStart)
                                : r.getCreatedAt().toInstant()));
        if (!rows.isEmpty()) {
            return rows;
        }
        Plan plan = catalog.plan(accountPlanId, workspaceId);
        return List.of(new Period(
                plan, cycleStart, cycleEnd, proratedFee(plan, cycleStart, cycleEnd), calendar.startOf(cycleStart)));
    }

    /** {@code plan}'s fee for {@code [from, to)}: days over the days of {@code from}'s month, rounded half-even. */
    public static Money proratedFee(Plan plan, LocalDate from, LocalDate to) {
        long days = BillingCalendar.days(from, to);
        int month = BillingCalendar.monthDays(from);
        Money fee = plan.monthlyFee();
        if (days >= month) {
            return round(fee);
        }
        int digits = Math.max(fee.currency().getDefaultFractionDigits(), 0);
        return new Money(
                fee.amount()
                        .multiply(BigDecimal.valueOf(days))
                        .divide(BigDecimal.valueOf(month), digits, RoundingMode.HALF_EVEN),
                fee.currency());
    }

    /** {@code plan}'s allowance for {@code [from, to)}, pro-rated as the fee (6 fractional digits). */
    public static BigDecimal proratedAllowance(Plan plan, LocalDate from, LocalDate to) {
        long days = BillingCalendar.days(from, to);
        int month = BillingCalendar.monthDays(from);
        if (days >= month) {
            return plan.allowance();
        }
        return plan.allowance()
                .multiply(BigDecimal.valueOf(days))
                .divide(BigDecimal.valueOf(month), 6, RoundingMode.HALF_EVEN)
                .stripTrailingZeros();
    }

    /**
     * The price of {@code overageCredits} on {@code plan}: the base price up to the first tier, each
     * tier's price from its threshold on; one line per band used.
     */
    public List<Invoices.Line> usageLines(Plan plan, BigDecimal overageCredits) {
        List<Invoices.Line> lines = new ArrayList<>();
        if (overageCredits.signum() <= 0) {
            return lines;
        }
        String what = plan.id().equals(Plan.PAYG) ? "Usage, " : "Overage, ";
        List<BigDecimal> starts = new ArrayList<>();
        List<Money> prices = new ArrayList<>();
        starts.add(BigDecimal.ZERO);
        prices.add(plan.pricePerCredit());
        for (Plan.Tier tier : plan.tiers()) {
            if (tier.fromCredits().signum() <= 0) {
                prices.set(0, tier.pricePerCredit());
            } else {
                starts.add(tier.fromCredits());
                prices.add(tier.pricePerCredit());
            }
        }
        for (int band = 0; band < starts.size(); band++) {
            BigDecimal from = starts.get(band);
            BigDecimal to = band + 1 < starts.size() ? starts.get(band + 1) : null;
            if (overageCredits.compareTo(from) <= 0) {
                break;
            }
            BigDecimal upTo = to == null || overageCredits.compareTo(to) < 0 ? overageCredits : to;
            BigDecimal quantity = upTo.subtract(from).stripTrailingZeros();
            String label = what + plan.name()
                    + (starts.size() > 1 && band > 0 ? " from " + credits(from) + " credits" : "") + ": "
                    + credits(quantity) + " credits";
            Money price = prices.get(band);
            lines.add(new Invoices.Line(label, quantity, price, round(price.times(quantity))));
        }
        return lines;
    }

    /** {@code amount} rounded half-even to its currency's minor unit: what is charged. */
    public static Money round(Money amount) {
        int digits = Math.max(amount.currency().getDefaultFractionDigits(), 0);
        return new Money(amount.amount().setScale(digits, RoundingMode.HALF_EVEN), amount.currency());
    }

    /**
     * Overage credits of each period: the cached balance's when the cycle had one plan; otherwise the
     * ledger's overage usage entries of the cycle by when they were written, split at the moments the
     * plan changed (a late event counts in the period it arrived in).
     */
    private List<BigDecimal> overageByPeriod(
            UUID workspaceId, LocalDate cycleStart, List<Period> periods, Balance balance) {
        if (periods.size() == 1 && balance.cycleStart().equals(cycleStart)) {
            return List.of(balance.cycleOverage());
        }
        List<BigDecimal> sums = new ArrayList<>();
        for (int i = 0; i < periods.size(); i++) {
            Condition when = DSL.noCondition();
            if (i > 0) {
                when = when.and(BILLING_LEDGER_ENTRY.CREATED_AT.ge(
                        periods.get(i).since().atOffset(ZoneOffset.UTC)));
            }
            if (i + 1 < periods.size()) {
                when = when.and(BILLING_LEDGER_ENTRY.CREATED_AT.lt(
                        periods.get(i + 1).since().atOffset(ZoneOffset.UTC)));
            }
            BigDecimal sum = db.select(DSL.sum(DSL.abs(BILLING_LEDGER_ENTRY.CREDITS)))
                    .from(BILLING_LEDGER_ENTRY)
                    .where(BILLING_LEDGER_ENTRY.WORKSPACE_ID.eq(workspaceId))
                    .and(BILLING_LEDGER_ENTRY.CYCLE_START.eq(cycleStart))
                    .and(BILLING_LEDGER_ENTRY.KIND.eq(Ledger.Kind.USAGE.name()))
                    .and(BILLING_LEDGER_ENTRY.OVERAGE.isTrue())
                    .and(when)
                    .fetchOne(0, BigDecimal.class);
            sums.add(sum == null ? BigDecimal.ZERO : sum.stripTrailingZeros());
        }
        return sums;
    }

    private static String span(LocalDate from, LocalDate toExclusive) {
        LocalDate last = toExclusive.minusDays(1);
        String month = MONTH.format(last);
        if (!last.isAfter(from)) {
            return last.getDayOfMonth() + " " + month;
        }
        return from.getDayOfMonth() + "\u2013" + last.getDayOfMonth() + " " + month;
    }

    static String credits(BigDecimal credits) {
        DecimalFormat f = new DecimalFormat("#,##0.######", DecimalFormatSymbols.getInstance(Locale.ENGLISH));
        return f.format(credits);
    }
}
