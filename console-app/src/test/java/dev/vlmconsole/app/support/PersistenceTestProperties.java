package dev.vlmconsole.app.support;

/** Properties shared by {@link OnH2} and {@link OnPostgres}, so that both contexts differ only by database. */
final class PersistenceTestProperties {

    /** bcrypt at its lowest cost: tests hash passwords, they do not test the KDF's cost. */
    static final String FAST_HASHING = "console.security.bcrypt-cost=4";

    private PersistenceTestProperties() {}
}
