package dev.vlmconsole.app.modules;

import dev.vlmconsole.api.ConsoleModule;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each module's Flyway migrations with its own history table
 * ({@code flyway_schema_history_<module>}), core first, then modules in dependency order.
 *
 * One Flyway location and history table per module, in dependency order: DD002
 * ({@code docs/decisions/DD002-migrations-per-module.md}).
 */
public final class ModuleMigrations {

    private static final Logger log = LoggerFactory.getLogger(ModuleMigrations.class);

    private final DataSource dataSource;
    private final ModuleRegistry registry;
    private final ClassLoader classLoader;

    public ModuleMigrations(DataSource dataSource, ModuleRegistry registry, ClassLoader classLoader) {
        this.dataSource = dataSource;
        this.registry = registry;
        this.classLoader = classLoader;
    }

    /** Migrates every module; a failure stops start-up. */
    public void migrate() {
        for (ConsoleModule module : registry.modules()) {
            module.migrationLocation().ifPresent(location -> migrate(module, location));
        }
    }

    /** The history table name of a module. */
    public static String historyTable(ConsoleModule module) {
        return "flyway_schema_history_" + module.id();
    }

    private void migrate(ConsoleModule module, String location) {
        MigrateResult result = Flyway.configure(classLoader)
                .dataSource(dataSource)
                .locations(location)
                .table(historyTable(module))
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .failOnMissingLocations(true)
                .load()
                .migrate();
        log.info(
                "Module {}: {} migration(s) applied, schema at version {}",
                module.id(),
                result.migrationsExecuted,
                result.targetSchemaVersion);
    }
}
