package dev.vlmconsole.testsupport;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.api.Role;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A fresh database for a module's tests, migrated as the console migrates it: on H2
 * ({@link #h2()}, in memory) or on PostgreSQL ({@link #postgres()}, a new database of the shared
 * {@link TestPostgres} server). Write a module's scripts once and run its tests on both.
 *
 * <pre>{@code
 * ModuleDatabase db = ModuleDatabase.h2().withCoreTables().migrate(new WebhooksModule(...));
 * WebhookRepository repository = new WebhookRepository(db.dsl());
 * }</pre>
 *
 * <p>{@link #migrate} runs each module's {@link ConsoleModule#migrationLocation()} with its own
 * history table {@code flyway_schema_history_<id>}, in the order given, as the console does after
 * its core migrations. A module whose scripts reference the console's tables ({@code users},
 * {@code workspaces}, {@code memberships}) calls {@link #withCoreTables()} first: it creates those
 * three tables exactly as the console's schema has them (the console's build checks the copy, see
 * DD014), without the rest of the core schema.
 *
 * <p>{@link #dsl()} renders names unquoted, like the console, and takes part in Spring
 * transactions of {@link #transactionManager()} (the same connection inside
 * {@code tx().execute(...)}), so that locks and rollbacks behave as in the console.
 */
public final class ModuleDatabase implements AutoCloseable {

    /** Where the copy of the console's core tables lives, on test-support's class path. */
    public static final String CORE_TABLES_LOCATION = "classpath:db/testsupport/core";
    /** The core tables {@link #withCoreTables()} creates. */
    public static final List<String> CORE_TABLES = List.of("users", "workspaces", "memberships");

    private final HikariDataSource pool;
    private final SQLDialect dialect;
    private final String jdbcUrl;
    private final DataSourceTransactionManager transactions;
    private final DSLContext dsl;
    private final Set<String> migrated = new HashSet<>();

    private ModuleDatabase(String jdbcUrl, String user, SQLDialect dialect) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword("");
        config.setMaximumPoolSize(10);
        config.setPoolName("module-test-" + dialect.getNameLC());
        this.pool = new HikariDataSource(config);
        this.jdbcUrl = jdbcUrl;
        this.dialect = dialect;
        this.transactions = new DataSourceTransactionManager(pool);
        this.dsl = DSL.using(
                new TransactionAwareDataSourceProxy(pool),
                dialect,
                new Settings().withRenderQuotedNames(RenderQuotedNames.NEVER));
    }

    /** A fresh in-memory H2 database, empty until {@link #migrate} or {@link #withCoreTables()}. */
    public static ModuleDatabase h2() {
        return new ModuleDatabase(
                "jdbc:h2:mem:module-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", SQLDialect.H2);
    }

    /** A fresh database of the shared embedded PostgreSQL (started on first use). */
    public static ModuleDatabase postgres() {
        return new ModuleDatabase(
                TestPostgres.jdbcUrl(TestPostgres.newDatabase("module")), TestPostgres.USER, SQLDialect.POSTGRES);
    }

    /** Creates the console's {@code users}, {@code workspaces} and {@code memberships} tables. */
    public ModuleDatabase withCoreTables() {
        return migrate("core", CORE_TABLES_LOCATION);
    }

    /** Runs each module's migrations, in the order given; a module without tables is skipped. */
    public ModuleDatabase migrate(ConsoleModule... modules) {
        for (ConsoleModule module : modules) {
            for (String dependency : module.dependsOn()) {
                if (!migrated.contains(dependency)) {
                    throw new IllegalStateException(
                            "Module " + module.id() + " depends on " + dependency + ": migrate that one first");
                }
            }
            module.migrationLocation()
                    .ifPresentOrElse(location -> migrate(module.id(), location), () -> migrated.add(module.id()));
        }
        return this;
    }

    /**
     * Runs the Flyway scripts at {@code location} with the history table
     * {@code flyway_schema_history_<id>}, with the console's settings.
     */
    public ModuleDatabase migrate(String id, String location) {
        Flyway.configure(Thread.currentThread().getContextClassLoader())
                .dataSource(pool)
                .locations(location)
                .table("flyway_schema_history_" + id)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .failOnMissingLocations(true)
                .load()
                .migrate();
        migrated.add(id);
        return this;
    }

    /** Inserts a person into the core {@code users} table (after {@link #withCoreTables()}). */
    public void insertUser(UUID id, String email, String displayName) {
        dsl.execute(
                "insert into users (id, email, display_name, password_hash, created_at)"
                        + " values (?, ?, ?, '', current_timestamp)",
                id,
                email,
                displayName);
    }

    /** Inserts a workspace into the core {@code workspaces} table (after {@link #withCoreTables()}). */
    public void insertWorkspace(UUID id, String name) {
        dsl.execute("insert into workspaces (id, name, created_at) values (?, ?, current_timestamp)", id, name);
    }

    /** Inserts or changes a membership in the core {@code memberships} table (after {@link #withCoreTables()}). */
    public void putMembership(UUID workspaceId, UUID userId, Role role) {
        if (dsl.execute(
                        "update memberships set role = ? where workspace_id = ? and user_id = ?",
                        role.name(),
                        workspaceId,
                        userId)
                == 0) {
            dsl.execute(
                    "insert into memberships (workspace_id, user_id, role, joined_at)"
                            + " values (?, ?, ?, current_timestamp)",
                    workspaceId,
                    userId,
                    role.name());
        }
    }

    /** Deletes a membership from the core {@code memberships} table. */
    public void deleteMembership(UUID workspaceId, UUID userId) {
        dsl.execute("delete from memberships where workspace_id = ? and user_id = ?", workspaceId, userId);
    }

    /** Whether {@link #withCoreTables()} (or a migration of id {@code core}) ran. */
    public boolean hasCoreTables() {
        return migrated.contains("core");
    }

    /** The pooled data source (connections outside Spring transactions). */
    public DataSource dataSource() {
        return pool;
    }

    /** jOOQ over this database: unquoted names, joins Spring transactions of {@link #transactionManager()}. */
    public DSLContext dsl() {
        return dsl;
    }

    /** {@link SQLDialect#H2} or {@link SQLDialect#POSTGRES}. */
    public SQLDialect dialect() {
        return dialect;
    }

    /** Whether this is the PostgreSQL variant. */
    public boolean isPostgres() {
        return dialect.family() == SQLDialect.POSTGRES;
    }

    /** The JDBC URL, for code that opens its own connections (the user is {@code sa} on H2, {@link TestPostgres#USER}). */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** Spring's transaction manager over this database. */
    public PlatformTransactionManager transactionManager() {
        return transactions;
    }

    /** A new transaction template, for work a test wants in one transaction. */
    public TransactionTemplate tx() {
        return new TransactionTemplate(transactions);
    }

    /** Closes the pool; an H2 database is gone with it once the JVM exits, a PostgreSQL one stays until then. */
    @Override
    public void close() {
        pool.close();
    }
}
