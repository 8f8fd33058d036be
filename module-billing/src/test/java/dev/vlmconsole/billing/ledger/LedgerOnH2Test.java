package dev.vlmconsole.billing.ledger;

import dev.vlmconsole.testsupport.ModuleDatabase;

/** {@link LedgerTests} on H2. */
class LedgerOnH2Test extends LedgerTests {

    @Override
    ModuleDatabase database() {
        return ModuleDatabase.h2();
    }
}
