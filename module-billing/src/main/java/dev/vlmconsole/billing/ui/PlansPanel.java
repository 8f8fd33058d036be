package dev.vlmconsole.billing.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.UnorderedList;
import dev.vlmconsole.api.services.Money;
import dev.vlmconsole.api.ui.Notifications;
import dev.vlmconsole.api.ui.StatusBadge;
import dev.vlmconsole.billing.invoices.BillingProfiles;
import dev.vlmconsole.billing.plans.Plan;
import dev.vlmconsole.billing.plans.Subscriptions;
import dev.vlmconsole.billing.plans.Subscriptions.Account;
import dev.vlmconsole.billing.plans.Subscriptions.Quote;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The plans side by side: price, allowance, rate limit, price per credit and what the last 30 days
 * would have cost on each; Upgrade (at once, pro-rated), Downgrade (scheduled for the cycle's end)
 * and, for Enterprise, Contact sales.
 */
class PlansPanel extends Div {

    private final Subscriptions subscriptions;
    private final BillingProfiles profiles;
    private final boolean manage;
    private final BigDecimal signupCredits;
    private final Runnable changed;

    PlansPanel(
            Subscriptions subscriptions,
            BillingProfiles profiles,
            boolean manage,
            BigDecimal signupCredits,
            Runnable changed) {
        this.subscriptions = subscriptions;
        this.profiles = profiles;
        this.manage = manage;
        this.signupCredits = signupCredits;
        this.changed = changed;
        addClassName("billing-plans");
    }

    void show(Account account, List<Quote> quotes) {
        removeAll();
        Money cheapest = quotes.stream()
                .map(Quote::last30DaysCost)
                .min(Comparator.comparing(Money::amount))
                .orElse(null);
        boolean allEqual =
                quotes.stream().map(q -> q.last30DaysCost().amount()).distinct().count() <= 1;
        for (Quote quote : quotes) {
            add(card(account, quote, !allEqual && quote.last30DaysCost().equals(cheapest)));
        }
    }

    private Div card(Account account, Quote quote, boolean cheapest) {
        Plan plan = quote.plan();
        Div card = new Div();
        card.addClassNames("billing-card", "billing-plan");
        card.getElement().setAttribute("data-plan", plan.id());
        if (quote.current()) {
            card.addClassName("billing-plan-current");
        }
        H3 name = new H3(plan.name());
        Div badges = new Div();
        badges.addClassName("billing-plan-badges");
        if (quote.current()) {
            badges.add(new StatusBadge("Current plan", StatusBadge.Tone.SUCCESS));
        }
        boolean scheduled =
                account.scheduledPlan() != null && account.scheduledPlan().id().equals(plan.id());
        if (scheduled) {
            badges.add(new StatusBadge("From " + BillingText.day(account.cycleEnd()), StatusBadge.Tone.NEUTRAL));
        }
        if (cheapest) {
            badges.add(new StatusBadge("Cheapest for your usage", StatusBadge.Tone.CONTRAST));
        }
        Paragraph price = new Paragraph(BillingText.price(plan));
        price.addClassName("billing-plan-price");
        UnorderedList facts = new UnorderedList(
                new ListItem(BillingText.allowance(plan, signupCredits)),
                new ListItem(BillingText.rate(plan)),
                new ListItem(BillingText.perCredit(plan)));
        facts.addClassName("billing-plan-facts");
        Paragraph cost =
                new Paragraph((quote.current() ? "Your last 30 days cost " : "Your last 30 days would have cost ")
                        + BillingText.money(quote.last30DaysCost())
                        + (quote.current() ? "." : " on " + plan.name() + "."));
        cost.addClassName("billing-plan-cost");
        card.add(name, badges, price, facts, cost);
        if (manage && !quote.current()) {
            Button action = action(account, quote, scheduled);
            if (action != null) {
                card.add(action);
            }
        }
        return card;
    }

    private Button action(Account account, Quote quote, boolean scheduled) {
        Plan plan = quote.plan();
        if (plan.id().equals(Plan.ENTERPRISE)) {
            Button contact = new Button("Contact sales", e -> new ContactSalesDialog(profiles).open());
            contact.setAriaLabel("Contact sales about Enterprise");
            return contact;
        }
        if (quote.upgrade()) {
            Button upgrade = new Button("Upgrade to " + plan.name(), e -> confirmUpgrade(account, quote));
            upgrade.addThemeVariants(ButtonVariant.PRIMARY);
            return upgrade;
        }
        if (scheduled) {
            return null; // the plan card offers to cancel it
        }
        return new Button("Downgrade to " + plan.name(), e -> confirmDowngrade(account, quote));
    }

    /** The upgrade's confirmation, with the pro-rated fee and allowance charged and granted now. */
    BillingConfirm upgradeDialog(Account account, Quote quote) {
        Plan plan = quote.plan();
        List<String> sentences = new ArrayList<>();
        // the pro-rated fee is billed with the cycle (DD021), the pro-rated allowance granted at once
        sentences.add(plan.name() + " starts now. For the rest of this cycle, until "
                + BillingText.day(account.cycleEnd().minusDays(1)) + ", you pay "
                + BillingText.money(quote.proratedFee()) + " (on this cycle's invoice of "
                + BillingText.day(account.cycleEnd()) + ") and receive "
                + BillingText.creditsWord(quote.proratedAllowance()) + " now.");
        sentences.add("From " + BillingText.day(account.cycleEnd()) + ": " + BillingText.price(plan) + " with "
                + BillingText.allowance(plan, signupCredits) + ". " + BillingText.perCredit(plan) + ".");
        sentences.add("Your API keys get " + BillingText.rate(plan) + " at once.");
        if (account.scheduledPlan() != null) {
            sentences.add("The downgrade to " + account.scheduledPlan().name() + " scheduled for "
                    + BillingText.day(account.cycleEnd()) + " is dropped.");
        }
        return new BillingConfirm(
                "Upgrade to " + plan.name() + " now?",
                sentences,
                "Upgrade for " + BillingText.money(quote.proratedFee()),
                () -> change(plan, plan.name() + " is your plan now."));
    }

    /** The downgrade's confirmation: it is scheduled for the cycle's end and can be cancelled until then. */
    BillingConfirm downgradeDialog(Account account, Quote quote) {
        Plan plan = quote.plan();
        List<String> sentences = List.of(
                "You keep " + account.plan().name() + " and what is left of its allowance until "
                        + BillingText.day(quote.effective().minusDays(1)) + ".",
                "From " + BillingText.day(quote.effective()) + " you are on " + plan.name() + ": "
                        + BillingText.price(plan) + ", " + BillingText.rate(plan) + ".",
                "Nothing is charged for the change. You can cancel it until then.");
        return new BillingConfirm(
                "Downgrade to " + plan.name() + " at the end of the cycle?",
                sentences,
                "Schedule downgrade",
                () -> change(
                        plan,
                        "Downgrade to " + plan.name() + " scheduled for " + BillingText.day(quote.effective()) + "."));
    }

    private void confirmUpgrade(Account account, Quote quote) {
        upgradeDialog(account, quote).open();
    }

    private void confirmDowngrade(Account account, Quote quote) {
        downgradeDialog(account, quote).open();
    }

    private void change(Plan plan, String done) {
        try {
            subscriptions.changePlan(plan.id());
            Notifications.success(done);
        } catch (RuntimeException ex) {
            Notifications.error(BillingText.refused("The plan was not changed", ex));
        }
        changed.run();
    }
}
