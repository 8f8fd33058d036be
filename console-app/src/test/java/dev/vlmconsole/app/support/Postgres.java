package dev.vlmconsole.app.support;

import dev.vlmconsole.testsupport.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import javax.sql.DataSource;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real PostgreSQL for tests: test-support's {@link TestPostgres}, one embedded server per test JVM
 * shared with the modules' test support, started on first use and stopped when the JVM exits. Each
 * caller gets a fresh, empty database of its own.
 *
 * <p>Spring tests use {@link OnPostgres} (which applies {@link Initializer}); plain tests call
 * {@link #newDatabase(String)} and {@link #dataSource(String)}.
 */
public final class Postgres {

    /** The server's superuser; local connections are trusted, so there is no password. */
    public static final String USER = TestPostgres.USER;

    private Postgres() {}

    /** The running server, started on first call: test-support's, so one per test JVM. */
    public static EmbeddedPostgres server() {
        return TestPostgres.server();
    }

    /**
     * Creates an empty database named after {@code purpose} (plus a number) and returns its name.
     *
     * @param purpose lower-case letters, digits and underscores, such as {@code schema_check}
     */
    public static String newDatabase(String purpose) {
        return TestPostgres.newDatabase(purpose);
    }

    /** JDBC URL of {@code database} (it names the user; no password is needed). */
    public static String jdbcUrl(String database) {
        return server().getJdbcUrl(USER, database);
    }

    /** A data source on {@code database}. */
    public static DataSource dataSource(String database) {
        return server().getDatabase(USER, database);
    }

    /** Points a Spring context at a fresh database of the shared server. */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of(
                            "spring.datasource.url=" + jdbcUrl(newDatabase("console")),
                            "spring.datasource.username=" + USER,
                            "spring.datasource.password=")
                    .applyTo(context);
        }
    }
}
