package dev.vlmconsole.app.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.vlmconsole.app.support.Postgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup and restore as the README tells them: H2's online backup ({@code POST /api/v1/operator/backup}
 * while the console runs), data changed afterwards, the console stopped, {@code restore-h2} from the zip,
 * the console started: everything is as it was at the backup (keys verify, members, invitations, balance,
 * invoices, the ledger and the audit log row for row). PostgreSQL the same with {@code pg_dump} and
 * {@code pg_restore} when they are installed (Debian's postgresql-client; .ci/run installs it).
 */
class BackupAndRestoreTest {

    @TempDir
    Path data;

    @Test
    void an_online_h2_backup_restored_brings_back_the_install_as_it_was() throws Exception {
        Install.Keys keys = Install.Keys.fresh();
        String[] kept;
        String[] later;
        Map<String, Object> atBackup;
        Path zip;
        try (Install install = Install.onH2(data, keys)) {
            kept = install.putDataInEveryModule("kept");
            atBackup = install.snapshot();

            assertThat(install.call("POST", "/api/v1/operator/backup", null, null)
                            .status())
                    .isEqualTo(401);
            assertThat(install.call("POST", "/api/v1/operator/backup", install.adminKey, null)
                            .status())
                    .as("a workspace's admin key")
                    .isEqualTo(403);
            Install.Answer backup = install.call("POST", "/api/v1/operator/backup", install.platformKey, null);
            assertThat(backup.status()).as(backup.body()).isEqualTo(201);
            zip = Path.of(backup.json().get("file").asString());
            assertThat(zip).exists().startsWith(data.resolve("backups"));
            assertThat(backup.json().get("bytes").asLong()).isEqualTo(Files.size(zip));

            // after the backup: a key revoked, another created, more usage, another invitation and top-up
            assertThat(install.call("DELETE", "/api/v1/keys/" + kept[0], install.adminKey, null)
                            .status())
                    .isEqualTo(204);
            later = install.putDataInEveryModule("later");
            assertThat(install.snapshot()).isNotEqualTo(atBackup);

            Output refused = restore(zip);
            assertThat(refused.exit).as("restore while the console runs").isEqualTo(1);
            assertThat(refused.err).contains("A console is running on");
        }

        Output restored = restore(zip);
        assertThat(restored.exit).as(restored.err).isZero();
        assertThat(restored.out).contains("The database it replaced is kept as");

        try (Install install = Install.onH2(data, keys)) {
            assertThat(install.snapshot()).isEqualTo(atBackup);
            assertThat(install.verify(kept[1])).isEqualTo("VALID");
            assertThat(install.verify(later[1])).isEqualTo("NOT_FOUND");
        }
    }

    @Test
    void on_postgres_pg_dump_and_pg_restore_bring_back_the_install_as_it_was() throws Exception {
        assumeThat(onPath("pg_dump") && onPath("pg_restore"))
                .as("pg_dump and pg_restore (Debian's postgresql-client)")
                .isTrue();
        Install.Keys keys = Install.Keys.fresh();
        String database = Postgres.newDatabase("dumped");
        Path dump = data.resolve("console.dump");
        String[] kept;
        String[] later;
        Map<String, Object> atBackup;
        try (Install install = Install.onPostgres(Postgres.jdbcUrl(database), keys)) {
            kept = install.putDataInEveryModule("kept");
            atBackup = install.snapshot();
            Install.Answer refused = install.call("POST", "/api/v1/operator/backup", install.platformKey, null);
            assertThat(refused.status()).as("H2 backups on PostgreSQL").isEqualTo(409);
            assertThat(refused.body()).contains("pg_dump");

            exec("pg_dump", "--format=custom", "--no-owner", "--file=" + dump, "--dbname=" + dbname(database));
            assertThat(install.call("DELETE", "/api/v1/keys/" + kept[0], install.adminKey, null)
                            .status())
                    .isEqualTo(204);
            later = install.putDataInEveryModule("later");
        }
        // restore into a new, empty database (the README's way: the damaged one is kept until checked)
        String restored = Postgres.newDatabase("restored");
        exec("pg_restore", "--no-owner", "--exit-on-error", "--dbname=" + dbname(restored), dump.toString());
        try (Install install = Install.onPostgres(Postgres.jdbcUrl(restored), keys)) {
            assertThat(install.snapshot()).isEqualTo(atBackup);
            assertThat(install.verify(kept[1])).isEqualTo("VALID");
            assertThat(install.verify(later[1])).isEqualTo("NOT_FOUND");
        }
    }

    private static String dbname(String database) {
        return "host=localhost port=" + Postgres.server().getPort() + " user=" + Postgres.USER + " dbname=" + database;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private void exec(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(command));
        Path log = Files.createTempFile(data, "tool", ".log");
        Process p = new ProcessBuilder(line)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", line, Files.readString(log)).isZero();
    }

    record Output(int exit, String out, String err) {}

    private Output restore(Path zip) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = MaintenanceCommands.run(
                new String[] {MaintenanceCommands.RESTORE_H2, "--from", zip.toString(), "--data-dir", data.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Output(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
