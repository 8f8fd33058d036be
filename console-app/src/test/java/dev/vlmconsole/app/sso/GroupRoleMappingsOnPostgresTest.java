package dev.vlmconsole.app.sso;

import dev.vlmconsole.testsupport.ModuleDatabase;

/** {@link GroupRoleMappingsTests} on a real PostgreSQL. */
class GroupRoleMappingsOnPostgresTest extends GroupRoleMappingsTests {

    @Override
    ModuleDatabase newDatabase() {
        return ModuleDatabase.postgres();
    }
}
