package dev.vlmconsole.billing.plans;

import dev.vlmconsole.testsupport.ModuleDatabase;

/** {@link SubscriptionsTests} on H2. */
class SubscriptionsOnH2Test extends SubscriptionsTests {

    @Override
    ModuleDatabase database() {
        return ModuleDatabase.h2();
    }
}
