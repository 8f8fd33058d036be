package dev.vlmconsole.billing.invoices;

import dev.vlmconsole.testsupport.ModuleDatabase;

/** {@link NumberingTests} on PostgreSQL. */
class NumberingOnPostgresTest extends NumberingTests {

    @Override
    ModuleDatabase database() {
        return ModuleDatabase.postgres();
    }
}
