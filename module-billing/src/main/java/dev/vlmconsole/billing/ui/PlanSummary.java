package dev.vlmconsole.billing.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import dev.vlmconsole.api.services.Money;
import dev.vlmconsole.api.ui.StatusBadge;
import dev.vlmconsole.billing.ledger.Balance;
import dev.vlmconsole.billing.plans.Plan;
import dev.vlmconsole.billing.plans.Subscriptions.Account;
import java.time.Instant;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;

/**
 * The top of the Billing page: the plan card (plan, price, cycle, time until reset, a scheduled
 * downgrade with its Cancel) and the balance (allowance left, grants, top-ups, overage so far, the
 * upcoming invoice as it stands today, and a plain note when a cap was reached).
 */
class PlanSummary extends Div {

    private final Div planCard = new Div();
    private final Div balanceCard = new Div();
    /** Cancels the scheduled downgrade; shown to those who may change billing when one is scheduled. */
    final Button cancelDowngrade = new Button("Cancel downgrade");
    /** The cap note, when a limit or the credits were reached. */
    final Paragraph capNote = new Paragraph();

    private final boolean manage;
    private final ZoneId zone;

    PlanSummary(boolean manage, ZoneId zone, Runnable onCancelDowngrade) {
        this.manage = manage;
        this.zone = zone;
        addClassName("billing-summary");
        planCard.addClassNames("billing-card", "billing-plan-card");
        balanceCard.addClassNames("billing-card", "billing-balance-card");
        cancelDowngrade.addThemeVariants(ButtonVariant.SMALL);
        cancelDowngrade.addClickListener(e -> onCancelDowngrade.run());
        capNote.addClassName("billing-cap-note");
        capNote.getElement().setAttribute("role", "status");
        add(planCard, balanceCard);
    }

    void show(Account account, Instant now) {
        showPlan(account, now);
        showBalance(account);
    }

    private void showPlan(Account account, Instant now) {
        planCard.removeAll();
        Plan plan = account.plan();
        Span label = new Span("Current plan");
        label.addClassName("billing-eyebrow");
        H3 name = new H3(plan.name());
        name.addClassName("billing-plan-name");
        Paragraph price = new Paragraph(BillingText.price(plan) + " · " + BillingText.rate(plan));
        price.addClassName("billing-plan-price");
        Instant reset = account.cycleEnd().atStartOfDay(zone).toInstant();
        Paragraph cycle = new Paragraph("Cycle "
                + BillingText.period(account.cycleStart(), account.cycleEnd().minusDays(1)) + ". Resets "
                + BillingText.until(reset, now) + ", on " + BillingText.day(account.cycleEnd()) + ".");
        cycle.addClassName("billing-cycle");
        planCard.add(label, name, price, cycle);
        Plan next = account.scheduledPlan();
        if (next != null) {
            Div scheduled = new Div();
            scheduled.addClassName("billing-scheduled");
            Paragraph text = new Paragraph("Moves to " + next.name() + " on " + BillingText.day(account.cycleEnd())
                    + " (" + BillingText.price(next) + "). Until then you keep " + plan.name() + ".");
            scheduled.add(text);
            cancelDowngrade.setVisible(manage);
            scheduled.add(cancelDowngrade);
            planCard.add(scheduled);
        }
    }

    private void showBalance(Account account) {
        balanceCard.removeAll();
        Balance b = account.balance();
        Span label = new Span("Credits before overage");
        label.addClassName("billing-eyebrow");
        H3 available = new H3(BillingText.credits(b.available()));
        available.addClassName("billing-available");
        Div facts = new Div(
                fact(
                        "Allowance left",
                        BillingText.credits(b.allowance()),
                        // Pay-as-you-go has no allowance: nothing expires, so say what it is instead
                        account.plan().allowance().signum() > 0 || b.allowance().signum() > 0
                                ? "expires " + BillingText.day(account.cycleEnd())
                                : "none on this plan"),
                fact("Grants", BillingText.credits(b.grants()), null),
                fact("Top-ups", BillingText.credits(b.topUps()), "never expire"),
                fact("Used this cycle", BillingText.credits(b.cycleUsage()), null),
                fact(
                        "Overage so far",
                        BillingText.credits(b.cycleOverage()),
                        BillingText.money(account.overageCharges())),
                fact(
                        "Upcoming invoice",
                        BillingText.money(account.upcomingInvoice()),
                        "as it stands today, billed " + BillingText.day(account.cycleEnd())),
                fact("Spending limit", limit(account), null));
        facts.addClassName("billing-facts");
        balanceCard.add(label, available, facts);
        String note = capNote(account);
        if (note != null) {
            capNote.setText(note);
            balanceCard.add(capNote);
        }
        if (account.blocked()) {
            balanceCard.addComponentAtIndex(2, new StatusBadge("Calls refused", StatusBadge.Tone.ERROR));
        }
    }

    static String limit(Account account) {
        Money limit = account.limit();
        if (limit == null) {
            return "None";
        }
        return BillingText.money(limit) + (account.hardLimit() ? ", hard" : ", soft");
    }

    /**
     * The plain note under the balance when a cap was reached: what happens now and that late usage
     * is still recorded (it happened). Null when nothing was reached.
     */
    static @Nullable String capNote(Account account) {
        Money limit = account.limit();
        boolean limitReached =
                limit != null && account.overageCharges().amount().compareTo(limit.amount()) >= 0;
        String recorded = " Usage that arrives after a cap was reached (calls already under way) is still"
                + " recorded and billed: it happened.";
        if (account.blocked()) {
            String why = limitReached && account.hardLimit()
                    ? "The hard spending limit of " + BillingText.money(limit) + " was reached"
                    : "The workspace reached a cap on its spending";
            return why + ": API keys answer \"insufficient credits\" until the cycle resets on "
                    + BillingText.day(account.cycleEnd()) + ", the limit is raised, or credits are bought." + recorded;
        }
        if (limitReached) {
            return "The soft spending limit of " + BillingText.money(limit)
                    + " was reached. Calls go on and are billed as overage; Owners and Billing members were alerted."
                    + recorded;
        }
        return null;
    }

    private static Component fact(String label, String value, @Nullable String detail) {
        Div fact = new Div();
        fact.addClassName("billing-fact");
        Span l = new Span(label);
        l.addClassName("billing-fact-label");
        Span v = new Span(value);
        v.addClassName("billing-fact-value");
        fact.add(l, v);
        if (detail != null) {
            Span d = new Span(detail);
            d.addClassName("billing-fact-detail");
            fact.add(d);
        }
        return fact;
    }
}
