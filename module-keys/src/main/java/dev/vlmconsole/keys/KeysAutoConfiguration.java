package dev.vlmconsole.keys;

import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.api.services.ApiKeyAuthenticator;
import dev.vlmconsole.api.services.EntitlementService;
import dev.vlmconsole.api.services.UsageQueries;
import dev.vlmconsole.keys.api.KeysApiController;
import dev.vlmconsole.keys.verify.KeyChangeFeed;
import dev.vlmconsole.keys.verify.KeyStateCache;
import dev.vlmconsole.keys.verify.KeyVerifier;
import dev.vlmconsole.keys.verify.RateLimiter;
import dev.vlmconsole.keys.verify.UsageRecorder;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
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
 * {@code console.keys.cache-size}, and {@code CONSOLE_BOOTSTRAP_ADMIN_KEY}.
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
    KeyStateCache keyStateCache(@Value("${console.keys.cache-size:100000}") long size) {
        return new KeyStateCache(size, size, Duration.ofMinutes(10));
    }

    @Bean
    KeyChangeFeed keyChangeFeed(DSLContext db, DataSource dataSource, KeyRepository keys, KeyStateCache cache,
                                PlatformTransactionManager tm) {
        return new KeyChangeFeed(db, dataSource, keys, cache, new TransactionTemplate(tm));
    }

    @Bean
    RateLimiter keyRateLimiter(DSLContext db, DataSource dataSource, ObjectProvider<Clock> clock,
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
        return new RateLimiter(shared, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    UsageRecorder keyUsageRecorder(KeyRepository keys, PlatformTransactionManager tm, ObjectProvider<Clock> clock) {
        return new UsageRecorder(keys, new TransactionTemplate(tm), clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    KeyVerifier keyVerifier(KeyFormat format, SecretHasher hasher, KeyStateCache cache, KeyRepository keys,
                            PlatformTransactionManager tm, EntitlementService entitlements, RateLimiter rateLimiter,
                            UsageRecorder usage, ObjectProvider<Clock> clock) {
        TransactionTemplate readOnly = new TransactionTemplate(tm);
        readOnly.setReadOnly(true);
        return new KeyVerifier(format, hasher, cache, keys, readOnly, entitlements, rateLimiter, usage,
                clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    KeyService keyService(KeyRepository keys, KeyFormat format, SecretHasher hasher, KeyChangeFeed feed,
                          ConsoleContext context, AuditLog audit, UsageQueries usage, ObjectProvider<Clock> clock) {
        return new KeyService(keys, format, hasher, feed, context, audit, usage, clock.getIfAvailable(Clock::systemUTC));
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
