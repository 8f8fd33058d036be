package dev.vlmconsole.billing.ledger;

import dev.vlmconsole.testsupport.ModuleDatabase;

/** {@link LedgerTests} on PostgreSQL. */
class LedgerOnPostgresTest extends LedgerTests {

    @Override
    ModuleDatabase database() {
        return ModuleDatabase.postgres();
    }
}
