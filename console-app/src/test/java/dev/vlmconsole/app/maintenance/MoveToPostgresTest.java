package dev.vlmconsole.app.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.app.support.Postgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code move-to-postgres}: a console with data in every module on H2 is moved to PostgreSQL, and a console
 * started there answers with the same data (a key verifies, balance, invoices, invitations, members, the
 * audit log and the ledger row for row). The command refuses while a console runs on the H2 file and when
 * the target is not empty.
 */
class MoveToPostgresTest {

    @TempDir
    Path data;

    @Test
    void an_install_moved_from_h2_answers_the_same_on_postgres() {
        Install.Keys keys = Install.Keys.fresh();
        String[] key;
        Map<String, Object> before;
        String database = Postgres.newDatabase("moved");
        try (Install h2 = Install.onH2(data, keys)) {
            key = h2.putDataInEveryModule("moved");
            assertThat(h2.verify(key[1])).isEqualTo("VALID");
            before = h2.snapshot();

            Output running =
                    run("--to", Postgres.jdbcUrl(database), "--user", Postgres.USER, "--data-dir", data.toString());
            assertThat(running.exit).as(running.err).isEqualTo(1);
            assertThat(running.err).contains("A console is running on");
        }
        assertThat((List<?>) before.get("audit")).isNotEmpty();

        Output moved = run("--to", Postgres.jdbcUrl(database), "--user", Postgres.USER, "--data-dir", data.toString());
        assertThat(moved.exit).as(moved.out + moved.err).isZero();
        assertThat(moved.out)
                .contains("every table is equal")
                .contains("api_keys", "team_invitations", "billing_ledger_entry", "billing_invoice", "audit_log");

        try (Install pg = Install.onPostgres(Postgres.jdbcUrl(database), keys)) {
            assertThat(pg.snapshot()).isEqualTo(before);
            assertThat(pg.verify(key[1])).isEqualTo("VALID");
            // identities continue after the copied ids: new entries can be written
            String[] another = pg.createKey("after-the-move");
            assertThat(pg.verify(another[1])).isEqualTo("VALID");
        }
    }

    @Test
    void a_target_that_is_not_empty_is_refused() throws Exception {
        Install.Keys keys = Install.Keys.fresh();
        try (Install h2 = Install.onH2(data, keys)) {
            h2.createKey("one");
        }
        String database = Postgres.newDatabase("not_empty");
        try (Connection c = Postgres.dataSource(database).getConnection();
                Statement s = c.createStatement()) {
            s.execute("create table something_else (id int)");
        }
        Output refused =
                run("--to", Postgres.jdbcUrl(database), "--user", Postgres.USER, "--data-dir", data.toString());
        assertThat(refused.exit).isEqualTo(1);
        assertThat(refused.err).contains("The target database is not empty");
    }

    @Test
    void a_difference_found_by_the_checks_fails_the_move_and_commits_no_row() throws Exception {
        Install.Keys keys = Install.Keys.fresh();
        try (Install h2 = Install.onH2(data, keys)) {
            h2.createKey("one");
        }
        String database = Postgres.newDatabase("differs");
        // the target changes every key name it is given: a trigger attached when api_keys is created
        try (Connection c = Postgres.dataSource(database).getConnection();
                Statement s = c.createStatement()) {
            s.execute("create function tamper() returns trigger language plpgsql as"
                    + " $$ begin new.name := new.name || '!'; return new; end $$");
            s.execute("create function attach_tamper() returns event_trigger language plpgsql as $$"
                    + " declare r record; begin"
                    + " for r in select * from pg_event_trigger_ddl_commands() loop"
                    + " if r.object_identity = 'public.api_keys' then"
                    + " execute 'create trigger tamper before insert on api_keys"
                    + " for each row execute function tamper()';"
                    + " end if; end loop; end $$");
            s.execute("create event trigger attach_tamper on ddl_command_end when tag in ('CREATE TABLE')"
                    + " execute function attach_tamper()");
        }
        Output differs =
                run("--to", Postgres.jdbcUrl(database), "--user", Postgres.USER, "--data-dir", data.toString());
        assertThat(differs.exit).as(differs.out + differs.err).isEqualTo(1);
        assertThat(differs.out).containsPattern("api_keys +\\d+ +\\d+ +DIFFERENT");
        assertThat(differs.out).contains("nothing was committed");
        try (Connection c = Postgres.dataSource(database).getConnection();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("select (select count(*) from api_keys) + (select count(*) from users)")) {
            rs.next();
            assertThat(rs.getLong(1)).as("rows committed on the target").isZero();
        }
    }

    record Output(int exit, String out, String err) {}

    static Output run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = MaintenanceCommands.MOVE_TO_POSTGRES;
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = MaintenanceCommands.run(
                all,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Output(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
