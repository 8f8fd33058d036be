package dev.vlmconsole.app.sso;

import dev.vlmconsole.testsupport.ModuleDatabase;

/** {@link DomainClaimsTests} on an embedded H2 database. */
class DomainClaimsOnH2Test extends DomainClaimsTests {

    @Override
    ModuleDatabase newDatabase() {
        return ModuleDatabase.h2();
    }
}
