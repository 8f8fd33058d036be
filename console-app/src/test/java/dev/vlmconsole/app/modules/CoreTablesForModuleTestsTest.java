package dev.vlmconsole.app.modules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.testsupport.ModuleDatabase;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * test-support keeps a copy of the core tables a module's migrations may reference, so that module
 * tests run without the console (DD014). This test keeps the copy true: column for column (name,
 * type, size, nullability, default) it must be what the console's own core migrations leave, on H2
 * and on PostgreSQL. When a core migration changes one of these tables, change the copy
 * ({@code test-support/src/main/resources/db/testsupport/core}) with it.
 */
class CoreTablesForModuleTestsTest {

    static Stream<Arguments> databases() {
        return Stream.of(
                Arguments.of("H2", (Supplier<ModuleDatabase>) ModuleDatabase::h2),
                Arguments.of("PostgreSQL", (Supplier<ModuleDatabase>) ModuleDatabase::postgres));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void the_copy_has_the_core_tables_columns_exactly(String name, Supplier<ModuleDatabase> database)
            throws SQLException {
        try (ModuleDatabase console = database.get().migrate("core", "classpath:db/migration/core");
                ModuleDatabase copy = database.get().withCoreTables()) {
            for (String table : ModuleDatabase.CORE_TABLES) {
                List<String> real = columns(console, table);
                assertThat(real)
                        .as("core table %s in the console's schema", table)
                        .isNotEmpty();
                assertThat(columns(copy, table))
                        .as("columns of %s in test-support's copy", table)
                        .containsExactlyInAnyOrderElementsOf(real);
            }
            assertThat(tables(copy))
                    .as("tables of test-support's copy")
                    .containsExactlyInAnyOrderElementsOf(ModuleDatabase.CORE_TABLES);
        }
    }

    /** One line per column: name, type, size, nullability and default. */
    private static List<String> columns(ModuleDatabase database, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection();
                ResultSet rs = c.getMetaData().getColumns(null, c.getSchema(), stored(c, table), null)) {
            while (rs.next()) {
                out.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT) + " " + rs.getString("TYPE_NAME")
                        + "(" + rs.getInt("COLUMN_SIZE") + ") nullable=" + rs.getString("IS_NULLABLE")
                        + " default=" + rs.getString("COLUMN_DEF"));
            }
        }
        return out;
    }

    /** The copy's own tables, without Flyway's history. */
    private static List<String> tables(ModuleDatabase database) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection();
                ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), null, new String[] {"TABLE"})) {
            while (rs.next()) {
                String table = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                if (!table.startsWith("flyway_schema_history")) {
                    out.add(table);
                }
            }
        }
        return out;
    }

    /** H2 stores unquoted names in upper case, PostgreSQL in lower case. */
    private static String stored(Connection c, String table) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        return meta.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
    }
}
