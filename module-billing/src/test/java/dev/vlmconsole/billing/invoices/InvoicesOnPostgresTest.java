package dev.vlmconsole.billing.invoices;

/** {@link InvoicesTests} on PostgreSQL. */
class InvoicesOnPostgresTest extends InvoicesTests {

    @Override
    InvoicesContexts.Billing billing() {
        return InvoicesContexts.postgres();
    }
}
