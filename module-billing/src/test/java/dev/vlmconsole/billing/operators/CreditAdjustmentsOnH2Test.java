package dev.vlmconsole.billing.operators;

/** {@link CreditAdjustmentsTests} on H2. */
class CreditAdjustmentsOnH2Test extends CreditAdjustmentsTests {

    @Override
    OperatorsFixture.Ops ops() {
        return OperatorsFixture.h2();
    }
}
