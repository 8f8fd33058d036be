package dev.vlmconsole.billing.caps;

import dev.vlmconsole.testsupport.ModuleDatabase;

/** {@link CapsServiceTests} on PostgreSQL. */
class CapsServiceOnPostgresTest extends CapsServiceTests {

    @Override
    ModuleDatabase database() {
        return ModuleDatabase.postgres();
    }
}
