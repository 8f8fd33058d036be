package dev.vlmconsole.billing.operators;

/** {@link OperatorCreditsApiTests} on PostgreSQL (embedded), where two nodes share one database. */
class OperatorCreditsApiOnPostgresTest extends OperatorCreditsApiTests {

    @Override
    OperatorsFixture.Ops ops() {
        return OperatorsFixture.postgres();
    }
}
