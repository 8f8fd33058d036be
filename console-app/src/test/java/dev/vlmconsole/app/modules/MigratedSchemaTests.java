package dev.vlmconsole.app.modules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.app.db.DefaultSchema;
import dev.vlmconsole.keys.db.Tables;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.assertj.core.api.SoftAssertions;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Schema;
import org.jooq.Table;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ResourceLoader;

/**
 * The migrations every module really runs (through {@link ModuleRegistry} and
 * {@link ModuleMigrations}, with the descriptors found on the classpath) produce the schema the
 * jOOQ classes were generated from, on each database the console supports. jOOQ's DDLDatabase
 * reads the scripts without a database, so only this test notices a script that a database
 * interprets differently, or generated classes that no longer match the scripts.
 */
abstract class MigratedSchemaTests {

    /** Generated schemas to check; a module that generates jOOQ classes adds its schema here. */
    static final List<Schema> GENERATED = List.of(
            DefaultSchema.DEFAULT_SCHEMA,
            // the keys module's schema, reached through one of its tables: its DefaultSchema class
            // has the same simple name as the core's
            Tables.API_KEY_SECRETS.getSchema());

    @Autowired
    DataSource dataSource;

    @Autowired
    ModuleRegistry registry;

    @Autowired
    ResourceLoader loader;

    /** One column as the database describes it. */
    record DbColumn(String typeName, int size, boolean nullable) {}

    @Test
    void every_generated_table_exists_with_the_same_columns_types_and_nullability() throws SQLException {
        Map<String, Map<String, DbColumn>> db = tables();
        SoftAssertions soft = new SoftAssertions();
        int checked = 0;
        for (Schema schema : GENERATED) {
            for (Table<?> table : schema.getTables()) {
                String t = table.getName().toLowerCase(Locale.ROOT);
                Map<String, DbColumn> columns = db.get(t);
                soft.assertThat(columns).as("table %s", t).isNotNull();
                if (columns == null) {
                    continue;
                }
                soft.assertThat(columns.keySet())
                        .as("columns of %s", t)
                        .containsExactlyInAnyOrderElementsOf(List.of(table.fields()).stream()
                                .map(f -> f.getName().toLowerCase(Locale.ROOT))
                                .toList());
                for (Field<?> field : table.fields()) {
                    DbColumn c = columns.get(field.getName().toLowerCase(Locale.ROOT));
                    if (c == null) {
                        continue;
                    }
                    String where = t + "." + field.getName();
                    DataType<?> type = field.getDataType();
                    soft.assertThat(dbFamily(c.typeName()))
                            .as("type of %s (database says %s)", where, c.typeName())
                            .isEqualTo(generatedFamily(field));
                    if (field.getType() == String.class && type.lengthDefined()) {
                        soft.assertThat(c.size()).as("length of %s", where).isEqualTo(type.length());
                    }
                    soft.assertThat(c.nullable()).as("nullability of %s", where).isEqualTo(type.nullable());
                    checked++;
                }
            }
        }
        soft.assertAll();
        assertThat(checked).as("columns checked").isGreaterThan(20);
    }

    @Test
    void each_module_with_migrations_has_its_own_history_table_with_only_successful_rows() throws SQLException {
        Map<String, String> actual = historyTables();
        List<String> expected = registry.modules().stream()
                .filter(m -> m.migrationLocation().isPresent())
                .map(ModuleMigrations::historyTable)
                .toList();

        assertThat(expected).contains("flyway_schema_history_core");
        assertThat(actual.keySet()).as("history tables").containsExactlyInAnyOrderElementsOf(expected);
        for (String table : expected) {
            assertThat(count(actual.get(table), "\"success\""))
                    .as("successful rows of %s", table)
                    .isPositive();
            assertThat(count(actual.get(table), "not \"success\""))
                    .as("failed rows of %s", table)
                    .isZero();
        }
    }

    @Test
    void core_is_migrated_first_and_migrating_again_changes_nothing() throws SQLException {
        assertThat(registry.modules().getFirst().id()).isEqualTo(CoreModule.ID);
        Map<String, String> history = historyTables();
        OffsetDateTime coreDone = installedOn(history.get("flyway_schema_history_core"), "max");
        for (ConsoleModule m : registry.modules()) {
            if (m.migrationLocation().isPresent() && !m.id().equals(CoreModule.ID)) {
                assertThat(installedOn(history.get(ModuleMigrations.historyTable(m)), "min"))
                        .as("first migration of %s", m.id())
                        .isAfterOrEqualTo(coreDone);
            }
        }

        Map<String, Long> before = new TreeMap<>();
        for (String table : history.values()) {
            before.put(table, count(table, "1 = 1"));
        }
        new ModuleMigrations(dataSource, registry, loader.getClassLoader()).migrate();
        for (String table : history.values()) {
            assertThat(count(table, "1 = 1"))
                    .as("rows of %s after a second run", table)
                    .isEqualTo(before.get(table));
        }
    }

    private Map<String, Map<String, DbColumn>> tables() throws SQLException {
        Map<String, Map<String, DbColumn>> tables = new TreeMap<>();
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            try (ResultSet rs = meta.getColumns(null, c.getSchema(), "%", "%")) {
                while (rs.next()) {
                    tables.computeIfAbsent(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT), k -> new TreeMap<>())
                            .put(
                                    rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT),
                                    new DbColumn(
                                            rs.getString("TYPE_NAME"),
                                            rs.getInt("COLUMN_SIZE"),
                                            "YES".equals(rs.getString("IS_NULLABLE"))));
                }
            }
        }
        return tables;
    }

    /** Lower-case name to the name as stored (Flyway quotes it, so its case is kept). */
    private Map<String, String> historyTables() throws SQLException {
        Map<String, String> names = new TreeMap<>();
        try (Connection c = dataSource.getConnection();
                ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME");
                if (name.toLowerCase(Locale.ROOT).startsWith("flyway_schema_history")) {
                    names.put(name.toLowerCase(Locale.ROOT), name);
                }
            }
        }
        return names;
    }

    /** Flyway quotes the names of its history table and columns: they stay lower case on H2 too. */
    private long count(String table, String condition) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from \"" + table + "\" where " + condition)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private OffsetDateTime installedOn(String table, String aggregate) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select " + aggregate + "(\"installed_on\") from \"" + table + "\"")) {
            rs.next();
            Timestamp t = rs.getTimestamp(1);
            return t.toInstant().atOffset(ZoneOffset.UTC);
        }
    }

    /** The kind of column the generated field expects. */
    static String generatedFamily(Field<?> field) {
        Class<?> t = field.getType();
        if (t == UUID.class) {
            return "uuid";
        } else if (t == String.class) {
            return field.getDataType().lengthDefined() ? "varchar" : "text";
        } else if (t == Boolean.class) {
            return "boolean";
        } else if (t == Short.class) {
            return "smallint";
        } else if (t == Integer.class) {
            return "integer";
        } else if (t == Long.class) {
            return "bigint";
        } else if (t == BigDecimal.class) {
            return "numeric";
        } else if (t == OffsetDateTime.class) {
            return "timestamptz";
        } else if (t == LocalDateTime.class) {
            return "timestamp";
        } else if (t == LocalDate.class) {
            return "date";
        } else if (t == byte[].class) {
            return "bytes";
        } else if (t == Double.class) {
            return "double";
        }
        return "unmapped Java type " + t.getName() + " (add it to MigratedSchemaTests)";
    }

    /** The kind of a column from its type name on H2 or PostgreSQL. */
    static String dbFamily(String typeName) {
        String n = typeName.toLowerCase(Locale.ROOT);
        return Optional.ofNullable(DB_FAMILIES.get(n)).orElse("unmapped database type " + typeName);
    }

    private static final Map<String, String> DB_FAMILIES = families(
            "uuid",
            "uuid",
            "character varying",
            "varchar",
            "varchar",
            "varchar",
            "text",
            "text",
            "character large object",
            "text",
            "clob",
            "text",
            "boolean",
            "boolean",
            "bool",
            "boolean",
            "smallint",
            "smallint",
            "int2",
            "smallint",
            "integer",
            "integer",
            "int",
            "integer",
            "int4",
            "integer",
            "serial",
            "integer",
            "bigint",
            "bigint",
            "int8",
            "bigint",
            "bigserial",
            "bigint",
            "numeric",
            "numeric",
            "decimal",
            "numeric",
            "timestamp with time zone",
            "timestamptz",
            "timestamptz",
            "timestamptz",
            "timestamp",
            "timestamp",
            "timestamp without time zone",
            "timestamp",
            "date",
            "date",
            "bytea",
            "bytes",
            "binary varying",
            "bytes",
            "varbinary",
            "bytes",
            "binary large object",
            "bytes",
            "double precision",
            "double",
            "float8",
            "double");

    private static Map<String, String> families(String... pairs) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
