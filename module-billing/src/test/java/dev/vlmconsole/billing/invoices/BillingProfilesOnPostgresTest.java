package dev.vlmconsole.billing.invoices;

/** {@link BillingProfilesTests} on PostgreSQL. */
class BillingProfilesOnPostgresTest extends BillingProfilesTests {

    @Override
    InvoicesContexts.Billing billing() {
        return InvoicesContexts.postgres();
    }
}
