package dev.vlmconsole.billing.operators;

/** {@link OperatorCreditsApiTests} on H2. */
class OperatorCreditsApiOnH2Test extends OperatorCreditsApiTests {

    @Override
    OperatorsFixture.Ops ops() {
        return OperatorsFixture.h2();
    }
}
