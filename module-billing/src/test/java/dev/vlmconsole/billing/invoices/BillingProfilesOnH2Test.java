package dev.vlmconsole.billing.invoices;

/** {@link BillingProfilesTests} on H2. */
class BillingProfilesOnH2Test extends BillingProfilesTests {

    @Override
    InvoicesContexts.Billing billing() {
        return InvoicesContexts.h2();
    }
}
