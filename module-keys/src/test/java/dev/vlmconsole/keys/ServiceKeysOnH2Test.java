package dev.vlmconsole.keys;

import dev.vlmconsole.testsupport.ModuleTestContext;

/** {@link ServiceKeyTests} on H2. */
class ServiceKeysOnH2Test extends ServiceKeyTests {

    @Override
    ModuleTestContext spring() {
        return KeysContexts.h2();
    }
}
