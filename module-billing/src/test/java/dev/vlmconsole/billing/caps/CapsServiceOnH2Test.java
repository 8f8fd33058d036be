package dev.vlmconsole.billing.caps;

import dev.vlmconsole.testsupport.ModuleDatabase;

/** {@link CapsServiceTests} on H2. */
class CapsServiceOnH2Test extends CapsServiceTests {

    @Override
    ModuleDatabase database() {
        return ModuleDatabase.h2();
    }
}
