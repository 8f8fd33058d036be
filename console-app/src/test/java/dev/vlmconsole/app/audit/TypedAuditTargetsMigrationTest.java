package dev.vlmconsole.app.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.app.support.H2;
import dev.vlmconsole.app.support.Postgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Core migration V4 gives the entries written before typed targets the type and id their target
 * string names, as {@link AuditTarget#fromLegacy(String)} maps it, except that it can also look up
 * a person's email and a workspace's name. On H2 and PostgreSQL.
 */
class TypedAuditTargetsMigrationTest {

    /** One entry: the target string stored by 1.0, and the type and id V4 should give it. */
    record Row(String target, String type, String id) {}

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void entries_written_before_typed_targets_get_the_type_and_id_their_target_names(String database)
            throws SQLException {
        DataSource ds = dataSource(database);
        migrate(ds, "3");
        UUID workspace = UUID.randomUUID();
        UUID person = UUID.randomUUID();
        UUID key = UUID.randomUUID();
        UUID endpoint = UUID.randomUUID();
        try (Connection c = ds.getConnection()) {
            update(c, "insert into workspaces (id, name, created_at) values (?, 'Acme', ?)", workspace, now());
            update(
                    c,
                    "insert into users (id, email, display_name, password_hash, created_at) "
                            + "values (?, 'ann@example.com', 'Ann', 'x', ?)",
                    person,
                    now());
        }
        List<Row> rows = List.of(
                new Row("api_key:" + key, "api_key", key.toString()),
                new Row("user " + person, "user", person.toString()),
                new Row("user ann@example.com", "user", person.toString()), // resolved: the person still exists
                new Row("user gone@example.com", "user", "gone@example.com"),
                new Row("workspace Acme", "workspace", workspace.toString()), // the entry's own workspace
                new Row("workspace Elsewhere", "workspace", "Elsewhere"),
                new Row("endpoint " + endpoint, "webhooks.endpoint", endpoint.toString()),
                new Row("key 6f1c", "other", "key 6f1c"),
                new Row("api_key:", "other", "api_key:"),
                new Row("", null, null));
        try (Connection c = ds.getConnection()) {
            for (Row r : rows) {
                update(
                        c,
                        "insert into audit_log (workspace_id, occurred_at, actor_kind, actor_id, actor_name,"
                                + " action, target, details, source_address)"
                                + " values (?, ?, 'SYSTEM', ?, 'system', 'test.done', ?, '', '')",
                        workspace,
                        now(),
                        UUID.randomUUID(),
                        r.target());
            }
        }

        migrate(ds, "latest");

        List<Row> migrated = new ArrayList<>();
        try (Connection c = ds.getConnection();
                PreparedStatement s =
                        c.prepareStatement("select target, target_type, target_id from audit_log order by id");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                migrated.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        assertThat(migrated).containsExactlyElementsOf(rows);
        for (Row r : rows) {
            AuditTarget mapped = AuditTarget.fromLegacy(r.target());
            assertThat(mapped.isNone() ? null : mapped.type())
                    .as("type of %s in Java", r.target())
                    .isEqualTo(r.type());
            assertThat(mapped.label()).isEqualTo(r.target());
        }
    }

    private static DataSource dataSource(String database) {
        if (database.equals("postgresql")) {
            return Postgres.dataSource(Postgres.newDatabase("audit_targets"));
        }
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(H2.newDatabaseUrl());
        h2.setUser("sa");
        return h2;
    }

    private static void migrate(DataSource ds, String target) {
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration/core")
                .table("flyway_schema_history_core")
                .target(target)
                .load()
                .migrate();
    }

    private static Timestamp now() {
        return Timestamp.from(Instant.now());
    }

    private static void update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            s.executeUpdate();
        }
    }
}
