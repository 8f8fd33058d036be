package dev.vlmconsole.keys;

import dev.vlmconsole.testsupport.ModuleTestContext;

/** {@link KeyServiceTests} on a real PostgreSQL (with LISTEN/NOTIFY and the shared rate-limit store). */
class KeyServiceOnPostgresTest extends KeyServiceTests {

    @Override
    ModuleTestContext spring() {
        return KeysContexts.postgres();
    }
}
