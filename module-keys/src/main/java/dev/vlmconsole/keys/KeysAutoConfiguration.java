package dev.vlmconsole.keys;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.api.services.ApiKeyAuthenticator;
import dev.vlmconsole.api.services.ChangeFeed;
import dev.vlmconsole.api.services.EntitlementService;
import dev.vlmconsole.api.services.KeyCatalog;
import dev.vlmconsole.api.services.MemberResources;
import dev.vlmconsole.api.services.UsageQueries;
import dev.vlmconsole.api.services.WorkspaceStatus;
import dev.vlmconsole.keys.api.ForwardAuthController;
import dev.vlmconsole.keys.api.KeysApiController;
import dev.vlmconsole.keys.catalog.KeysCatalog;
import dev.vlmconsole.keys.platform.PlatformKeyRepository;
import dev.vlmconsole.keys.platform.PlatformKeyService;
import dev.vlmconsole.keys.platform.PlatformKeyVerifier;
import dev.vlmconsole.keys.verify.KeyChangeFeed;
import dev.vlmconsole.keys.verify.KeyMetrics;
import dev.vlmconsole.keys.verify.KeyStateCache;
import dev.vlmconsole.keys.verify.KeyStoreHealth;
import dev.vlmconsole.keys.verify.KeyStoreReads;
import dev.vlmconsole.keys.verify.KeyVerifier;
import dev.vlmconsole.keys.verify.RateLimiter;
import dev.vlmconsole.keys.verify.UsageRecorder;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Found by Spring Boot from this jar: contributes the API keys module. Its settings are
 * {@link KeysProperties} ({@code console.keys.*}) and the shell's {@code console.data-dir}. Key
 * changes reach every node through the console's {@link ChangeFeed}, which the console always
 * provides (its heartbeat is the console's {@code console.feed.heartbeat}).
 */
@AutoConfiguration
@Import({KeysApiController.class, ForwardAuthController.class})
@EnableConfigurationProperties(KeysProperties.class)
public class KeysAutoConfiguration {

    @Bean
    ConsoleModule keysModule(ObjectProvider<KeyService> keyService) {
        return new KeysModule(keyService::getObject);
    }

    @Bean
    KeyFormat keyFormat(KeysProperties settings) {
        return new KeyFormat(settings.prefix());
    }

    @Bean
    SecretHasher secretHasher(KeysProperties settings) {
        return new SecretHasher(settings.pepper());
    }

    @Bean
    KeyRepository keyRepository(DSLContext db) {
        return new KeyRepository(db);
    }

    @Bean
    KeyStateCache keyStateCache(KeysProperties settings) {
        return new KeyStateCache(
                settings.cacheSize(),
                settings.cacheSize(),
                Duration.ofMinutes(10),
                settings.maxStaleness(),
                Ticker.systemTicker());
    }

    /** On PostgreSQL the change feed's round trips show the database answers again (DD003). */
    @Bean
    KeyStoreHealth keyStoreHealth(DSLContext db, ChangeFeed feed) {
        return db.dialect().family() == SQLDialect.POSTGRES
                ? new KeyStoreHealth(feed::lastConfirmed)
                : new KeyStoreHealth();
    }

    /** On H2 the database is in the process: its reads fail at once or not at all, so none is timed. */
    @Bean(destroyMethod = "close")
    KeyStoreReads keyStoreReads(DSLContext db, KeyStoreHealth health, KeysProperties settings) {
        return db.dialect().family() == SQLDialect.POSTGRES
                ? KeyStoreReads.bounded(health, settings.readTimeout())
                : KeyStoreReads.direct();
    }

    @Bean
    KeyChangeFeed keyChangeFeed(
            ChangeFeed feed,
            KeyRepository keys,
            KeyStateCache cache,
            PlatformTransactionManager tm,
            KeyStoreHealth health) {
        TransactionTemplate readOnly = new TransactionTemplate(tm);
        readOnly.setReadOnly(true);
        return new KeyChangeFeed(feed, keys, cache, readOnly, health);
    }

    @Bean
    RateLimiter keyRateLimiter(
            DSLContext db,
            DataSource dataSource,
            ObjectProvider<Clock> clock,
            KeyStoreHealth health,
            KeysProperties settings) {
        boolean database = switch (settings.rateLimitStore()) {
            case DATABASE -> true;
            case MEMORY -> false;
            case AUTO -> db.dialect().family() == SQLDialect.POSTGRES;
        };
        var shared = database
                ? Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                        .primaryKeyMapper(PrimaryKeyMapper.STRING)
                        .table("rate_limit_buckets")
                        .idColumn("id")
                        .stateColumn("state")
                        .clientClock(TimeMeter.SYSTEM_MILLISECONDS)
                        .build()
                : null;
        return new RateLimiter(shared, clock.getIfAvailable(Clock::systemUTC), health);
    }

    @Bean
    UsageRecorder keyUsageRecorder(
            KeyRepository keys,
            PlatformTransactionManager tm,
            ObjectProvider<Clock> clock,
            KeyStoreHealth health,
            KeysProperties settings,
            UsageQueries usage,
            // the shell's data folder: read by name, a module does not depend on the shell
            @Value("${console.data-dir:./data}") Path dataDir) {
        return new UsageRecorder(
                keys,
                new TransactionTemplate(tm),
                clock.getIfAvailable(Clock::systemUTC),
                dataDir,
                settings.usageFinalFlushRetry(),
                health,
                usage.dayZone());
    }

    /** What verification counts: plain counters the hot path adds to, read by the meters below. */
    @Bean
    KeyMetrics keyMetrics() {
        return new KeyMetrics();
    }

    /** The keys module's meters on the console's registry (DD032); without a registry nothing reads them. */
    @Bean
    MeterBinder keyMeters(KeyMetrics metrics, KeyStateCache cache, UsageRecorder usage) {
        return metrics.binder(cache, usage);
    }

    @Bean
    KeyVerifier keyVerifier(
            KeyFormat format,
            SecretHasher hasher,
            KeyStateCache cache,
            KeyRepository keys,
            PlatformTransactionManager tm,
            EntitlementService entitlements,
            WorkspaceStatus status,
            RateLimiter rateLimiter,
            UsageRecorder usage,
            ObjectProvider<Clock> clock,
            KeyStoreReads reads,
            KeyMetrics metrics) {
        TransactionTemplate readOnly = new TransactionTemplate(tm);
        readOnly.setReadOnly(true);
        return new KeyVerifier(
                format,
                hasher,
                cache,
                keys,
                readOnly,
                entitlements,
                status,
                rateLimiter,
                usage,
                clock.getIfAvailable(Clock::systemUTC),
                reads,
                metrics);
    }

    @Bean
    KeyService keyService(
            KeyRepository keys,
            KeyFormat format,
            SecretHasher hasher,
            KeyChangeFeed feed,
            ConsoleContext context,
            AuditLog audit,
            UsageQueries usage,
            ObjectProvider<Clock> clock,
            KeysProperties settings) {
        return new KeyService(
                keys,
                format,
                hasher,
                feed,
                context,
                audit,
                usage,
                clock.getIfAvailable(Clock::systemUTC),
                settings.maxActivePerWorkspace());
    }

    /** Members' active keys, which the Team page names before a member is removed. */
    @Bean
    MemberResources keyResources(KeyRepository keys, ObjectProvider<Clock> clock) {
        return new KeyResources(keys, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    ApiKeyAuthenticator keyAuthenticator(KeyVerifier verifier) {
        return new KeyAuthenticator(verifier);
    }

    @Bean
    KeyEvents keyEvents(KeyService keys, PlatformKeyService platformKeys, KeyFormat format, KeysProperties settings) {
        return new KeyEvents(keys, platformKeys, format, settings.bootstrapAdminKey(), settings.bootstrapPlatformKey());
    }

    /**
     * Which workspace each key belongs to and its requests per day, for other modules (billing), and the
     * workspace's service keys (the Team page's SCIM card).
     */
    @Bean
    KeyCatalog keyCatalog(
            DSLContext db,
            PlatformTransactionManager tm,
            ChangeFeed feed,
            ObjectProvider<Clock> clock,
            KeysProperties settings,
            KeyService keys) {
        return new KeysCatalog(
                db,
                new TransactionTemplate(tm),
                feed,
                clock.getIfAvailable(Clock::systemUTC),
                settings.cacheSize(),
                keys);
    }

    @Bean
    PlatformKeyRepository platformKeyRepository(DSLContext db) {
        return new PlatformKeyRepository(db);
    }

    /** Platform keys on the machine API, answered from memory (DD024). */
    @Bean
    PlatformKeyVerifier platformKeyAuthenticator(
            KeyFormat format,
            SecretHasher hasher,
            PlatformKeyRepository keys,
            PlatformTransactionManager tm,
            ChangeFeed feed,
            ObjectProvider<Clock> clock,
            KeysProperties settings) {
        return new PlatformKeyVerifier(
                format,
                hasher,
                keys,
                new TransactionTemplate(tm),
                feed,
                clock.getIfAvailable(Clock::systemUTC),
                settings.maxStaleness(),
                Ticker.systemTicker());
    }

    @Bean
    PlatformKeyService platformKeyService(
            PlatformKeyRepository keys,
            KeyFormat format,
            SecretHasher hasher,
            PlatformKeyVerifier verifier,
            ConsoleContext context,
            AuditLog audit,
            ObjectProvider<Clock> clock) {
        return new PlatformKeyService(
                keys, format, hasher, verifier, context, audit, clock.getIfAvailable(Clock::systemUTC));
    }
}
