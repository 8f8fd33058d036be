package dev.vlmconsole.billing.invoices;

import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.services.Money;
import dev.vlmconsole.billing.BillingModule;
import dev.vlmconsole.billing.BillingProperties;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.annotation.Transactional;

/**
 * The billing module's {@link TopUps}: the configured packs; buying one issues a {@code TOP_UP} invoice
 * of one line and starts its payment in one transaction ({@link InvoiceService#issue(Invoices.Draft,
 * InvoiceService.Buys)}), which grants the credits (a {@code TOP_UP} ledger entry that never expires,
 * referenced by the invoice number) when the provider's answer allows: at once for offline payment and
 * a charged card, when {@link dev.vlmconsole.api.events.PaymentSettled} arrives for a pending one.
 */
public class TopUpService implements TopUps {

    /** Idempotency keys as the machine API's {@code Idempotency-Key} header takes them. */
    static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,100}");

    private final InvoiceService invoices;
    private final ConsoleContext context;
    private final AuditLog audit;
    private final Clock clock;
    private final BillingProperties settings;

    public TopUpService(
            InvoiceService invoices, ConsoleContext context, AuditLog audit, Clock clock, BillingProperties settings) {
        this.invoices = invoices;
        this.context = context;
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    public List<Pack> packs() {
        context.require(BillingModule.READ);
        return settings.packs().stream()
                .map(p -> new Pack(p.id(), p.credits(), new Money(p.price(), settings.currency())))
                .sorted(Comparator.comparing(Pack::credits))
                .toList();
    }

    @Override
    @Transactional
    public Purchase buy(String packId, @Nullable String idempotencyKey) {
        context.require(BillingModule.MANAGE);
        UUID ws = context.workspaceId();
        BillingProperties.Pack pack = settings.packs().stream()
                .filter(p -> p.id().equals(packId))
                .findFirst()
                .orElseThrow(() -> InvalidInputException.of("pack", "There is no pack " + packId + "."));
        String key = idempotencyKey == null || idempotencyKey.isBlank()
                ? UUID.randomUUID().toString()
                : idempotencyKey.strip();
        if (!KEY.matcher(key).matches()) {
            throw InvalidInputException.of("idempotencyKey", "Use 1 to 100 visible ASCII characters.");
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), settings.timeZone());
        Invoices.Line line = InvoiceLines.line(
                "Top-up: " + InvoiceFormat.quantity(pack.credits()) + " credits, which never expire",
                BigDecimal.ONE,
                new Money(pack.price(), settings.currency()));
        Invoices.Draft draft =
                new Invoices.Draft(ws, Invoices.Kind.TOP_UP, today, today, List.of(line), "top-up:" + key);
        InvoiceService.Issued issued = invoices.issue(draft, new InvoiceService.Buys(pack.id(), pack.credits()));
        if (issued.first()) {
            audit.record(
                    InvoiceAudit.TOP_UP_BOUGHT,
                    InvoiceAudit.invoice(issued.invoice().id(), issued.invoice().number()),
                    pack.id() + ": " + InvoiceFormat.quantity(pack.credits()) + " credits for "
                            + InvoiceFormat.money(issued.invoice().total())
                            + (issued.granted() ? ", granted" : ", granted when the payment settles"));
        }
        return new Purchase(issued.invoice(), issued.outcome(), issued.granted());
    }
}
