package dev.vlmconsole.billing.ui;

import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.billing.BillingModule;
import dev.vlmconsole.billing.invoices.Invoices;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;

/** Test only: {@link Invoices} in memory; the "PDF" is a marker with the invoice's number. */
final class InMemoryInvoices implements Invoices {

    private final ConsoleContext context;
    final List<Invoice> issued = new ArrayList<>();

    InMemoryInvoices(ConsoleContext context) {
        this.context = context;
    }

    void reset() {
        issued.clear();
    }

    @Override
    public Invoice issue(Draft draft) {
        throw new UnsupportedOperationException("the page never issues invoices itself");
    }

    @Override
    public List<Invoice> list() {
        context.require(BillingModule.READ);
        return issued.stream()
                .filter(i -> i.workspaceId().equals(context.workspaceId()))
                .sorted(Comparator.comparing(Invoice::issuedAt).reversed())
                .toList();
    }

    @Override
    public Invoice get(UUID invoiceId) {
        return list().stream()
                .filter(i -> i.id().equals(invoiceId))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("invoice " + invoiceId));
    }

    @Override
    public byte[] pdf(UUID invoiceId) {
        return ("%PDF-test " + get(invoiceId).number()).getBytes(StandardCharsets.US_ASCII);
    }
}
