package dev.vlmconsole.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.app.support.OnH2;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The console's H2 database never answers a query from an earlier result (see H2ResultReuseOff). */
@OnH2
class H2ResultReuseOffTest {

    @Autowired
    DataSource dataSource;

    @Test
    void every_pooled_connection_has_result_reuse_off() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            SessionLocal session = (SessionLocal) c.unwrap(JdbcConnection.class).getSession();
            assertThat(session.getDatabase().getOptimizeReuseResults()).isFalse();
        }
    }
}
