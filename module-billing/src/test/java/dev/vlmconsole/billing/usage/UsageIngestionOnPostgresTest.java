package dev.vlmconsole.billing.usage;

import dev.vlmconsole.testsupport.ModuleDatabase;

/** {@link UsageIngestionTests} on PostgreSQL. */
class UsageIngestionOnPostgresTest extends UsageIngestionTests {

    @Override
    ModuleDatabase database() {
        return ModuleDatabase.postgres();
    }
}
