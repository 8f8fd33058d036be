package dev.vlmconsole.billing.usage;

import dev.vlmconsole.testsupport.ModuleDatabase;

/** {@link UsageIngestionTests} on H2. */
class UsageIngestionOnH2Test extends UsageIngestionTests {

    @Override
    ModuleDatabase database() {
        return ModuleDatabase.h2();
    }
}
