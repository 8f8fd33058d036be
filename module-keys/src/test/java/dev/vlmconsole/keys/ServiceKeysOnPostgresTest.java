package dev.vlmconsole.keys;

import dev.vlmconsole.testsupport.ModuleTestContext;

/** {@link ServiceKeyTests} on a real PostgreSQL. */
class ServiceKeysOnPostgresTest extends ServiceKeyTests {

    @Override
    ModuleTestContext spring() {
        return KeysContexts.postgres();
    }
}
