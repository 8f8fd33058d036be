package dev.vlmconsole.billing.operators;

/** {@link CreditAdjustmentsTests} on PostgreSQL (embedded). */
class CreditAdjustmentsOnPostgresTest extends CreditAdjustmentsTests {

    @Override
    OperatorsFixture.Ops ops() {
        return OperatorsFixture.postgres();
    }
}
