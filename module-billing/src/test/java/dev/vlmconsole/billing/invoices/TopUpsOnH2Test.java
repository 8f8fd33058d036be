package dev.vlmconsole.billing.invoices;

/** {@link TopUpsTests} on H2. */
class TopUpsOnH2Test extends TopUpsTests {

    @Override
    InvoicesContexts.Billing billing() {
        return InvoicesContexts.h2();
    }
}
