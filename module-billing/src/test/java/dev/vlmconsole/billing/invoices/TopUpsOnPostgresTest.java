package dev.vlmconsole.billing.invoices;

/** {@link TopUpsTests} on PostgreSQL. */
class TopUpsOnPostgresTest extends TopUpsTests {

    @Override
    InvoicesContexts.Billing billing() {
        return InvoicesContexts.postgres();
    }
}
