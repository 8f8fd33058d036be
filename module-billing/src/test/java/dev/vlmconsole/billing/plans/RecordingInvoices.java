package dev.vlmconsole.billing.plans;

import dev.vlmconsole.api.services.Money;
import dev.vlmconsole.billing.invoices.Invoices;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * A test double of {@link Invoices}, until the invoices part is merged: records every {@link #issue}
 * call (so that a test can count them) and, as the real one, answers the first invoice again for a
 * reference issued before. Tax is 0.
 */
public final class RecordingInvoices implements Invoices {

    private final List<Draft> calls = new ArrayList<>();
    private final Map<String, Invoice> byReference = new LinkedHashMap<>();

    @Override
    public synchronized Invoice issue(Draft draft) {
        calls.add(draft);
        return byReference.computeIfAbsent(draft.workspaceId() + "|" + draft.reference(), r -> {
            Currency currency = draft.lines().getFirst().amount().currency();
            Money subtotal = Money.zero(currency);
            for (Line line : draft.lines()) {
                subtotal = subtotal.plus(line.amount());
            }
            return new Invoice(
                    UUID.randomUUID(),
                    "INV-2026-%06d".formatted(byReference.size() + 1),
                    draft.workspaceId(),
                    draft.kind(),
                    draft.periodStart(),
                    draft.periodEnd(),
                    Instant.now(),
                    null,
                    List.of(),
                    draft.lines(),
                    subtotal,
                    BigDecimal.ZERO,
                    Money.zero(currency),
                    subtotal,
                    subtotal.isZero() ? Status.NOTHING_DUE : Status.OPEN,
                    null);
        });
    }

    /** Every draft issued, in order, repeats included. */
    public synchronized List<Draft> calls() {
        return List.copyOf(calls);
    }

    /** The drafts of one workspace. */
    public synchronized List<Draft> callsOf(UUID workspaceId) {
        return calls.stream().filter(d -> d.workspaceId().equals(workspaceId)).toList();
    }

    @Override
    public List<Invoice> list() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Invoice get(UUID invoiceId) {
        throw new NoSuchElementException();
    }

    @Override
    public byte[] pdf(UUID invoiceId) {
        throw new NoSuchElementException();
    }
}
