package dev.vlmconsole.billing.invoices;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.events.PaymentSettled;
import dev.vlmconsole.api.services.ConsoleLinks;
import dev.vlmconsole.api.services.MemberDirectory;
import dev.vlmconsole.api.services.Money;
import dev.vlmconsole.api.services.PaymentOutcome;
import dev.vlmconsole.api.services.PaymentProvider;
import dev.vlmconsole.api.services.PaymentRequest;
import dev.vlmconsole.billing.BillingModule;
import dev.vlmconsole.billing.BillingProperties;
import dev.vlmconsole.billing.db.tables.records.BillingInvoiceLineRecord;
import dev.vlmconsole.billing.db.tables.records.BillingInvoiceRecord;
import dev.vlmconsole.billing.ledger.Ledger;
import dev.vlmconsole.billing.plans.Caps;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.annotation.Transactional;

/**
 * The billing module's {@link Invoices}: issues invoices numbered in the install-wide gapless
 * sequence, stores their lines as issued, starts their payment with the install's
 * {@link PaymentProvider} and acts on its {@link PaymentOutcome}, listens to {@link PaymentSettled},
 * and lets operators mark invoices paid.
 *
 * @see "DD023, docs/decisions/DD023-invoices-numbering-and-payment.md"
 */
public class InvoiceService implements Invoices {

    private static final Logger log = LoggerFactory.getLogger(InvoiceService.class);

    /** The page the person returns to after paying at a provider's page, and invoice emails link to. */
    public static final String BILLING_PATH = "billing";

    static final int MAX_LINES = 500;
    static final int MAX_LIST = 500;
    static final int MAX_REASON = 500;

    private final InvoiceRepository invoices;
    private final ProfileRepository profiles;
    private final ConsoleContext context;
    private final MemberDirectory directory;
    private final Supplier<PaymentProvider> payments;
    private final Supplier<Ledger> ledger;
    private final Supplier<@Nullable Caps> caps;
    private final Supplier<ConsoleLinks> links;
    private final AuditLog audit;
    private final InvoiceMail mail;
    private final InvoicePdf pdf;
    private final Clock clock;
    private final BillingProperties settings;

    /**
     * @param payments the install's payment provider, looked up on use (the console provides the
     *                 offline one when no module does)
     * @param ledger   looked up on use
     * @param caps     looked up on use; null when the caps part is absent
     * @param links    looked up on use (the console provides them)
     */
    public InvoiceService(
            InvoiceRepository invoices,
            ProfileRepository profiles,
            ConsoleContext context,
            MemberDirectory directory,
            Supplier<PaymentProvider> payments,
            Supplier<Ledger> ledger,
            Supplier<@Nullable Caps> caps,
            Supplier<ConsoleLinks> links,
            AuditLog audit,
            InvoiceMail mail,
            InvoicePdf pdf,
            Clock clock,
            BillingProperties settings) {
        this.invoices = invoices;
        this.profiles = profiles;
        this.context = context;
        this.directory = directory;
        this.payments = payments;
        this.ledger = ledger;
        this.caps = caps;
        this.links = links;
        this.audit = audit;
        this.mail = mail;
        this.pdf = pdf;
        this.clock = clock;
        this.settings = settings;
    }

    /** What a top-up invoice buys: granted once its payment allows. */
    record Buys(String packId, BigDecimal credits) {}

    /**
     * An issue's result.
     *
     * @param invoice the invoice
     * @param outcome what the provider answered (rebuilt from the invoice for a repeated issue); null when
     *                nothing was due
     * @param granted whether what it buys was granted
     * @param first   whether this call issued it (false: the reference was issued before)
     */
    record Issued(Invoice invoice, @Nullable PaymentOutcome outcome, boolean granted, boolean first) {}

    // ---------------------------------------------------------------- issuing

    @Override
    @Transactional
    public Invoice issue(Draft draft) {
        return issue(draft, null).invoice();
    }

    /** Issues {@code draft} (buying {@code buys}, if any) in the caller's transaction, or one of its own. */
    @Transactional
    public Issued issue(Draft draft, @Nullable Buys buys) {
        Currency currency = settings.currency();
        check(draft, currency);
        UUID ws = draft.workspaceId();
        // the account row first (opened on Pay-as-you-go if need be), the counter second: the order
        // every writer of both takes (DD023)
        ledger.get().balance(ws);
        BigDecimal taxRate = invoices.lockAccountTaxRate(ws);
        var existing = invoices.byReference(ws, draft.reference());
        if (existing.isPresent()) {
            BillingInvoiceRecord row = existing.get();
            if (buys != null && !buys.packId().equals(row.getTopUpPack())) {
                throw InvalidInputException.of("idempotencyKey", "This idempotency key was used for another purchase.");
            }
            return new Issued(load(row), outcomeOf(row), row.getCreditsGrantedAt() != null, false);
        }

        Money subtotal = Money.zero(currency);
        for (Line line : draft.lines()) {
            subtotal = subtotal.plus(line.amount());
        }
        Money tax = InvoiceLines.tax(subtotal, taxRate);
        Money total = subtotal.plus(tax);
        Instant now = clock.instant();
        int year = now.atZone(settings.timeZone()).getYear();
        String number = InvoiceNumbers.format(year, invoices.nextNumber(year));

        BillingInvoiceRecord row = new BillingInvoiceRecord();
        row.setId(UUID.randomUUID());
        row.setNumber(number);
        row.setWorkspaceId(ws);
        row.setKind(draft.kind().name());
        row.setReference(draft.reference());
        row.setPeriodStart(draft.periodStart());
        row.setPeriodEnd(draft.periodEnd());
        row.setIssuedAt(InvoiceRepository.at(now));
        row.setCurrency(currency.getCurrencyCode());
        row.setBilledTo(String.join("\n", billedTo(ws)));
        row.setSubtotal(subtotal.amount());
        row.setTaxRate(taxRate);
        row.setTax(tax.amount());
        row.setTotal(total.amount());
        row.setStatus((total.amount().signum() > 0 ? Status.OPEN : Status.NOTHING_DUE).name());
        if (buys != null) {
            row.setTopUpPack(buys.packId());
            row.setTopUpCredits(buys.credits());
        }
        List<BillingInvoiceLineRecord> lines = new ArrayList<>();
        int n = 0;
        for (Line line : draft.lines()) {
            BillingInvoiceLineRecord l = new BillingInvoiceLineRecord();
            l.setInvoiceId(row.getId());
            l.setLineNo(++n);
            l.setDescription(line.description().strip());
            l.setQuantity(line.quantity());
            l.setUnitPrice(line.unitPrice().amount());
            l.setAmount(line.amount().amount());
            lines.add(l);
        }
        invoices.insert(row, lines);
        Actor actor = actingActor();
        record(
                ws,
                actor,
                InvoiceAudit.ISSUED,
                row,
                draft.kind().name().toLowerCase().replace('_', '-') + ", total " + total);

        PaymentOutcome outcome = null;
        boolean granted = false;
        if (total.amount().signum() > 0) {
            PaymentProvider provider = payments.get();
            outcome = provider.start(new PaymentRequest(
                    ws,
                    number,
                    total,
                    paymentDescription(draft, number),
                    URI.create(links.get().to(BILLING_PATH))));
            granted = act(row.getId(), provider.id(), outcome, actor, now);
        } else if (buys != null) {
            granted = grant(row.getId(), actor, now);
        }
        BillingInvoiceRecord issued = invoices.byId(row.getId()).orElseThrow();
        Invoice invoice = load(issued);
        mail.issued(invoice, issued.getPaymentPage());
        return new Issued(invoice, outcome, granted, true);
    }

    /** Acts on the provider's answer, as {@link PaymentOutcome}'s javadoc says; whether it granted. */
    private boolean act(UUID invoiceId, String providerId, PaymentOutcome outcome, Actor actor, Instant now) {
        switch (outcome) {
            case PaymentOutcome.Paid paid -> {
                invoices.setPayment(invoiceId, providerId, paid.providerReference(), null, null);
                invoices.markPaid(invoiceId, now, providerId, null, null);
                return grant(invoiceId, actor, now);
            }
            case PaymentOutcome.AwaitingOfflinePayment offline -> {
                invoices.setPayment(invoiceId, providerId, offline.providerReference(), null, offline.dueDate());
                return grant(invoiceId, actor, now);
            }
            case PaymentOutcome.Pending pending -> {
                invoices.setPayment(
                        invoiceId,
                        providerId,
                        pending.providerReference(),
                        pending.paymentPage().toString(),
                        null);
                return false;
            }
            default -> {
                // a kind of a later contract version: pending without a page (PaymentOutcome's javadoc)
                invoices.setPayment(invoiceId, providerId, outcome.providerReference(), null, null);
                return false;
            }
        }
    }

    /**
     * Grants what the invoice buys (a top-up's credits, never expiring, referenced by the invoice
     * number), once; then lets the caps follow. Whether anything was granted now.
     */
    private boolean grant(UUID invoiceId, Actor actor, Instant now) {
        BillingInvoiceRecord row = invoices.byId(invoiceId).orElseThrow();
        if (row.getTopUpCredits() == null || !invoices.markGranted(invoiceId, now)) {
            return row.getCreditsGrantedAt() != null;
        }
        ledger.get()
                .grant(
                        row.getWorkspaceId(),
                        Ledger.Kind.TOP_UP,
                        row.getTopUpCredits(),
                        null,
                        row.getNumber(),
                        null,
                        actor.displayName());
        record(
                row.getWorkspaceId(),
                actor,
                InvoiceAudit.CREDITS_GRANTED,
                row,
                row.getTopUpCredits().stripTrailingZeros().toPlainString() + " credits");
        Caps c = caps.get();
        if (c != null) {
            c.afterChange(row.getWorkspaceId(), List.of());
        }
        return true;
    }

    private void check(Draft draft, Currency currency) {
        if (draft.kind() == null || draft.periodStart() == null || draft.periodEnd() == null) {
            throw new IllegalArgumentException("A draft names its kind and period");
        }
        if (draft.reference() == null
                || draft.reference().isBlank()
                || draft.reference().length() > 200) {
            throw new IllegalArgumentException("A draft's reference is 1 to 200 characters");
        }
        if (draft.periodEnd().isBefore(draft.periodStart())) {
            throw new IllegalArgumentException("A draft's period ends before it starts");
        }
        if (draft.lines().size() > MAX_LINES) {
            throw new IllegalArgumentException("At most " + MAX_LINES + " lines an invoice");
        }
        for (int i = 0; i < draft.lines().size(); i++) {
            Line line = draft.lines().get(i);
            String where = "Line " + (i + 1) + " of " + draft.reference() + ": ";
            if (line.description() == null
                    || line.description().isBlank()
                    || line.description().strip().length() > 300) {
                throw new IllegalArgumentException(where + "a description of 1 to 300 characters");
            }
            if (!line.unitPrice().currency().equals(currency)
                    || !line.amount().currency().equals(currency)) {
                throw new IllegalArgumentException(where + "amounts are in " + currency);
            }
            if (line.quantity().stripTrailingZeros().scale() > 6
                    || line.unitPrice().amount().stripTrailingZeros().scale() > 8) {
                throw new IllegalArgumentException(
                        where + "quantities carry at most 6 decimals, unit prices at most 8");
            }
            Money expected = InvoiceLines.charged(line.unitPrice().times(line.quantity()));
            if (!expected.equals(line.amount())) {
                throw new IllegalArgumentException(where + "the amount must be quantity × unit price rounded"
                        + " half-even to minor units (" + expected + "), not " + line.amount()
                        + "; InvoiceLines.line makes such lines");
            }
        }
    }

    /** The workspace's billing profile as it is now, as lines of the "Billed to" block. */
    private List<String> billedTo(UUID workspaceId) {
        List<String> lines = new ArrayList<>();
        var profile = profiles.profile(workspaceId);
        String name = profile.map(ProfileRepository.StoredProfile::companyName)
                .filter(s -> !s.isBlank())
                .orElseGet(() ->
                        directory.workspace(workspaceId).map(w -> w.name()).orElse("Workspace " + workspaceId));
        lines.add(name);
        profile.ifPresent(p -> {
            p.address().lines().map(String::strip).filter(s -> !s.isEmpty()).forEach(lines::add);
            if (!p.taxId().isBlank()) {
                lines.add("Tax ID: " + p.taxId());
            }
            if (!p.invoiceEmail().isBlank()) {
                lines.add(p.invoiceEmail());
            }
        });
        return lines;
    }

    private static String paymentDescription(Draft draft, String number) {
        String what = draft.lines().size() == 1
                ? draft.lines().getFirst().description().strip()
                : "Invoice " + number;
        return what.length() > 120 ? what.substring(0, 120) : what;
    }

    // ---------------------------------------------------------------- reading

    @Override
    @Transactional(readOnly = true)
    public List<Invoice> list() {
        context.require(BillingModule.READ);
        return loadAll(invoices.ofWorkspace(context.workspaceId(), MAX_LIST));
    }

    @Override
    @Transactional(readOnly = true)
    public Invoice get(UUID invoiceId) {
        context.require(BillingModule.READ);
        return load(ofCurrentWorkspace(invoiceId));
    }

    @Override
    @Transactional(readOnly = true)
    public byte[] pdf(UUID invoiceId) {
        context.require(BillingModule.READ);
        return pdf.render(load(ofCurrentWorkspace(invoiceId)));
    }

    /** What the provider answered, rebuilt from the invoice (for a repeated issue). */
    @Transactional(readOnly = true)
    public @Nullable PaymentOutcome outcomeOf(UUID invoiceId) {
        context.require(BillingModule.READ);
        return outcomeOf(ofCurrentWorkspace(invoiceId));
    }

    private BillingInvoiceRecord ofCurrentWorkspace(UUID invoiceId) {
        UUID ws = context.workspaceId();
        return invoices.byId(invoiceId)
                .filter(r -> r.getWorkspaceId().equals(ws))
                .orElseThrow(() -> new NoSuchElementException("No such invoice"));
    }

    private static @Nullable PaymentOutcome outcomeOf(BillingInvoiceRecord row) {
        String reference = row.getPaymentReference();
        if (reference == null) {
            return null;
        }
        if (row.getPaymentPage() != null) {
            return new PaymentOutcome.Pending(reference, URI.create(row.getPaymentPage()));
        }
        if (row.getDueDate() != null) {
            return new PaymentOutcome.AwaitingOfflinePayment(reference, row.getDueDate());
        }
        if (Status.PAID.name().equals(row.getStatus())) {
            return new PaymentOutcome.Paid(reference);
        }
        return null;
    }

    Invoice load(BillingInvoiceRecord row) {
        return loadAll(List.of(row)).getFirst();
    }

    private List<Invoice> loadAll(List<BillingInvoiceRecord> rows) {
        Map<UUID, List<BillingInvoiceLineRecord>> lines =
                invoices.lines(rows.stream().map(BillingInvoiceRecord::getId).toList());
        return rows.stream()
                .map(r -> toInvoice(r, lines.getOrDefault(r.getId(), List.of())))
                .toList();
    }

    private static Invoice toInvoice(BillingInvoiceRecord r, List<BillingInvoiceLineRecord> lines) {
        Currency currency = Currency.getInstance(r.getCurrency());
        return new Invoice(
                r.getId(),
                r.getNumber(),
                r.getWorkspaceId(),
                Kind.valueOf(r.getKind()),
                r.getPeriodStart(),
                r.getPeriodEnd(),
                r.getIssuedAt().toInstant(),
                r.getDueDate(),
                r.getBilledTo().lines().toList(),
                lines.stream()
                        .map(l -> new Line(
                                l.getDescription(),
                                l.getQuantity().stripTrailingZeros(),
                                new Money(l.getUnitPrice(), currency),
                                new Money(l.getAmount(), currency)))
                        .toList(),
                new Money(r.getSubtotal(), currency),
                r.getTaxRate().stripTrailingZeros(),
                new Money(r.getTax(), currency),
                new Money(r.getTotal(), currency),
                Status.valueOf(r.getStatus()),
                r.getPaidAt() == null ? null : r.getPaidAt().toInstant());
    }

    // ---------------------------------------------------------------- payment

    /**
     * A pending payment settled: marks the invoice paid and grants what it buys, or records the
     * failure. Runs in the publisher's transaction; a repeated event changes nothing. An event for a
     * reference that is not one of this module's invoices, or from another provider than the one that
     * started the payment, is ignored (logged).
     */
    @EventListener
    @Transactional
    public void onPaymentSettled(PaymentSettled event) {
        var found = invoices.byNumberForUpdate(event.reference());
        if (found.isEmpty()) {
            log.debug("PaymentSettled for {}: not an invoice of the billing module", event.reference());
            return;
        }
        BillingInvoiceRecord row = found.get();
        if (row.getPaymentProvider() != null && !row.getPaymentProvider().equals(event.providerId())) {
            log.warn(
                    "PaymentSettled for {} from provider {}, but {} started its payment: ignored",
                    row.getNumber(),
                    event.providerId(),
                    row.getPaymentProvider());
            return;
        }
        if (!Status.OPEN.name().equals(row.getStatus())) {
            return; // paid already (or nothing was due): a repeated or late event
        }
        if (event.succeeded()) {
            invoices.markPaid(row.getId(), event.at(), event.providerId(), null, event.providerReference());
            record(row.getWorkspaceId(), Actor.SYSTEM, InvoiceAudit.PAID, row, "paid through " + event.providerId());
            grant(row.getId(), Actor.SYSTEM, clock.instant());
        } else if (row.getPaymentFailedAt() == null) {
            invoices.markPaymentFailed(row.getId(), event.at());
            record(
                    row.getWorkspaceId(),
                    Actor.SYSTEM,
                    InvoiceAudit.PAYMENT_FAILED,
                    row,
                    "the payment through " + event.providerId() + " failed (" + event.providerReference() + ")");
        }
    }

    /** {@link BillingOperations#markPaid}. */
    @Transactional
    public Invoice markPaid(UUID invoiceId, String reason) {
        context.require(Permissions.OPERATOR);
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty()) {
            throw InvalidInputException.of("reason", "Say what was received, such as the transfer's reference.");
        }
        if (why.length() > MAX_REASON) {
            throw InvalidInputException.of("reason", "At most " + MAX_REASON + " characters.");
        }
        BillingInvoiceRecord row =
                invoices.byIdForUpdate(invoiceId).orElseThrow(() -> new NoSuchElementException("No such invoice"));
        if (Status.PAID.name().equals(row.getStatus())) {
            return load(row);
        }
        if (Status.NOTHING_DUE.name().equals(row.getStatus())) {
            throw InvalidInputException.of("invoice", "Nothing is due on " + row.getNumber() + ".");
        }
        Actor actor = context.actor().asOperator();
        Instant now = clock.instant();
        invoices.markPaid(row.getId(), now, actor.displayName(), why, null);
        record(row.getWorkspaceId(), actor, InvoiceAudit.MARKED_PAID, row, why);
        grant(row.getId(), actor, now);
        return load(invoices.byId(invoiceId).orElseThrow());
    }

    /** {@link BillingOperations#invoicesOf}. */
    @Transactional(readOnly = true)
    public List<Invoice> invoicesOf(UUID workspaceId) {
        context.require(Permissions.OPERATOR);
        return loadAll(invoices.ofWorkspace(workspaceId, MAX_LIST));
    }

    /** {@link BillingOperations#openInvoices}. */
    @Transactional(readOnly = true)
    public List<Invoice> openInvoices() {
        context.require(Permissions.OPERATOR);
        return loadAll(invoices.withStatus(Status.OPEN.name(), MAX_LIST));
    }

    // ---------------------------------------------------------------- helpers

    private Actor actingActor() {
        try {
            return context.actor();
        } catch (PermissionDeniedException nobody) {
            return Actor.SYSTEM; // the cycle close, a scheduler: nobody signed in
        }
    }

    private void record(UUID workspaceId, Actor actor, String action, BillingInvoiceRecord row, String details) {
        String source = actor == Actor.SYSTEM ? "" : context.sourceAddress().orElse("");
        audit.record(new AuditEntry(
                workspaceId, actor, action, InvoiceAudit.invoice(row.getId(), row.getNumber()), details, source));
    }

    /** Today in the billing time zone. */
    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), settings.timeZone());
    }
}
