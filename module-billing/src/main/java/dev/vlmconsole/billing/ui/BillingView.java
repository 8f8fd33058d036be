package dev.vlmconsole.billing.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Section;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.ui.Notifications;
import dev.vlmconsole.billing.BillingModule;
import dev.vlmconsole.billing.BillingProperties;
import dev.vlmconsole.billing.invoices.BillingProfiles;
import dev.vlmconsole.billing.invoices.Invoices;
import dev.vlmconsole.billing.invoices.TopUps;
import dev.vlmconsole.billing.plans.Subscriptions;
import dev.vlmconsole.billing.plans.Subscriptions.Account;
import dev.vlmconsole.billing.plans.Subscriptions.KeyBudget;
import dev.vlmconsole.billing.usage.UsageReports;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The Billing page: plan and balance, the daily credit chart with its CSV, the plans side by side
 * with what the last 30 days would have cost on each, the spending limit and alerts, per-key budgets,
 * top-up packs, invoices and the billing profile. Everyone in the workspace sees it (all members share
 * billing); only holders of {@link BillingModule#MANAGE} (Owners, Billing members) get the change
 * controls, and the services refuse everyone else anyway. Days are days of the billing time zone.
 */
@PageTitle("Billing")
@PermitAll
@StyleSheet(BillingView.STYLESHEET)
public class BillingView extends VerticalLayout {

    /** This module's stylesheet, in its jar's {@code META-INF/resources}; classes start with "billing-" (DD013). */
    static final String STYLESHEET = "context://styles/billing.css";

    private final Subscriptions subscriptions;
    private final Clock clock;
    private final ZoneId zone;
    /** Whether the viewer may change billing, asked once per visit (the services ask again on every change). */
    final boolean manage;

    final PlanSummary summary;
    final UsagePanel usage;
    final PlansPanel plans;
    final LimitForm limit;
    final BudgetsGrid budgets;
    final InvoicesPanel invoices;
    final TopUpPanel topUps;
    final ProfileForm profile;

    public BillingView(
            ConsoleContext context,
            Subscriptions subscriptions,
            UsageReports usageReports,
            Invoices invoiceService,
            TopUps topUpService,
            BillingProfiles profiles,
            BillingProperties settings,
            ObjectProvider<Clock> clock) {
        this.subscriptions = subscriptions;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        this.zone = settings.timeZone();
        this.manage = context.can(BillingModule.MANAGE);
        setWidthFull();
        addClassName("billing-view");

        Paragraph intro = new Paragraph("Plan, credits, usage and invoices of "
                + context.requireWorkspace().name()
                + ". Everyone in the workspace sees them; "
                + (manage
                        ? "you and the other Owners and Billing members change them."
                        : "Owners and Billing members change them."));
        intro.addClassName("billing-intro");

        Account account = subscriptions.account();
        summary = new PlanSummary(manage, zone, this::cancelDowngrade);
        plans = new PlansPanel(subscriptions, profiles, manage, settings.signupCredits(), this::refreshAccount);
        limit = new LimitForm(subscriptions, manage, this::refreshAccount);
        budgets = new BudgetsGrid(subscriptions, manage);
        List<KeyBudget> keys = budgets.refresh();
        usage = new UsagePanel(
                usageReports,
                keys.stream()
                        .map(k -> new UsagePanel.KeyOption(k.keyId(), k.name() + " (" + k.prefix() + "…)"))
                        .toList(),
                this::today);
        invoices = new InvoicesPanel(invoiceService, zone, today());
        topUps = new TopUpPanel(topUpService, profiles, invoices, manage, this::refreshAccount);
        profile = new ProfileForm(profiles, manage);

        add(
                new H1("Billing"),
                intro,
                summary,
                section("usage", "Daily credits", null, usage),
                section(
                        "plans",
                        "Plans",
                        "Upgrades take effect at once, pro-rated for the rest of the cycle; downgrades at the cycle's end.",
                        plans),
                section("limit", "Spending limit and alerts", null, limit),
                section(
                        "budgets",
                        "Key budgets",
                        "A key with a monthly budget answers \"insufficient credits\" once it has spent it.",
                        budgets),
                section("top-ups", "Buy credits", null, topUps),
                section("invoices", "Invoices", null, invoices),
                section("profile", "Billing profile", "What invoices carry.", profile));
        show(account);
        limit.show(account);
    }

    private static Section section(String id, String title, @Nullable String text, Component content) {
        H2 heading = new H2(title);
        heading.setId("billing-" + id + "-title");
        Section s = new Section(heading);
        s.addClassName("billing-section");
        s.getElement().setAttribute("aria-labelledby", heading.getId().orElseThrow());
        if (text != null) {
            Paragraph p = new Paragraph(text);
            p.addClassName("billing-muted");
            s.add(p);
        }
        s.add(content);
        return s;
    }

    /** Today in the billing time zone. */
    LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    private void show(Account account) {
        summary.show(account, clock.instant());
        plans.show(account, subscriptions.quotes());
    }

    /** After a change: the plan, balance and plans again, as the services now answer. */
    void refreshAccount() {
        show(subscriptions.account());
    }

    private void cancelDowngrade() {
        try {
            Account account = subscriptions.cancelScheduledChange();
            Notifications.success(
                    "Downgrade cancelled. You stay on " + account.plan().name() + ".");
        } catch (RuntimeException ex) {
            Notifications.error(BillingText.refused("The downgrade was not cancelled", ex));
        }
        refreshAccount();
    }
}
