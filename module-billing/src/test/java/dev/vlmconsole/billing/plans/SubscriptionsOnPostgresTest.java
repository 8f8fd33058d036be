package dev.vlmconsole.billing.plans;

import dev.vlmconsole.testsupport.ModuleDatabase;

/** {@link SubscriptionsTests} on PostgreSQL. */
class SubscriptionsOnPostgresTest extends SubscriptionsTests {

    @Override
    ModuleDatabase database() {
        return ModuleDatabase.postgres();
    }
}
