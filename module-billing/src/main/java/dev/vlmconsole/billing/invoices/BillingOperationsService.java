package dev.vlmconsole.billing.invoices;

import java.util.List;
import java.util.UUID;

/** {@link BillingOperations}, over the invoice and profile services (each checks the operator permission). */
public class BillingOperationsService implements BillingOperations {

    private final InvoiceService invoices;
    private final BillingProfileService profiles;

    public BillingOperationsService(InvoiceService invoices, BillingProfileService profiles) {
        this.invoices = invoices;
        this.profiles = profiles;
    }

    @Override
    public Invoices.Invoice markPaid(UUID invoiceId, String reason) {
        return invoices.markPaid(invoiceId, reason);
    }

    @Override
    public List<Invoices.Invoice> invoicesOf(UUID workspaceId) {
        return invoices.invoicesOf(workspaceId);
    }

    @Override
    public List<Invoices.Invoice> openInvoices() {
        return invoices.openInvoices();
    }

    @Override
    public List<SalesRequest> salesRequests() {
        return profiles.salesRequests();
    }

    @Override
    public SalesRequest markHandled(UUID requestId) {
        return profiles.markHandled(requestId);
    }
}
