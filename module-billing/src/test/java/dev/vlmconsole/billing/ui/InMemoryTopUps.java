package dev.vlmconsole.billing.ui;

import static dev.vlmconsole.billing.ui.TestPlans.usd;

import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.services.PaymentOutcome;
import dev.vlmconsole.billing.BillingModule;
import dev.vlmconsole.billing.invoices.Invoices;
import dev.vlmconsole.billing.invoices.TopUps;
import dev.vlmconsole.billing.ledger.Balance;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Test only: {@link TopUps} as the offline provider answers: each purchase issues an invoice due in
 * 30 days and grants the credits at once; a repeated idempotency key answers the first purchase.
 */
final class InMemoryTopUps implements TopUps {

    static final List<Pack> PACKS = List.of(
            new Pack("credits-10k", new BigDecimal("10000"), usd("100")),
            new Pack("credits-50k", new BigDecimal("50000"), usd("475")));

    private final ConsoleContext context;
    private final Clock clock;
    private final InMemoryInvoices invoices;
    private final InMemorySubscriptions subscriptions;
    final Map<String, Purchase> byKey = new HashMap<>();
    private int sequence;

    InMemoryTopUps(
            ConsoleContext context, Clock clock, InMemoryInvoices invoices, InMemorySubscriptions subscriptions) {
        this.context = context;
        this.clock = clock;
        this.invoices = invoices;
        this.subscriptions = subscriptions;
    }

    void reset() {
        byKey.clear();
    }

    @Override
    public List<Pack> packs() {
        context.require(BillingModule.READ);
        return PACKS;
    }

    @Override
    public Purchase buy(String packId, @Nullable String idempotencyKey) {
        context.require(BillingModule.MANAGE);
        if (idempotencyKey != null && byKey.containsKey(idempotencyKey)) {
            return byKey.get(idempotencyKey);
        }
        Pack pack = PACKS.stream()
                .filter(p -> p.id().equals(packId))
                .findFirst()
                .orElseThrow(() -> InvalidInputException.of("pack", "Choose one of the packs."));
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        String number = "INV-2026-" + String.format("%06d", ++sequence);
        Invoices.Invoice invoice = new Invoices.Invoice(
                UUID.randomUUID(),
                number,
                context.workspaceId(),
                Invoices.Kind.TOP_UP,
                today,
                today,
                clock.instant(),
                today.plusDays(30),
                List.of("Acme"),
                List.of(new Invoices.Line(
                        "Top-up: " + pack.credits() + " credits", BigDecimal.ONE, pack.price(), pack.price())),
                pack.price(),
                BigDecimal.ZERO,
                usd("0"),
                pack.price(),
                Invoices.Status.OPEN,
                null);
        invoices.issued.add(invoice);
        Balance b = subscriptions.balance;
        subscriptions.balance = new Balance(
                b.allowance(),
                b.grants(),
                b.topUps().add(pack.credits()),
                b.cycleStart(),
                b.cycleUsage(),
                b.cycleOverage());
        Purchase purchase =
                new Purchase(invoice, new PaymentOutcome.AwaitingOfflinePayment(number, today.plusDays(30)), true);
        if (idempotencyKey != null) {
            byKey.put(idempotencyKey, purchase);
        }
        return purchase;
    }
}
