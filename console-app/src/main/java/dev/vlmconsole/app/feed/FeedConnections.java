package dev.vlmconsole.app.feed;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.time.Duration;
import java.util.Properties;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** The change feed's own connections on PostgreSQL, and what it does to the pool after a dead link. */
final class FeedConnections {

    private static final Logger log = LoggerFactory.getLogger(FeedConnections.class);

    private FeedConnections() {}

    /**
     * Fresh connections to the pool's database, outside the pool (a pooled connection may be dead
     * and take the pool's validation time-out to find out), with TCP keep-alive and connect, login
     * and read time-outs of {@code timeout}. The pool itself if its settings cannot be derived.
     */
    static DataSource listening(DataSource pool, Duration timeout) {
        try {
            SimpleDriverDataSource fresh = DataSourceBuilder.derivedFrom(pool)
                    .type(SimpleDriverDataSource.class)
                    .build();
            String seconds = Long.toString(Math.max(1, (timeout.toMillis() + 999) / 1000));
            Properties p = new Properties();
            p.setProperty("tcpKeepAlive", "true");
            p.setProperty("connectTimeout", seconds);
            p.setProperty("loginTimeout", seconds);
            p.setProperty("socketTimeout", seconds);
            fresh.setConnectionProperties(p);
            return fresh;
        } catch (RuntimeException e) {
            log.info("The change feed listens on a pooled connection ({})", e.getMessage());
            return pool;
        }
    }

    /** Asks a Hikari pool to replace its idle connections now and the others when they return. */
    static Runnable replacingPooled(DataSource pool) {
        return () -> {
            HikariDataSource hikari =
                    DataSourceUnwrapper.unwrap(pool, HikariConfigMXBean.class, HikariDataSource.class);
            HikariPoolMXBean connections = hikari == null ? null : hikari.getHikariPoolMXBean();
            if (connections != null) {
                connections.softEvictConnections();
            }
        };
    }
}
