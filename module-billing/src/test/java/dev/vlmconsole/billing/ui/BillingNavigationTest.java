package dev.vlmconsole.billing.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.html.Paragraph;
import dev.vlmconsole.api.DashboardCard;
import dev.vlmconsole.api.NavigationEntry;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.billing.BillingModule;
import dev.vlmconsole.billing.BillingProperties;
import dev.vlmconsole.billing.ledger.Balance;
import dev.vlmconsole.billing.plans.Subscriptions;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

/** The descriptor's Billing page and dashboard card, and what the card says. */
class BillingNavigationTest extends BillingUiTest {

    @Test
    void every_member_gets_the_billing_page_and_card() {
        NavigationEntry entry = new BillingModule().navigation().getFirst();
        assertThat(entry.path()).isEqualTo("billing");
        assertThat(entry.title()).isEqualTo("Billing");
        assertThat(entry.view()).isEqualTo(BillingView.class);
        assertThat(entry.requiredPermission()).isEqualTo(BillingModule.READ);
        DashboardCard card = new BillingModule().dashboardCards().getFirst();
        assertThat(card.requiredPermission()).isEqualTo(BillingModule.READ);
    }

    @Test
    void the_card_shows_plan_credits_reset_and_upcoming_invoice() {
        BILLING.subscriptions.plan = TestPlans.PRO;
        BILLING.subscriptions.upcomingInvoice = TestPlans.usd("812.40");
        BILLING.subscriptions.balance = new Balance(
                new BigDecimal("50000"),
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                BILLING.subscriptions.cycleStart,
                BigDecimal.ZERO,
                BigDecimal.ZERO);
        openAs(Role.VIEWER);

        var content = new BillingModule().dashboardCards().getFirst().content().apply(BILLING.context);

        String text = content.getChildren()
                .filter(Paragraph.class::isInstance)
                .map(c -> ((Paragraph) c).getText())
                .collect(Collectors.joining(" "));
        assertThat(text)
                .contains("Pro · 50,000 credits before overage · resets in 14 days")
                .contains("Upcoming invoice: $812.40");
    }

    @Test
    void without_the_billing_services_the_card_says_so_instead_of_failing_the_dashboard() {
        DefaultListableBeanFactory none = new DefaultListableBeanFactory();

        BillingCard card = new BillingCard(
                none.getBeanProvider(Subscriptions.class),
                BILLING.spring.bean(BillingProperties.class),
                none.getBeanProvider(Clock.class));

        assertThat(card.getChildren().map(c -> c.getElement().getText()))
                .containsExactly("Billing is not available on this console yet.");
    }
}
