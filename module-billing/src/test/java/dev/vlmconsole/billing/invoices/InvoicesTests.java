package dev.vlmconsole.billing.invoices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.events.PaymentSettled;
import dev.vlmconsole.api.services.MailMessage;
import dev.vlmconsole.api.services.Money;
import dev.vlmconsole.api.services.PaymentOutcome;
import dev.vlmconsole.api.services.PaymentRequest;
import dev.vlmconsole.billing.invoices.Invoices.Draft;
import dev.vlmconsole.billing.invoices.Invoices.Invoice;
import dev.vlmconsole.billing.invoices.Invoices.Kind;
import dev.vlmconsole.billing.invoices.Invoices.Line;
import dev.vlmconsole.billing.invoices.Invoices.Status;
import dev.vlmconsole.billing.ledger.Ledger;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.stream.LongStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Invoices on a real database with the real ledger: numbering, idempotent issue, tax and rounding,
 * payment outcomes, PaymentSettled, operators marking paid, tenant isolation, permissions, the email.
 * Runs on H2 ({@link InvoicesOnH2Test}) and PostgreSQL ({@link InvoicesOnPostgresTest}).
 */
abstract class InvoicesTests {

    static final Currency USD = Currency.getInstance("USD");

    InvoicesContexts.Billing billing;
    InvoiceService invoices;
    BillingProfiles profiles;
    BillingOperations operations;
    TestWorkspace workspace;
    TestPerson owner;
    TestPerson operator;

    abstract InvoicesContexts.Billing billing();

    @BeforeEach
    void wire() {
        billing = billing();
        invoices = billing.bean(InvoiceService.class);
        profiles = billing.bean(BillingProfiles.class);
        operations = billing.bean(BillingOperations.class);
        workspace = billing.members().newWorkspace("Acme Research");
        owner = billing.members().newMember(workspace, Role.OWNER);
        operator = billing.members().newOperator();
        billing.payments().clear();
        billing.mail().clear();
        billing.mail().setConfigured(true);
        billing.context().signIn(owner, workspace);
    }

    static Money usd(String amount) {
        return new Money(new BigDecimal(amount), USD);
    }

    Draft draft(String reference, Line... lines) {
        return new Draft(
                workspace.id(),
                Kind.CYCLE,
                LocalDate.of(2026, 11, 1),
                LocalDate.of(2026, 11, 30),
                List.of(lines),
                reference);
    }

    LocalDate today() {
        return LocalDate.ofInstant(billing.clock().instant(), ZoneOffset.UTC);
    }

    Draft proDraft(String reference) {
        return draft(
                reference,
                InvoiceLines.line("Pro, 1–30 November 2026", BigDecimal.ONE, usd("799")),
                InvoiceLines.line("Overage: 1,234.5 credits", new BigDecimal("1234.5"), usd("0.008")));
    }

    void setTaxRate(TestWorkspace ws, String percent) {
        billing.context().signIn(operator);
        profiles.setTaxRate(ws.id(), new BigDecimal(percent), "VAT registration");
        billing.context().signIn(owner, workspace);
    }

    // ---------------------------------------------------------------- issuing

    @Test
    void an_issued_invoice_is_numbered_stores_its_lines_and_totals_and_starts_its_payment() {
        Invoice invoice = invoices.issue(proDraft("cycle:" + UUID.randomUUID()));

        assertThat(invoice.number()).matches("INV-2026-\\d{6}");
        assertThat(invoice.lines())
                .extracting(Line::description)
                .containsExactly("Pro, 1–30 November 2026", "Overage: 1,234.5 credits");
        assertThat(invoice.lines().get(1).amount()).isEqualTo(usd("9.88")); // 9.876 half-even
        assertThat(invoice.subtotal()).isEqualTo(usd("808.88"));
        assertThat(invoice.tax()).isEqualTo(usd("0"));
        assertThat(invoice.total()).isEqualTo(usd("808.88"));
        assertThat(invoice.status()).isEqualTo(Status.OPEN);
        assertThat(invoice.dueDate()).isEqualTo(today().plusDays(30));
        assertThat(invoice.billedTo()).containsExactly("Acme Research");

        PaymentRequest request = billing.payments().requests().getLast();
        assertThat(request.reference()).isEqualTo(invoice.number());
        assertThat(request.amount()).isEqualTo(usd("808.88"));
        assertThat(request.workspaceId()).isEqualTo(workspace.id());
        assertThat(request.returnUrl()).hasToString(InvoicesContexts.PUBLIC_URL + "/billing");
        assertThat(billing.audit().entriesOf(workspace.id())).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo(InvoiceAudit.ISSUED);
            assertThat(e.subject().label()).isEqualTo(invoice.number());
        });
        assertThat(invoices.get(invoice.id())).isEqualTo(invoice);
    }

    @Test
    void numbers_follow_each_other_without_a_gap_and_a_rolled_back_issue_gives_its_number_back() {
        long first = InvoiceNumbers.sequenceOf(
                invoices.issue(proDraft("a:" + UUID.randomUUID())).number());
        billing.spring().database().tx().executeWithoutResult(tx -> {
            invoices.issue(proDraft("b:" + UUID.randomUUID()));
            tx.setRollbackOnly();
        });
        long second = InvoiceNumbers.sequenceOf(
                invoices.issue(proDraft("c:" + UUID.randomUUID())).number());
        billing.payments().mode(TestPayments.Mode.FAILING);
        assertThatThrownBy(() -> invoices.issue(proDraft("d:" + UUID.randomUUID())))
                .hasMessageContaining("payment service is down");
        billing.payments().mode(TestPayments.Mode.OFFLINE);
        long third = InvoiceNumbers.sequenceOf(
                invoices.issue(proDraft("e:" + UUID.randomUUID())).number());

        assertThat(second).isEqualTo(first + 1);
        assertThat(third).isEqualTo(second + 1);
        List<String> all = billing.bean(InvoiceRepository.class).numbersOf(2026);
        assertThat(all.stream().map(InvoiceNumbers::sequenceOf))
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, all.size()).boxed().toList());
    }

    @Test
    void issuing_twice_with_one_reference_answers_the_first_invoice_and_pays_once() {
        String reference = "cycle:" + UUID.randomUUID();
        Invoice first = invoices.issue(proDraft(reference));
        Invoice again = invoices.issue(proDraft(reference));

        assertThat(again).isEqualTo(first);
        assertThat(billing.payments().requests()).hasSize(1);
        assertThat(invoices.list()).extracting(Invoice::id).containsExactly(first.id());
    }

    @Test
    void tax_is_its_own_line_rounded_half_even_from_the_workspace_rate_at_issue() {
        setTaxRate(workspace, "19");
        // 0.50 × 19 % = 0.095 → 0.10 (half-even keeps an even last digit: 0.095 → 0.10)
        Invoice small =
                invoices.issue(draft("t1:" + UUID.randomUUID(), InvoiceLines.line("x", BigDecimal.ONE, usd("0.50"))));
        assertThat(small.tax()).isEqualTo(usd("0.10"));
        // 0.25 × 10 % = 0.025 → 0.02 (half-even), not 0.03
        setTaxRate(workspace, "10");
        Invoice even =
                invoices.issue(draft("t2:" + UUID.randomUUID(), InvoiceLines.line("x", BigDecimal.ONE, usd("0.25"))));
        assertThat(even.tax()).isEqualTo(usd("0.02"));
        assertThat(even.taxRate()).isEqualByComparingTo("10");
        assertThat(even.total()).isEqualTo(usd("0.27"));

        setTaxRate(workspace, "0");
        assertThat(invoices.get(small.id()).tax()).isEqualTo(usd("0.10")); // never recomputed
        assertThat(invoices.get(small.id()).taxRate()).isEqualByComparingTo("19");
    }

    @Test
    void a_line_whose_amount_is_not_its_rounded_product_is_refused() {
        Line wrong = new Line("Overage", new BigDecimal("3"), usd("0.335"), usd("1.01")); // 1.005 → 1.00
        assertThatThrownBy(() -> invoices.issue(draft("w:" + UUID.randomUUID(), wrong)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.00 USD");
        Line euros = new Line("x", BigDecimal.ONE, Money.of("1", "EUR"), Money.of("1", "EUR"));
        assertThatThrownBy(() -> invoices.issue(draft("e:" + UUID.randomUUID(), euros)))
                .hasMessageContaining("USD");
    }

    @Test
    void an_invoice_of_nothing_is_issued_without_a_payment() {
        Invoice none = invoices.issue(draft("zero:" + UUID.randomUUID()));
        assertThat(none.status()).isEqualTo(Status.NOTHING_DUE);
        assertThat(none.total()).isEqualTo(usd("0"));
        assertThat(billing.payments().requests()).isEmpty();
        assertThat(billing.mail().sent()).isEmpty();
    }

    @Test
    void the_billed_to_block_is_the_profile_at_issue() {
        profiles.save("Acme Research Ltd", "1 Main St\nSpringfield", "GB 123 456 789", "ap@acme.test");
        Invoice invoice = invoices.issue(proDraft("p:" + UUID.randomUUID()));
        profiles.save("Renamed Ltd", "", "", "");

        assertThat(invoices.get(invoice.id()).billedTo())
                .containsExactly(
                        "Acme Research Ltd", "1 Main St", "Springfield", "Tax ID: GB 123 456 789", "ap@acme.test");
    }

    // ---------------------------------------------------------------- payment outcomes

    @Test
    void a_charged_payment_marks_the_invoice_paid_at_once() {
        billing.payments().mode(TestPayments.Mode.PAID);
        Invoice invoice = invoices.issue(proDraft("c:" + UUID.randomUUID()));
        assertThat(invoice.status()).isEqualTo(Status.PAID);
        assertThat(invoice.paidAt()).isEqualTo(invoice.issuedAt());
        assertThat(invoice.dueDate()).isNull();
    }

    @Test
    void a_pending_payment_settles_once_and_a_failure_is_recorded_not_paid() {
        billing.payments().mode(TestPayments.Mode.PENDING);
        Invoice invoice = invoices.issue(proDraft("s:" + UUID.randomUUID()));
        assertThat(invoice.status()).isEqualTo(Status.OPEN);
        assertThat(invoices.outcomeOf(invoice.id()))
                .isEqualTo(new PaymentOutcome.Pending(
                        "pi_" + invoice.number(), URI.create("https://pay.example.test/" + invoice.number())));

        billing.spring()
                .publish(new PaymentSettled(
                        "test-pay",
                        invoice.number(),
                        "pi_x",
                        false,
                        billing.clock().instant()));
        assertThat(invoices.get(invoice.id()).status()).isEqualTo(Status.OPEN);
        assertThat(billing.audit().actions()).contains(InvoiceAudit.PAYMENT_FAILED);

        billing.spring()
                .publish(new PaymentSettled(
                        "other", invoice.number(), "pi_x", true, billing.clock().instant()));
        assertThat(invoices.get(invoice.id()).status()).isEqualTo(Status.OPEN); // not the provider that started it

        billing.spring()
                .publish(new PaymentSettled(
                        "test-pay",
                        invoice.number(),
                        "pi_x",
                        true,
                        billing.clock().instant()));
        billing.spring()
                .publish(new PaymentSettled(
                        "test-pay",
                        invoice.number(),
                        "pi_x",
                        true,
                        billing.clock().instant()));
        Invoice paid = invoices.get(invoice.id());
        assertThat(paid.status()).isEqualTo(Status.PAID);
        assertThat(billing.audit().entriesOf(workspace.id()).stream()
                        .filter(e -> e.action().equals(InvoiceAudit.PAID)))
                .hasSize(1);
    }

    // ---------------------------------------------------------------- operators

    @Test
    void operators_mark_an_offline_invoice_paid_with_a_reason_audited_in_its_workspace() {
        Invoice invoice = invoices.issue(proDraft("m:" + UUID.randomUUID()));

        assertThatThrownBy(() -> operations.markPaid(invoice.id(), "transfer"))
                .isInstanceOf(PermissionDeniedException.class); // the Owner is no operator
        billing.context().signIn(operator);
        assertThatThrownBy(() -> operations.markPaid(invoice.id(), "  "))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("reason"));
        assertThatThrownBy(() -> operations.markPaid(UUID.randomUUID(), "x"))
                .isInstanceOf(NoSuchElementException.class);
        assertThat(operations.openInvoices()).extracting(Invoice::id).contains(invoice.id());

        billing.clock().advance(Duration.ofDays(3));
        Invoice paid = operations.markPaid(invoice.id(), "Bank transfer, ref 8812");
        Invoice again = operations.markPaid(invoice.id(), "twice");

        assertThat(paid.status()).isEqualTo(Status.PAID);
        assertThat(paid.paidAt()).isEqualTo(billing.clock().instant());
        assertThat(again).isEqualTo(paid);
        assertThat(operations.openInvoices()).extracting(Invoice::id).doesNotContain(invoice.id());
        assertThat(billing.audit().entriesOf(workspace.id()).stream()
                        .filter(e -> e.action().equals(InvoiceAudit.MARKED_PAID)))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.actor().id()).isEqualTo(operator.id());
                    assertThat(e.details()).isEqualTo("Bank transfer, ref 8812");
                });
    }

    // ---------------------------------------------------------------- reading

    @Test
    void another_workspaces_invoice_is_not_found_and_not_listed() {
        TestWorkspace other = billing.members().newWorkspace();
        TestPerson stranger = billing.members().newMember(other, Role.OWNER);
        Invoice mine = invoices.issue(proDraft("i:" + UUID.randomUUID()));

        billing.context().signIn(stranger, other);
        assertThatThrownBy(() -> invoices.get(mine.id())).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> invoices.pdf(mine.id())).isInstanceOf(NoSuchElementException.class);
        assertThat(invoices.list()).isEmpty();

        billing.context().signIn(owner, workspace);
        assertThat(invoices.list()).extracting(Invoice::id).containsExactly(mine.id());
    }

    @Test
    void every_member_reads_invoices_and_nobody_signed_out_does() {
        Invoice mine = invoices.issue(proDraft("r:" + UUID.randomUUID()));
        TestPerson viewer = billing.members().newMember(workspace, Role.VIEWER);
        billing.context().signIn(viewer, workspace);
        assertThat(invoices.get(mine.id()).number()).isEqualTo(mine.number());
        assertThat(invoices.pdf(mine.id())).startsWith("%PDF".getBytes());

        billing.context().signOut();
        assertThatThrownBy(invoices::list).isInstanceOf(PermissionDeniedException.class);
        billing.context().signIn(operator); // an operator in no workspace reads no workspace's invoices
        assertThatThrownBy(() -> invoices.get(mine.id())).isInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void the_pdf_of_an_issued_invoice_reads_back_its_number_and_totals() throws Exception {
        setTaxRate(workspace, "20");
        Invoice invoice = invoices.issue(proDraft("pdf:" + UUID.randomUUID()));
        String text;
        try (PDDocument doc = Loader.loadPDF(invoices.pdf(invoice.id()))) {
            text = new PDFTextStripper().getText(doc);
        }
        // 808.88 + 20 % (161.776 → 161.78) = 970.66
        assertThat(invoice.total()).isEqualTo(usd("970.66"));
        assertThat(text)
                .contains(invoice.number(), "Example AI GmbH", "Acme Research")
                .contains("Subtotal", "808.88 USD", "Tax (20 %)", "161.78 USD", "970.66 USD")
                .contains("Due " + InvoiceFormat.day(today().plusDays(30)));
    }

    // ---------------------------------------------------------------- email

    @Test
    void an_issued_invoice_is_mailed_to_the_invoice_email_or_else_to_owners_and_billing_members() {
        TestPerson billingMember = billing.members().newMember(workspace, Role.BILLING);
        billing.members().newMember(workspace, Role.ADMIN);
        Invoice first = invoices.issue(proDraft("mail1:" + UUID.randomUUID()));
        assertThat(billing.mail().sent())
                .extracting(MailMessage::to)
                .containsExactlyInAnyOrder(owner.email(), billingMember.email());
        MailMessage mail = billing.mail().sent().getFirst();
        assertThat(mail.kind()).isEqualTo(InvoiceMail.KIND);
        assertThat(mail.subject()).contains(first.number(), "808.88 USD", "Example AI GmbH");
        assertThat(mail.text())
                .contains(InvoicesContexts.PUBLIC_URL + "/billing", InvoiceFormat.day(today().plusDays(30)));

        billing.mail().clear();
        profiles.save("Acme", "", "", "ap@acme.test");
        invoices.issue(proDraft("mail2:" + UUID.randomUUID()));
        assertThat(billing.mail().sent()).extracting(MailMessage::to).containsExactly("ap@acme.test");

        billing.mail().clear();
        billing.mail().setConfigured(false);
        invoices.issue(proDraft("mail3:" + UUID.randomUUID())); // no mail server: issued all the same
        assertThat(billing.mail().queued()).isEmpty();
    }

    @Test
    void the_ledger_sees_a_top_up_invoice_only_through_top_ups() {
        Invoice cycle = invoices.issue(proDraft("l:" + UUID.randomUUID()));
        assertThat(billing.bean(Ledger.class).byReference(workspace.id(), Ledger.Kind.TOP_UP, cycle.number()))
                .isEmpty();
    }
}
