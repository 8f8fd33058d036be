package dev.vlmconsole.billing.ui;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import dev.vlmconsole.billing.BillingModule;
import dev.vlmconsole.billing.BillingProperties;
import dev.vlmconsole.billing.plans.Subscriptions;
import dev.vlmconsole.billing.plans.Subscriptions.Account;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Dashboard card: the plan, the credits before overage, when the cycle resets and the upcoming invoice.
 * The dashboard is every member's home: a console whose billing services are missing (a part not
 * installed) still shows it, with this card saying so, rather than failing the whole page.
 */
@StyleSheet(BillingView.STYLESHEET)
public class BillingCard extends Div {

    public BillingCard(
            ObjectProvider<Subscriptions> subscriptions, BillingProperties settings, ObjectProvider<Clock> clock) {
        addClassName("billing-dashboard-card");
        Subscriptions service = subscriptions.getIfAvailable();
        if (service == null) {
            add(new Paragraph("Billing is not available on this console yet."));
            return;
        }
        Account account = service.account();
        Clock c = clock.getIfAvailable(Clock::systemUTC);
        add(new Paragraph(account.plan().name() + " · "
                + BillingText.creditsWord(account.balance().available()) + " before overage · resets "
                + BillingText.until(
                        account.cycleEnd().atStartOfDay(settings.timeZone()).toInstant(), c.instant())));
        add(new Paragraph("Upcoming invoice: " + BillingText.money(account.upcomingInvoice())
                + (account.scheduledPlan() == null
                        ? ""
                        : " · moves to " + account.scheduledPlan().name() + " on "
                                + BillingText.day(account.cycleEnd()))));
        if (account.blocked()) {
            Paragraph warning = new Paragraph("Calls are refused: a spending cap was reached.");
            warning.addClassName("billing-card-warning");
            add(warning);
        }
        add(new Anchor(BillingModule.PATH, "Open billing"));
    }
}
