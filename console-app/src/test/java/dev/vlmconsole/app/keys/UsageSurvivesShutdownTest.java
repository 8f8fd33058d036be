package dev.vlmconsole.app.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.vlmconsole.app.ConsoleApplication;
import dev.vlmconsole.keys.verify.UsageRecorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Counts kept in memory between flushes are written when the console stops cleanly; if the database
 * will not take them then, they are kept in the data folder and written once at the next start.
 */
class UsageSurvivesShutdownTest {

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start(String admin) {
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        try {
            return ConsoleApplication.start(List.of(
                            "--server.port=0",
                            "--console.data-dir=" + dataDir,
                            "--console.plugins-dir=" + dataDir.resolve("plugins"),
                            "--console.security.bcrypt-cost=4",
                            "--console.keys.usage-flush-ms=3600000",
                            "--console.keys.usage-final-flush-retry=PT1S",
                            "--CONSOLE_BOOTSTRAP_OWNER_EMAIL=owner@shutdown.test",
                            "--CONSOLE_BOOTSTRAP_OWNER_PASSWORD=owner-password-long",
                            "--CONSOLE_BOOTSTRAP_ADMIN_KEY=" + admin)
                    .toArray(String[]::new));
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }

    private static ApiClient api(ConfigurableApplicationContext app) {
        return new ApiClient(((WebServerApplicationContext) app).getWebServer().getPort());
    }

    private Connection database() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("console"), "sa", "");
    }

    private long requestsOf(String keyId) throws SQLException {
        try (Connection c = database();
                ResultSet r = c.createStatement()
                        .executeQuery("select coalesce(sum(requests), 0) from api_key_daily_requests where key_id = '"
                                + keyId + "'")) {
            r.next();
            return r.getLong(1);
        }
    }

    private List<Path> keptFiles() throws Exception {
        try (Stream<Path> files = Files.list(dataDir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("usage-unwritten-"))
                    .toList();
        }
    }

    @Test
    void a_clean_shutdown_writes_the_counts_not_yet_flushed() throws Exception {
        String admin = TestKeys.admin();
        ConfigurableApplicationContext app = start(admin);
        ApiClient api = api(app);
        String[] key = api.create(admin, "{\"name\":\"last words\"}");
        for (int i = 0; i < 5; i++) {
            assertThat(api.code(key[1])).isEqualTo("VALID");
        }
        app.close();

        assertThat(Files.exists(dataDir.resolve("console.mv.db"))).isTrue();
        assertThat(requestsOf(key[0])).isEqualTo(5);
        assertThat(keptFiles()).isEmpty();
    }

    @Test
    void counts_the_database_refuses_at_shutdown_are_written_once_at_the_next_start() throws Exception {
        String admin = TestKeys.admin();
        ConfigurableApplicationContext app = start(admin);
        String[] key = api(app).create(admin, "{\"name\":\"unlucky\"}");
        for (int i = 0; i < 5; i++) {
            assertThat(api(app).code(key[1])).isEqualTo("VALID");
        }
        try (Connection c = database()) { // the table is away while the console stops
            c.createStatement().execute("alter table api_key_daily_requests rename to daily_requests_away");
        }
        app.close();
        // an attempt in flight when the budget ran out goes on, abandoned; H2 must not see the rename
        // back while it runs (concurrent DDL can leave H2's check constraints unusable)
        awaitAbandonedFinalFlush();
        try (Connection c = database()) {
            c.createStatement().execute("alter table daily_requests_away rename to api_key_daily_requests");
            // H2 keeps constraints compiled against the renamed table in memory and may then refuse
            // later updates of api_keys ("Check constraint invalid"): reopen the database from its file
            c.createStatement().execute("shutdown");
        }
        assertThat(requestsOf(key[0])).isZero();
        assertThat(keptFiles()).hasSize(1);
        Path kept = keptFiles().getFirst();
        byte[] content = Files.readAllBytes(kept);

        start(admin).close();
        assertThat(requestsOf(key[0])).isEqualTo(5);
        assertThat(keptFiles()).as("deleted once written").isEmpty();

        Files.write(kept, content); // as if the console had crashed before deleting it
        start(admin).close();
        assertThat(requestsOf(key[0])).as("never counted twice").isEqualTo(5);
        assertThat(keptFiles()).isEmpty();
    }

    private static void awaitAbandonedFinalFlush() throws InterruptedException {
        long until = System.nanoTime() + 10_000_000_000L;
        while (Thread.getAllStackTraces().keySet().stream()
                        .anyMatch(t -> t.isAlive() && t.getName().equals("key-usage-final-flush"))
                && System.nanoTime() < until) {
            Thread.sleep(20);
        }
    }

    /** Takes every connection of the console's pool, so that its next getConnection waits the pool's time-out. */
    private static List<Connection> drainPool(ConfigurableApplicationContext app) throws Exception {
        HikariDataSource pool = DataSourceUnwrapper.unwrap(
                app.getBean(DataSource.class), HikariConfigMXBean.class, HikariDataSource.class);
        assertThat(pool).isNotNull();
        assertThat(pool.getConnectionTimeout())
                .as("what a hung final flush would wait")
                .isGreaterThanOrEqualTo(30_000);
        HikariPoolMXBean state = pool.getHikariPoolMXBean();
        List<Connection> held = new ArrayList<>();
        for (int round = 0; round < 3; round++) { // again, for connections other threads were using
            while (state.getIdleConnections() > 0 || state.getTotalConnections() < pool.getMaximumPoolSize()) {
                held.add(pool.getConnection());
            }
            Thread.sleep(100);
        }
        return held;
    }

    @Test
    void a_final_flush_stuck_waiting_for_a_connection_keeps_the_counts_within_the_retry_budget_counted_once()
            throws Exception {
        String admin = TestKeys.admin();
        ConfigurableApplicationContext app = start(admin);
        String[] key = api(app).create(admin, "{\"name\":\"stuck\"}");
        for (int i = 0; i < 5; i++) {
            assertThat(api(app).code(key[1])).isEqualTo("VALID");
        }
        UsageRecorder usage = app.getBean(UsageRecorder.class);
        List<Connection> held = drainPool(app); // the database died: getConnection waits the pool's 30 s
        long t = System.nanoTime();
        usage.stop(); // what closing the console runs first, before anything else is stopped
        assertThat((System.nanoTime() - t) / 1_000_000)
                .as("ms to stop with a retry budget of 1 s")
                .isLessThan(5000);
        assertThat(keptFiles()).as("counts kept in the data folder").hasSize(1);
        Path kept = keptFiles().getFirst();
        byte[] content = Files.readAllBytes(kept);
        assertThat(requestsOf(key[0])).isZero();

        for (Connection c : held) { // the database is back: the abandoned attempt gets its connection and commits
            c.close();
        }
        long until = System.nanoTime() + 10_000_000_000L;
        while (requestsOf(key[0]) < 5 && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(requestsOf(key[0])).isEqualTo(5);
        app.close();

        if (!Files.exists(kept)) {
            Files.write(kept, content); // as if the console had been killed right after that commit
        }
        start(admin).close();
        assertThat(requestsOf(key[0])).as("never counted twice").isEqualTo(5);
        assertThat(keptFiles()).isEmpty();
    }
}
