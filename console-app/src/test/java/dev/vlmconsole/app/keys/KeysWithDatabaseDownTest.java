package dev.vlmconsole.app.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.vlmconsole.app.keys.ApiClient.Answer;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/** With the database unreachable, cached keys keep verifying and everything else fails closed with a 503. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "console.security.bcrypt-cost=4",
            "console.plugins-dir=target/no-plugins",
            "CONSOLE_BOOTSTRAP_OWNER_EMAIL=owner@db-down.test",
            "CONSOLE_BOOTSTRAP_OWNER_PASSWORD=owner-password-long",
            "CONSOLE_BOOTSTRAP_ADMIN_KEY=" + KeysWithDatabaseDownTest.ADMIN_KEY
        })
class KeysWithDatabaseDownTest {

    static final String ADMIN_KEY = "vlm_admin_00000000000000000000000000000000" + "2wjyrI";

    /** A data source that can be switched off, like a database behind a cut cable. */
    static final class Switchable implements DataSource {
        final HikariDataSource target = new HikariDataSource();
        volatile boolean down;

        Switchable() {
            target.setJdbcUrl("jdbc:h2:mem:db_down;DB_CLOSE_DELAY=-1");
            target.setUsername("sa");
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (down) {
                throw new SQLException("Connection refused (test: database down)", "08001");
            }
            return target.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return target.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return iface.isInstance(target);
        }
    }

    @TestConfiguration
    static class Database {
        @Bean
        Switchable dataSource() {
            return new Switchable();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    Switchable database;

    @AfterEach
    void reconnect() {
        database.down = false;
    }

    @Test
    void cached_keys_keep_verifying_and_the_rest_get_a_503() {
        ApiClient api = new ApiClient(port);
        String[] cached = api.create(ADMIN_KEY, "{\"name\":\"hot\"}");
        String[] cold = api.create(ADMIN_KEY, "{\"name\":\"cold\"}");
        assertThat(api.code(cached[1])).isEqualTo("VALID");

        database.down = true;
        assertThat(api.code(cached[1])).as("served from this node's cache").isEqualTo("VALID");
        Answer unknownToCache = api.verify(cold[1]);
        assertThat(unknownToCache.status()).isEqualTo(503);
        assertThat(unknownToCache.contentType()).startsWith("application/problem+json");
        assertThat(api.code(TestKeys.inference()))
                .as("the index still knows it does not exist")
                .isEqualTo("NOT_FOUND");
        assertThat(api.code(TestKeys.tampered(cold[1]))).isEqualTo("MALFORMED");

        database.down = false;
        assertThat(api.code(cold[1])).isEqualTo("VALID");
    }
}
