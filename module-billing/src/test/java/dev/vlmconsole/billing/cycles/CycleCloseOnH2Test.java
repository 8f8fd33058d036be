package dev.vlmconsole.billing.cycles;

import dev.vlmconsole.testsupport.ModuleDatabase;

/** {@link CycleCloseTests} on H2. */
class CycleCloseOnH2Test extends CycleCloseTests {

    @Override
    ModuleDatabase database() {
        return ModuleDatabase.h2();
    }
}
