package dev.vlmconsole.billing.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static dev.vlmconsole.billing.ui.TestPlans.usd;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.fakeservlet.FakeResponse;
import com.github.mvysny.kaributesting.v10.ContextMenuKt;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.textfield.TextField;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.ui.EmptyState;
import dev.vlmconsole.api.ui.RowActions;
import dev.vlmconsole.api.ui.StatusBadge;
import dev.vlmconsole.billing.ledger.Balance;
import dev.vlmconsole.billing.plans.Subscriptions.KeyBudget;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Billing page over in-memory doubles of the billing services: what each role sees and may do. */
class BillingViewTest extends BillingUiTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 16);

    @Test
    void a_viewer_sees_plan_balance_usage_and_invoices_without_change_controls() {
        openAs(Role.VIEWER);

        assertThat(view().manage).isFalse();
        assertThat(pageText())
                .contains("Pay-as-you-go", "Credits before overage", "Daily credits", "Plans", "Invoices")
                .contains("Owners and Billing members change them.");
        assertThat(_find(Button.class, s -> s.withText("Upgrade to Pro"))).isEmpty();
        assertThat(_find(Button.class, s -> s.withText("Contact sales"))).isEmpty();
        assertThat(_find(Button.class, s -> s.withText("Buy"))).isEmpty();
        assertThat(_find(Button.class, s -> s.withText("Save limit"))).isEmpty();
        assertThat(_find(Button.class, s -> s.withText("Save profile"))).isEmpty();
        assertThat(view().limit.amount.isReadOnly()).isTrue();
        assertThat(view().limit.thresholds.isReadOnly()).isTrue();
        assertThat(view().profile.companyName.isReadOnly()).isTrue();
        assertThat(view().budgets.grid.getColumnByKey("actions")).isNull();
        // everyone may export what they see
        assertThat(_find(Button.class, s -> s.withText("Download CSV"))).hasSize(1);
    }

    @Test
    void an_owner_gets_the_change_controls() {
        openAs(Role.OWNER);

        assertChangeControls();
    }

    @Test
    void a_billing_member_gets_the_change_controls() {
        openAs(Role.BILLING);

        assertChangeControls();
    }

    private static void assertChangeControls() {
        assertThat(view().manage).isTrue();
        assertThat(_get(Button.class, s -> s.withText("Upgrade to Pro")).isEnabled())
                .isTrue();
        assertThat(_find(Button.class, s -> s.withText("Contact sales"))).hasSize(1);
        assertThat(_find(Button.class, s -> s.withText("Buy"))).hasSize(InMemoryTopUps.PACKS.size());
        assertThat(_find(Button.class, s -> s.withText("Save limit"))).hasSize(1);
        assertThat(_find(Button.class, s -> s.withText("Save profile"))).hasSize(1);
        assertThat(view().limit.amount.isReadOnly()).isFalse();
        assertThat(view().profile.companyName.isReadOnly()).isFalse();
        assertThat(view().budgets.grid.getColumnByKey("actions")).isNotNull();
    }

    @Test
    void an_admin_who_is_no_billing_member_sees_billing_read_only() {
        openAs(Role.ADMIN);

        assertThat(view().manage).isFalse();
        assertThat(_find(Button.class, s -> s.withText("Upgrade to Pro"))).isEmpty();
    }

    @Test
    void the_plan_card_shows_price_cycle_and_time_until_reset() {
        BILLING.subscriptions.plan = TestPlans.PRO;
        openAs(Role.VIEWER);

        assertThat(pageText())
                .contains("Pro")
                .contains("$799.00 a month · 100 requests/minute")
                .contains("Cycle 1 Nov 2026 – 30 Nov 2026. Resets in 14 days, on 1 Dec 2026.");
    }

    @Test
    void the_balance_shows_allowance_grants_top_ups_overage_and_the_upcoming_invoice() {
        BILLING.subscriptions.plan = TestPlans.PRO;
        BILLING.subscriptions.balance = new Balance(
                new BigDecimal("12345.5"),
                new BigDecimal("100"),
                new BigDecimal("10000"),
                LocalDate.of(2026, 11, 1),
                new BigDecimal("87654.5"),
                BigDecimal.ZERO);
        BILLING.subscriptions.upcomingInvoice = usd("799");
        openAs(Role.VIEWER);

        assertThat(pageText())
                .contains("22,445.5") // available before overage
                .contains("12,345.5", "10,000", "87,654.5", "$799.00")
                .contains("as it stands today, billed 1 Dec 2026");
    }

    @Test
    void a_hard_cap_reached_is_said_plainly_with_late_usage_still_recorded() {
        BILLING.subscriptions.limit = usd("100");
        BILLING.subscriptions.hardLimit = true;
        BILLING.subscriptions.overageCharges = usd("100");
        BILLING.subscriptions.blocked = true;
        openAs(Role.VIEWER);

        assertThat(view().summary.capNote.getText())
                .contains("The hard spending limit of $100.00 was reached")
                .contains("insufficient credits")
                .contains("still recorded and billed: it happened.");
        assertThat(_find(StatusBadge.class, s -> s.withText("Calls refused"))).hasSize(1);
    }

    @Test
    void a_soft_limit_reached_says_calls_go_on() {
        BILLING.subscriptions.limit = usd("50");
        BILLING.subscriptions.overageCharges = usd("61.20");
        openAs(Role.VIEWER);

        assertThat(view().summary.capNote.getText())
                .contains("The soft spending limit of $50.00 was reached. Calls go on")
                .contains("still recorded");
        assertThat(_find(StatusBadge.class, s -> s.withText("Calls refused"))).isEmpty();
    }

    @Test
    void the_plans_show_what_the_last_30_days_would_have_cost_on_each() {
        openAs(Role.VIEWER);

        assertThat(pageText())
                .contains("Your last 30 days cost $1,240.00.")
                .contains("Your last 30 days would have cost $799.00 on Pro.")
                .contains("Your last 30 days would have cost $5,000.00 on Enterprise.")
                .contains("100,000 credits a month", "Then $0.008 per credit", "10 requests/minute")
                .contains("Billed monthly on usage: $0.01 per credit");
        assertThat(_find(StatusBadge.class, s -> s.withText("Cheapest for your usage")))
                .hasSize(1);
    }

    @Test
    void upgrading_confirms_the_pro_rated_fee_and_allowance_then_changes_the_plan_at_once() {
        openAs(Role.OWNER);

        _click(_get(Button.class, s -> s.withText("Upgrade to Pro")));

        BillingConfirm confirm = _get(BillingConfirm.class);
        // 15 of the cycle's 30 days are left on 16 November
        assertThat(String.join(" ", confirm.sentences()))
                .contains("Pro starts now")
                .contains("you pay $399.50 (on this cycle's invoice of 1 Dec 2026) and receive 50,000 credits now")
                .contains("until 30 Nov 2026")
                .contains("100 requests/minute at once");
        assertThat(confirm.confirm.getText()).isEqualTo("Upgrade for $399.50");
        assertThat(BILLING.subscriptions.planChanges).isEmpty();

        _click(confirm.confirm);

        assertThat(BILLING.subscriptions.planChanges).containsExactly("pro");
        NotificationsKt.expectNotifications("Pro is your plan now.");
        assertThat(pageText()).contains("$799.00 a month · 100 requests/minute");
        assertThat(_find(StatusBadge.class, s -> s.withText("Current plan"))).hasSize(1);
    }

    @Test
    void cancelling_the_upgrade_dialog_changes_nothing() {
        openAs(Role.OWNER);
        _click(_get(Button.class, s -> s.withText("Upgrade to Pro")));

        _click(_get(BillingConfirm.class).cancel);

        assertThat(BILLING.subscriptions.planChanges).isEmpty();
        assertThat(_find(BillingConfirm.class)).isEmpty();
    }

    @Test
    void a_downgrade_is_scheduled_for_the_cycle_end_and_can_be_cancelled() {
        BILLING.subscriptions.plan = TestPlans.PRO;
        openAs(Role.BILLING);

        _click(_get(Button.class, s -> s.withText("Downgrade to Pay-as-you-go")));
        BillingConfirm confirm = _get(BillingConfirm.class);
        assertThat(String.join(" ", confirm.sentences()))
                .contains("You keep Pro and what is left of its allowance until 30 Nov 2026.")
                .contains("From 1 Dec 2026 you are on Pay-as-you-go");
        _click(confirm.confirm);

        assertThat(BILLING.subscriptions.planChanges).containsExactly("payg");
        assertThat(pageText()).contains("Moves to Pay-as-you-go on 1 Dec 2026");
        assertThat(_find(Button.class, s -> s.withText("Downgrade to Pay-as-you-go")))
                .isEmpty();

        _click(view().summary.cancelDowngrade);

        assertThat(BILLING.subscriptions.scheduled).isNull();
        assertThat(pageText()).doesNotContain("Moves to Pay-as-you-go");
    }

    @Test
    void contact_sales_sends_the_message_and_refuses_an_empty_one() {
        openAs(Role.OWNER);
        _click(_get(Button.class, s -> s.withText("Contact sales")));
        ContactSalesDialog dialog = _get(ContactSalesDialog.class);

        _click(dialog.send);
        assertThat(dialog.message.isInvalid()).isTrue();
        assertThat(dialog.message.getErrorMessage()).isEqualTo("Write a few words for sales.");

        _setValue(dialog.message, "About 5M pages a month, in-VPC. jane@example.com");
        _click(dialog.send);

        assertThat(BILLING.profiles.salesMessages).containsExactly("About 5M pages a month, in-VPC. jane@example.com");
        assertThat(_find(ContactSalesDialog.class)).isEmpty();
    }

    @Test
    void the_limit_form_shows_each_refused_field_at_the_field() {
        openAs(Role.OWNER);
        LimitForm form = view().limit;

        _setValue(form.amount, "ten dollars");
        _setValue(form.thresholds, "50, eighty");
        _click(form.save);

        assertThat(form.amount.isInvalid()).isTrue();
        assertThat(form.amount.getErrorMessage()).isEqualTo("Enter a number such as 250 or 99.50.");
        assertThat(form.thresholds.isInvalid()).isTrue();
        assertThat(form.thresholds.getErrorMessage()).contains("whole percents");
        assertThat(BILLING.subscriptions.limitsSet).isEmpty();

        // what the service refuses is shown the same way
        _setValue(form.amount, "-5");
        _setValue(form.thresholds, "50, 2000");
        _click(form.save);

        assertThat(form.amount.getErrorMessage()).isEqualTo("Enter 0 or more, or leave it empty for no limit.");
        assertThat(form.thresholds.getErrorMessage()).isEqualTo("Give at most 10 thresholds, each from 1 to 1000 %.");
        assertThat(BILLING.subscriptions.limitsSet).isEmpty();

        _setValue(form.amount, "1,250");
        _setValue(form.thresholds, "50 90");
        _setValue(form.mode, LimitForm.HARD);
        _click(form.save);

        assertThat(form.amount.isInvalid()).isFalse();
        assertThat(form.thresholds.isInvalid()).isFalse();
        assertThat(BILLING.subscriptions.limitsSet).containsExactly("1250 hard [50, 90]");
        NotificationsKt.expectNotifications("Spending limit set to $1,250.00, hard.");
        assertThat(pageText()).contains("$1,250.00, hard");
    }

    @Test
    void an_empty_limit_removes_it() {
        BILLING.subscriptions.limit = usd("100");
        openAs(Role.OWNER);
        assertThat(view().limit.amount.getValue()).isEqualTo("100.00");

        _setValue(view().limit.amount, "");
        _click(view().limit.save);

        assertThat(BILLING.subscriptions.limit).isNull();
        NotificationsKt.expectNotifications("Spending limit removed.");
    }

    @Test
    void the_chart_has_one_bar_per_day_with_its_credits_on_hover() {
        UUID key = UUID.randomUUID();
        BILLING.usage.record(TODAY.minusDays(2), key, "ocr", 12, "1234.5");
        BILLING.usage.record(TODAY, key, "ocr", 3, "7");
        openAs(Role.VIEWER);

        String svg = chartSvg();
        assertThat(count(svg, "class=\"billing-chart-bar\"")).isEqualTo(30);
        assertThat(count(svg, "<title>")).isEqualTo(30);
        assertThat(svg)
                .contains("<title>14 Nov 2026: 1,234.5 credits, 12 requests</title>")
                .contains("<title>15 Nov 2026: 0 credits, 0 requests</title>")
                .contains(">18 Oct<") // the first day labelled on the axis
                .contains(">16 Nov<");
        assertThat(view().usage.totals.getText()).isEqualTo("1,241.5 credits and 15 requests in the last 30 days.");

        _setValue(view().usage.range, 90);

        assertThat(count(chartSvg(), "<title>")).isEqualTo(90);
    }

    @Test
    void the_chart_filters_by_key_and_by_project() {
        UUID ci = UUID.randomUUID();
        UUID laptop = UUID.randomUUID();
        BILLING.subscriptions.budgets.add(budget(ci, "ci-bot", null, "0", false));
        BILLING.subscriptions.budgets.add(budget(laptop, "laptop", null, "0", false));
        BILLING.usage.record(TODAY, ci, "ocr", 5, "50");
        BILLING.usage.record(TODAY, laptop, "chat", 1, "7");
        openAs(Role.VIEWER);
        UsagePanel usage = view().usage;

        _setValue(
                usage.key,
                usage.key
                        .getListDataView()
                        .getItems()
                        .filter(k -> k.label().startsWith("laptop"))
                        .findFirst()
                        .orElseThrow());
        assertThat(chartSvg()).contains("<title>16 Nov 2026: 7 credits, 1 request</title>");

        usage.key.clear();
        _setValue(usage.project, "ocr");
        assertThat(chartSvg()).contains("<title>16 Nov 2026: 50 credits, 5 requests</title>");
        assertThat(usage.shown().project()).isEqualTo("ocr");
    }

    @Test
    void the_csv_download_holds_the_shown_days() throws Exception {
        UUID key = UUID.randomUUID();
        BILLING.usage.record(TODAY.minusDays(2), key, "ocr", 12, "1234.5");
        openAs(Role.VIEWER);

        FakeResponse response = download(view().usage.csvDownload, view().usage);

        assertThat(response.getContentType()).startsWith("text/csv");
        assertThat(response.getHeader("Content-Disposition")).contains("usage-2026-10-18-to-2026-11-16.csv");
        List<String> lines = response.getBufferAsString().lines().toList();
        assertThat(lines).hasSize(31).first().isEqualTo("day,requests,credits");
        assertThat(lines).contains("2026-11-14,12,1234.5", "2026-11-16,0,0");
    }

    @Test
    void empty_states_say_what_is_missing() {
        openAs(Role.VIEWER);

        assertThat(_find(CreditChart.class)).isEmpty();
        assertThat(_find(EmptyState.class).stream().map(EmptyState::getHeading))
                .contains("No usage in these days", "No invoices yet", "No active API keys");
        assertThat(view().usage.totals.isVisible()).isFalse();
    }

    @Test
    void budgets_show_spent_and_exhausted_and_are_set_from_the_row() {
        UUID ci = UUID.randomUUID();
        UUID laptop = UUID.randomUUID();
        BILLING.subscriptions.budgets.add(budget(ci, "ci-bot", "5000", "5000", true));
        BILLING.subscriptions.budgets.add(budget(laptop, "laptop", null, "12.5", false));
        openAs(Role.OWNER);
        var grid = view().budgets.grid;

        assertThat(rows(grid).get(0)).contains("5,000 credits", "5,000");
        assertThat(rows(grid).get(1)).contains("No budget", "12.5");
        assertThat(GridKt._getCellComponent(grid, 0, "status"))
                .isInstanceOfSatisfying(
                        StatusBadge.class, b -> assertThat(b.getText()).isEqualTo("Exhausted"));
        assertThat(view().budgets.exhaustedNote.getText())
                .startsWith("ci-bot has spent its budget: it answers \"insufficient credits\"")
                .contains("still arrives for them is recorded");

        ContextMenuKt._clickItemWithCaption(
                ((RowActions) GridKt._getCellComponent(grid, 1, "actions")).getMenuBar(), "Set budget");
        Dialog dialog = _get(Dialog.class, s -> s.withClasses("billing-budget-dialog"));
        TextField credits = _get(dialog, TextField.class, s -> s.withLabel("Credits per cycle"));
        _setValue(credits, "-1");
        _click(_get(dialog, Button.class, s -> s.withText("Save budget")));
        assertThat(credits.isInvalid()).isTrue();
        assertThat(credits.getErrorMessage()).isEqualTo("Enter 0 or more.");

        _setValue(credits, "10");
        _click(_get(dialog, Button.class, s -> s.withText("Save budget")));

        assertThat(BILLING.subscriptions.budgets.get(1).monthlyCredits()).isEqualByComparingTo("10");
        assertThat(BILLING.subscriptions.budgets.get(1).exhausted()).isTrue();
        assertThat(rows(grid).get(1)).contains("10 credits");
        assertThat(view().budgets.exhaustedNote.getText()).startsWith("ci-bot, laptop have spent their budgets");

        ContextMenuKt._clickItemWithCaption(
                ((RowActions) GridKt._getCellComponent(grid, 0, "actions")).getMenuBar(), "Remove budget");
        assertThat(BILLING.subscriptions.budgets.get(0).monthlyCredits()).isNull();
        assertThat(rows(grid).get(0)).contains("No budget");
    }

    @Test
    void buying_a_pack_confirms_the_price_then_shows_the_invoice_due_by_bank_transfer() {
        openAs(Role.OWNER);

        _click(_find(Button.class, s -> s.withText("Buy")).getFirst());
        BillingConfirm confirm = _get(BillingConfirm.class);
        assertThat(confirm.getHeaderTitle()).isEqualTo("Buy 10,000 credits?");
        assertThat(String.join(" ", confirm.sentences())).contains("An invoice of $100.00 is issued");
        _click(confirm.confirm);

        Dialog result = _get(Dialog.class, s -> s.withClasses("billing-purchase"));
        assertThat(result.getHeaderTitle()).isEqualTo("Credits added");
        assertThat(pageText())
                .contains("Invoice INV-2026-000001: $100.00.")
                .contains("10,000 credits were added to your balance.")
                .contains("The invoice is due by bank transfer by 16 Dec 2026.");
        assertThat(rows(view().invoices.grid)).hasSize(1);
        assertThat(rows(view().invoices.grid).getFirst()).contains("$100.00", "2026-11-16");
        assertThat(GridKt._getCellComponent(view().invoices.grid, 0, "status"))
                .isInstanceOfSatisfying(
                        StatusBadge.class, b -> assertThat(b.getText()).isEqualTo("Due 16 Dec"));
    }

    @Test
    void an_invoice_downloads_as_pdf() throws Exception {
        openAs(Role.OWNER);
        _click(_find(Button.class, s -> s.withText("Buy")).getFirst());
        _click(_get(BillingConfirm.class).confirm);
        var invoice = BILLING.invoices.issued.getFirst();

        FakeResponse response = download(view().invoices.pdf(invoice), view().invoices);

        assertThat(response.getContentType()).isEqualTo("application/pdf");
        assertThat(response.getHeader("Content-Disposition")).contains(invoice.number() + ".pdf");
        assertThat(response.getBufferAsString()).isEqualTo("%PDF-test " + invoice.number());
    }

    @Test
    void the_profile_form_shows_refused_fields_and_saves() {
        openAs(Role.OWNER);
        ProfileForm form = view().profile;

        _setValue(form.companyName, "Acme GmbH");
        _setValue(form.address, "Hauptstr. 1\n10115 Berlin");
        _setValue(form.invoiceEmail, "not an address");
        _click(form.save);

        assertThat(form.invoiceEmail.isInvalid()).isTrue();
        assertThat(form.invoiceEmail.getErrorMessage())
                .isEqualTo("Enter an email address such as billing@example.com.");

        _setValue(form.invoiceEmail, "billing@acme.example");
        _click(form.save);

        assertThat(form.invoiceEmail.isInvalid()).isFalse();
        assertThat(BILLING.profiles.profile.companyName()).isEqualTo("Acme GmbH");
        assertThat(BILLING.profiles.profile.address()).isEqualTo("Hauptstr. 1\n10115 Berlin");
        assertThat(BILLING.profiles.profile.invoiceEmail()).isEqualTo("billing@acme.example");
    }

    @Test
    void a_refused_change_is_said_in_plain_words() {
        openAs(Role.OWNER);
        BILLING.subscriptions.plan = TestPlans.PRO; // changed meanwhile, e.g. in another tab

        _click(_get(Button.class, s -> s.withText("Upgrade to Pro")));
        _click(_get(BillingConfirm.class).confirm);

        NotificationsKt.expectNotifications(
                "The plan was not changed: Choose Pay-as-you-go or Pro, other than the plan now.");
    }

    private static KeyBudget budget(UUID id, String name, String budget, String spent, boolean exhausted) {
        return new KeyBudget(
                id,
                name,
                "vlm_live_" + name.substring(0, 3),
                budget == null ? null : new BigDecimal(budget),
                new BigDecimal(spent),
                exhausted);
    }

    private static String chartSvg() {
        return _get(CreditChart.class).getElement().getProperty("innerHTML");
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }
}
