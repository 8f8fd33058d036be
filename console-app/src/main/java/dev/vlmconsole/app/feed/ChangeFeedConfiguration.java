package dev.vlmconsole.app.feed;

import dev.vlmconsole.api.services.ChangeFeed;
import dev.vlmconsole.app.ConsoleProperties;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The console's {@link ChangeFeed}: always provided (modules inject it and need no fallback), by
 * {@code LISTEN/NOTIFY} on PostgreSQL and in the process on H2. Setting: {@code console.feed.heartbeat}
 * (default {@code PT2S}; {@code console.keys.feed-heartbeat}, its name before module-api 1.1, still
 * works). See DD008.
 */
@Configuration(proxyBeanMethods = false)
class ChangeFeedConfiguration {

    @Bean
    ConsoleChangeFeed changeFeed(DSLContext db, DataSource dataSource, ConsoleProperties settings) {
        Duration heartbeat = settings.feed().heartbeat();
        if (db.dialect().family() != SQLDialect.POSTGRES) {
            return new InProcessChangeFeed();
        }
        return new PostgresChangeFeed(
                db,
                FeedConnections.listening(dataSource, heartbeat),
                FeedConnections.replacingPooled(dataSource),
                heartbeat);
    }

    /**
     * {@code console.feed.live} (1 while every change reaches this node, else 0) and, on PostgreSQL,
     * {@code console.feed.reconnects} and {@code console.feed.received} (changes from other nodes).
     */
    @Bean
    MeterBinder changeFeedMetrics(ConsoleChangeFeed feed) {
        return registry -> {
            Gauge.builder("console.feed.live", feed, f -> f.isLive() ? 1 : 0)
                    .description("1 while every change published on any node reaches this one")
                    .register(registry);
            if (feed instanceof PostgresChangeFeed pg) {
                FunctionCounter.builder("console.feed.reconnects", pg, PostgresChangeFeed::reconnects)
                        .description("times the change feed listened again after losing its connection")
                        .register(registry);
                FunctionCounter.builder("console.feed.received", pg, PostgresChangeFeed::received)
                        .description("changes received from other nodes")
                        .register(registry);
            }
        };
    }
}
