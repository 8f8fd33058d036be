package dev.vlmconsole.billing.plans;

import dev.vlmconsole.api.services.Money;
import dev.vlmconsole.billing.ledger.Balance;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The current workspace's plan, cycle, spending limit, alerts and per-key budgets: what the Billing
 * page and {@code /api/v1/billing} show and change. Reads require {@code billing.read}, changes
 * {@code billing.manage}; every change is audited, published on the change feed (verification on every
 * node sees it within a second) and made in one transaction.
 */
public interface Subscriptions {

    /**
     * The workspace's billing state now.
     *
     * @param workspaceId     the workspace
     * @param plan            its plan now
     * @param scheduledPlan   the plan it moves to at the cycle's end (a downgrade), or {@code null}
     * @param cycleStart      first day of the current cycle
     * @param cycleEnd        first day of the next cycle (the reset)
     * @param balance         credits now
     * @param overageCharges  what the cycle's overage costs so far (counts towards the limit)
     * @param upcomingInvoice the cycle's invoice as it stands today: fee, overage, tax
     * @param limit           monthly spending limit on usage charges, or {@code null} for none
     * @param hardLimit       whether calls are refused at the limit
     * @param alertThresholds percent of the limit at which Owners and Billing members are emailed
     * @param blocked         whether verification answers {@code INSUFFICIENT_CREDITS} now
     */
    record Account(
            UUID workspaceId,
            Plan plan,
            @Nullable Plan scheduledPlan,
            LocalDate cycleStart,
            LocalDate cycleEnd,
            Balance balance,
            Money overageCharges,
            Money upcomingInvoice,
            @Nullable Money limit,
            boolean hardLimit,
            List<Integer> alertThresholds,
            boolean blocked) {}

    /**
     * What moving to a plan would mean, for the plans side by side and the confirmation.
     *
     * @param plan              the plan
     * @param current           whether it is the plan now
     * @param upgrade           whether moving there takes effect at once
     * @param effective         the day it takes effect (today for an upgrade, the cycle's end otherwise)
     * @param proratedFee       the fee charged now for the rest of the cycle (upgrade), else zero
     * @param proratedAllowance the allowance granted now for the rest of the cycle (upgrade), else zero
     * @param last30DaysCost    what the last 30 days' usage would have cost on it (fee included,
     *                          pro-rated to 30 days)
     */
    record Quote(
            Plan plan,
            boolean current,
            boolean upgrade,
            LocalDate effective,
            Money proratedFee,
            BigDecimal proratedAllowance,
            Money last30DaysCost) {}

    /**
     * A key's monthly credit budget.
     *
     * @param keyId          the key
     * @param name           its name
     * @param prefix         its shown prefix
     * @param monthlyCredits the budget per cycle, or {@code null} for none
     * @param spentThisCycle credits its usage events consumed this cycle
     * @param exhausted      whether it answers {@code INSUFFICIENT_CREDITS} now
     */
    record KeyBudget(
            UUID keyId,
            String name,
            String prefix,
            @Nullable BigDecimal monthlyCredits,
            BigDecimal spentThisCycle,
            boolean exhausted) {}

    /** The state now. */
    Account account();

    /** One quote per plan, in {@link Plan#IDS} order. */
    List<Quote> quotes();

    /**
     * Moves to {@code planId}: an upgrade at once (pro-rated fee and allowance), a downgrade scheduled
     * for the cycle's end (replacing any scheduled one). Enterprise is not chosen here: it is asked
     * for with "Contact sales" and set by operators.
     *
     * @throws dev.vlmconsole.api.InvalidInputException for an unknown plan, Enterprise, or the plan now
     */
    Account changePlan(String planId);

    /** Cancels a scheduled downgrade; nothing to cancel changes nothing. */
    Account cancelScheduledChange();

    /**
     * Sets the monthly spending limit on usage charges.
     *
     * @param amount     the limit in the billing currency (0 or more), or {@code null} for none
     * @param hard       whether calls are refused once it is reached
     * @param thresholds alert thresholds in percent (1 to 1000), at most 10
     */
    Account setLimit(@Nullable BigDecimal amount, boolean hard, List<Integer> thresholds);

    /** The budgets of the workspace's active keys (keys without one too), newest key first. */
    List<KeyBudget> budgets();

    /**
     * Sets or removes ({@code null}) the monthly credit budget of a key of the workspace.
     *
     * @throws java.util.NoSuchElementException for a key of another workspace or none
     */
    KeyBudget setBudget(UUID keyId, @Nullable BigDecimal monthlyCredits);
}
