package dev.vlmconsole.keys;

import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.api.services.ApiKeyAuthenticator;
import dev.vlmconsole.api.services.ChangeFeed;
import dev.vlmconsole.api.services.EntitlementService;
import dev.vlmconsole.api.services.UsageQueries;
import dev.vlmconsole.keys.api.KeysApiController;
import dev.vlmconsole.keys.verify.KeyChangeFeed;
import dev.vlmconsole.keys.verify.KeyStateCache;
import dev.vlmconsole.keys.verify.KeyStoreHealth;
import dev.vlmconsole.keys.verify.KeyStoreReads;
import dev.vlmconsole.keys.verify.KeyVerifier;
import dev.vlmconsole.keys.verify.RateLimiter;
import dev.vlmconsole.keys.verify.UsageRecorder;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Found by Spring Boot from this jar: contributes the API keys module. Settings:
 * {@code console.keys.prefix} (default {@code vlm}), {@code console.keys.pepper} (HMAC key for
 * stored hashes, optional), {@code console.keys.rate-limit-store} ({@code auto}: in the database on
 * PostgreSQL, in memory otherwise; or {@code memory} / {@code database}),
 * {@code console.keys.cache-size}, {@code console.keys.max-active-per-workspace} (default 1,000),
 * {@code console.keys.max-staleness}, {@code console.keys.read-timeout},
 * {@code console.keys.usage-final-flush-retry}, and {@code CONSOLE_BOOTSTRAP_ADMIN_KEY}. Key changes
 * reach every node through the console's {@link ChangeFeed}, which the console always provides
 * (its heartbeat is the console's {@code console.feed.heartbeat}).
 */
@AutoConfiguration
@Import(KeysApiController.class)
public class KeysAutoConfiguration {

    @Bean
    ConsoleModule keysModule(ObjectProvider<KeyService> keyService) {
        return new KeysModule(keyService::getObject);
    }

    @Bean
    KeyFormat keyFormat(@Value("${console.keys.prefix:vlm}") String prefix) {
        return new KeyFormat(prefix);
    }

    @Bean
    SecretHasher secretHasher(@Value("${console.keys.pepper:}") String pepper) {
        return new SecretHasher(pepper);
    }

    @Bean
    KeyRepository keyRepository(DSLContext db) {
        return new KeyRepository(db);
    }

    @Bean
    KeyStateCache keyStateCache(@Value("${console.keys.cache-size:100000}") long size,
                                @Value("${console.keys.max-staleness:PT60S}") Duration maxStaleness) {
        return new KeyStateCache(size, size, Duration.ofMinutes(10), maxStaleness, Ticker.systemTicker());
    }

    /** On PostgreSQL the change feed's round trips show the database answers again (DD003). */
    @Bean
    KeyStoreHealth keyStoreHealth(DSLContext db, ChangeFeed feed) {
        return db.dialect().family() == SQLDialect.POSTGRES ? new KeyStoreHealth(feed::lastConfirmed) : new KeyStoreHealth();
    }

    /** On H2 the database is in the process: its reads fail at once or not at all, so none is timed. */
    @Bean(destroyMethod = "close")
    KeyStoreReads keyStoreReads(DSLContext db, KeyStoreHealth health,
                                @Value("${console.keys.read-timeout:PT1S}") Duration timeout) {
        return db.dialect().family() == SQLDialect.POSTGRES ? KeyStoreReads.bounded(health, timeout) : KeyStoreReads.direct();
    }

    @Bean
    KeyChangeFeed keyChangeFeed(ChangeFeed feed, KeyRepository keys, KeyStateCache cache, PlatformTransactionManager tm,
                                KeyStoreHealth health) {
        TransactionTemplate readOnly = new TransactionTemplate(tm);
        readOnly.setReadOnly(true);
        return new KeyChangeFeed(feed, keys, cache, readOnly, health);
    }

    @Bean
    RateLimiter keyRateLimiter(DSLContext db, DataSource dataSource, ObjectProvider<Clock> clock, KeyStoreHealth health,
                               @Value("${console.keys.rate-limit-store:auto}") String store) {
        boolean database = switch (store) {
            case "database" -> true;
            case "memory" -> false;
            default -> db.dialect().family() == SQLDialect.POSTGRES;
        };
        var shared = database
                ? Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource).primaryKeyMapper(PrimaryKeyMapper.STRING)
                        .table("rate_limit_buckets").idColumn("id").stateColumn("state")
                        .clientClock(TimeMeter.SYSTEM_MILLISECONDS).build()
                : null;
        return new RateLimiter(shared, clock.getIfAvailable(Clock::systemUTC), health);
    }

    @Bean
    UsageRecorder keyUsageRecorder(KeyRepository keys, PlatformTransactionManager tm, ObjectProvider<Clock> clock,
                                   KeyStoreHealth health, @Value("${console.data-dir:./data}") Path dataDir,
                                   @Value("${console.keys.usage-final-flush-retry:PT5S}") Duration finalFlushRetry) {
        return new UsageRecorder(keys, new TransactionTemplate(tm), clock.getIfAvailable(Clock::systemUTC), dataDir,
                finalFlushRetry, health);
    }

    @Bean
    KeyVerifier keyVerifier(KeyFormat format, SecretHasher hasher, KeyStateCache cache, KeyRepository keys,
                            PlatformTransactionManager tm, EntitlementService entitlements, RateLimiter rateLimiter,
                            UsageRecorder usage, ObjectProvider<Clock> clock, KeyStoreReads reads) {
        TransactionTemplate readOnly = new TransactionTemplate(tm);
        readOnly.setReadOnly(true);
        return new KeyVerifier(format, hasher, cache, keys, readOnly, entitlements, rateLimiter, usage,
                clock.getIfAvailable(Clock::systemUTC), reads);
    }

    @Bean
    KeyService keyService(KeyRepository keys, KeyFormat format, SecretHasher hasher, KeyChangeFeed feed,
                          ConsoleContext context, AuditLog audit, UsageQueries usage, ObjectProvider<Clock> clock,
                          @Value("${console.keys.max-active-per-workspace:1000}") int maxActivePerWorkspace) {
        return new KeyService(keys, format, hasher, feed, context, audit, usage, clock.getIfAvailable(Clock::systemUTC),
                maxActivePerWorkspace);
    }

    @Bean
    ApiKeyAuthenticator keyAuthenticator(KeyVerifier verifier) {
        return new KeyAuthenticator(verifier);
    }

    @Bean
    KeyEvents keyEvents(KeyService keys, KeyFormat format,
                        @Value("${CONSOLE_BOOTSTRAP_ADMIN_KEY:}") String bootstrapAdminKey) {
        return new KeyEvents(keys, format, bootstrapAdminKey);
    }
}
