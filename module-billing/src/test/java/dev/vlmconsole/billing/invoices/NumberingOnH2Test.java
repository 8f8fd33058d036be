package dev.vlmconsole.billing.invoices;

import dev.vlmconsole.testsupport.ModuleDatabase;

/** {@link NumberingTests} on H2. */
class NumberingOnH2Test extends NumberingTests {

    @Override
    ModuleDatabase database() {
        return ModuleDatabase.h2();
    }
}
