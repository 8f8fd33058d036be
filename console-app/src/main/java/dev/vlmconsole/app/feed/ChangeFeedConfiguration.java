package dev.vlmconsole.app.feed;

import dev.vlmconsole.api.services.ChangeFeed;
import dev.vlmconsole.app.ConsoleProperties;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.springframework.beans.factory.annotation.Value;
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
     * {@code console.feed.live} (1 while every change reaches this node, else 0), {@code
     * console.feed.lag} (seconds since the feed last knew it had every change: up to a heartbeat while
     * live, growing while interrupted; DD032) and, on PostgreSQL, {@code console.feed.reconnects} and
     * {@code console.feed.received} (changes from other nodes).
     */
    @Bean
    MeterBinder changeFeedMetrics(ConsoleChangeFeed feed, Clock clock) {
        return registry -> {
            Gauge.builder("console.feed.live", feed, f -> f.isLive() ? 1 : 0)
                    .description("1 while every change published on any node reaches this one")
                    .register(registry);
            Gauge.builder(
                            "console.feed.lag",
                            feed,
                            f -> ChangeFeedHealthIndicator.lag(f, clock).toMillis() / 1000.0)
                    .description("seconds since this node last knew it had received every change")
                    .baseUnit("seconds")
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

    /**
     * {@code changeFeed} in the health endpoint and the readiness group: down once the feed has been
     * interrupted for longer than caches may serve what they hold. The bound is the keys module's
     * {@code console.keys.max-staleness}, read by name as the billing module reads it: one setting for
     * every cache of the install (DD003, DD022, DD032).
     */
    @Bean
    ChangeFeedHealthIndicator changeFeedHealthIndicator(
            ConsoleChangeFeed feed, @Value("${console.keys.max-staleness:PT60S}") Duration maxStaleness, Clock clock) {
        return new ChangeFeedHealthIndicator(feed, maxStaleness, clock);
    }
}
