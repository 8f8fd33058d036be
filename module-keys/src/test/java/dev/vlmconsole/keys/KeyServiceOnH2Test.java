package dev.vlmconsole.keys;

import dev.vlmconsole.testsupport.ModuleTestContext;

/** {@link KeyServiceTests} on H2. */
class KeyServiceOnH2Test extends KeyServiceTests {

    @Override
    ModuleTestContext spring() {
        return KeysContexts.h2();
    }
}
