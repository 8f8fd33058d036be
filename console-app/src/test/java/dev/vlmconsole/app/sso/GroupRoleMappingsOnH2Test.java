package dev.vlmconsole.app.sso;

import dev.vlmconsole.testsupport.ModuleDatabase;

/** {@link GroupRoleMappingsTests} on an embedded H2 database. */
class GroupRoleMappingsOnH2Test extends GroupRoleMappingsTests {

    @Override
    ModuleDatabase newDatabase() {
        return ModuleDatabase.h2();
    }
}
