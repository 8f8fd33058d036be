package dev.vlmconsole.app.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.app.ConsoleApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Counts kept in memory between flushes are written when the console stops cleanly. */
class UsageSurvivesShutdownTest {

    @TempDir
    Path dataDir;

    @Test
    void a_clean_shutdown_writes_the_counts_not_yet_flushed() throws Exception {
        String admin = TestKeys.admin();
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        ConfigurableApplicationContext app;
        try {
            app = ConsoleApplication.start(List.of("--server.port=0",
                    "--console.data-dir=" + dataDir, "--console.plugins-dir=" + dataDir.resolve("plugins"),
                    "--console.security.bcrypt-cost=4", "--console.keys.usage-flush-ms=3600000",
                    "--CONSOLE_BOOTSTRAP_OWNER_EMAIL=owner@shutdown.test",
                    "--CONSOLE_BOOTSTRAP_OWNER_PASSWORD=owner-password-long",
                    "--CONSOLE_BOOTSTRAP_ADMIN_KEY=" + admin).toArray(String[]::new));
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
        ApiClient api = new ApiClient(((WebServerApplicationContext) app).getWebServer().getPort());
        String[] key = api.create(admin, "{\"name\":\"last words\"}");
        for (int i = 0; i < 5; i++) {
            assertThat(api.code(key[1])).isEqualTo("VALID");
        }
        app.close();

        assertThat(Files.exists(dataDir.resolve("console.mv.db"))).isTrue();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("console"), "sa", "");
             ResultSet r = c.createStatement().executeQuery(
                     "select sum(requests) from api_key_daily_requests where key_id = '" + key[0] + "'")) {
            r.next();
            assertThat(r.getLong(1)).isEqualTo(5);
        }
    }
}
