package dev.vlmconsole.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.api.Role;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ModuleDatabaseTest {

    static Stream<Arguments> databases() {
        return Stream.of(
                Arguments.of("H2", (Supplier<ModuleDatabase>) ModuleDatabase::h2),
                Arguments.of("PostgreSQL", (Supplier<ModuleDatabase>) ModuleDatabase::postgres));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void a_module_table_that_references_core_tables_migrates_and_its_keys_hold(
            String name, Supplier<ModuleDatabase> kind) {
        try (ModuleDatabase db = kind.get().withCoreTables().migrate(new ProbeModule())) {
            TestMembers members = new TestMembers(db);
            TestWorkspace acme = members.newWorkspace("Acme");
            members.newMember(acme, Role.OWNER);

            db.dsl()
                    .execute(
                            "insert into probe_notes (id, workspace_id, body) values (?, ?, ?)",
                            UUID.randomUUID(),
                            acme.id(),
                            "hello");
            assertThat(db.dsl().fetchCount(db.dsl().selectFrom("memberships"))).isEqualTo(1);
            assertThatThrownBy(() -> db.dsl()
                            .execute(
                                    "insert into probe_notes (id, workspace_id, body) values (?, ?, ?)",
                                    UUID.randomUUID(),
                                    UUID.randomUUID(),
                                    "nowhere"))
                    .isInstanceOf(IntegrityConstraintViolationException.class);
            // Flyway names its history table in quotes; the module's own DSL renders names unquoted
            assertThat(DSL.using(db.dataSource(), db.dialect())
                            .fetchCount(DSL.table(DSL.quotedName("flyway_schema_history_probe"))))
                    .as("history of its own")
                    .isPositive();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void work_in_a_transaction_is_rolled_back_as_a_whole(String name, Supplier<ModuleDatabase> kind) {
        try (ModuleDatabase db = kind.get().withCoreTables()) {
            assertThatThrownBy(() -> db.tx().executeWithoutResult(s -> {
                        db.insertWorkspace(UUID.randomUUID(), "Gone");
                        throw new IllegalStateException("refused");
                    }))
                    .hasMessage("refused");
            assertThat(db.dsl().fetchCount(db.dsl().selectFrom("workspaces"))).isZero();
        }
    }

    @Test
    void a_module_is_migrated_after_the_modules_it_depends_on() {
        ConsoleModule dependent = new ProbeModule() {
            @Override
            public List<String> dependsOn() {
                return List.of("billing");
            }
        };
        try (ModuleDatabase db = ModuleDatabase.h2().withCoreTables()) {
            assertThatThrownBy(() -> db.migrate(dependent)).hasMessageContaining("depends on billing");
        }
    }
}
