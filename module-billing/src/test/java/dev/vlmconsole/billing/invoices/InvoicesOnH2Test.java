package dev.vlmconsole.billing.invoices;

/** {@link InvoicesTests} on H2. */
class InvoicesOnH2Test extends InvoicesTests {

    @Override
    InvoicesContexts.Billing billing() {
        return InvoicesContexts.h2();
    }
}
