package dev.vlmconsole.keys;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The keys module's settings, {@code console.keys.*}, bound by {@link KeysAutoConfiguration} and
 * checked at start-up: a value out of range stops the start with a message naming the setting.
 * The README's configuration table describes each one.
 *
 * @param prefix                the brand part of keys ({@code <prefix>_live_}, {@code <prefix>_admin_})
 * @param pepper                HMAC key for stored key hashes; empty: none
 * @param cacheSize             how many keys each node keeps in memory
 * @param maxStaleness          how long a node cut off from its database keeps verifying cached keys
 * @param readTimeout           how long a verification waits for PostgreSQL on a cache miss
 * @param rateLimitStore        where rate-limit buckets live
 * @param usageFinalFlushRetry  how long the last usage write at shutdown is retried
 * @param maxActivePerWorkspace the most active keys one workspace may have
 * @param bootstrapAdminKey     {@code CONSOLE_BOOTSTRAP_ADMIN_KEY}: an admin key installed by first run
 * @param bootstrapPlatformKey  {@code CONSOLE_BOOTSTRAP_PLATFORM_KEY}: a platform key ({@code <prefix>_svc_})
 *                              with every scope installed by first run; a malformed one stops the start
 * @param verifyRequiresPlatformKey whether {@code POST /api/v1/keys/verify} answers only callers that send
 *                              a platform key with the {@code verify} scope ({@code X-Platform-Key} or the
 *                              bearer token)
 */
@ConfigurationProperties("console.keys")
public record KeysProperties(
        @DefaultValue("vlm") String prefix,
        @DefaultValue("") String pepper,
        @DefaultValue("100000") long cacheSize,
        @DefaultValue("PT60S") Duration maxStaleness,
        @DefaultValue("PT1S") Duration readTimeout,
        @DefaultValue("auto") RateLimitStore rateLimitStore,
        @DefaultValue("PT5S") Duration usageFinalFlushRetry,
        @DefaultValue("1000") int maxActivePerWorkspace,
        @DefaultValue("") String bootstrapAdminKey,
        @DefaultValue("") String bootstrapPlatformKey,
        @DefaultValue("false") boolean verifyRequiresPlatformKey) {

    /** Where rate-limit buckets live: {@code auto} is the database on PostgreSQL, memory on H2. */
    public enum RateLimitStore {
        AUTO,
        MEMORY,
        DATABASE
    }

    public KeysProperties {
        check(cacheSize >= 1, "console.keys.cache-size", "at least 1", cacheSize);
        // zero is the strict setting: never answer from a cached state the feed cannot vouch for
        check(
                maxStaleness != null && !maxStaleness.isNegative(),
                "console.keys.max-staleness",
                "zero or a positive duration such as PT60S",
                maxStaleness);
        checkPositive(readTimeout, "console.keys.read-timeout");
        check(
                usageFinalFlushRetry != null && !usageFinalFlushRetry.isNegative(),
                "console.keys.usage-final-flush-retry",
                "a duration of 0 or more, such as PT5S",
                usageFinalFlushRetry);
        check(maxActivePerWorkspace >= 1, "console.keys.max-active-per-workspace", "at least 1", maxActivePerWorkspace);
        check(
                prefix.matches("[a-z][a-z0-9]{0,15}"),
                "console.keys.prefix",
                "1 to 16 lower-case letters or digits",
                prefix);
        bootstrapPlatformKey = bootstrapPlatformKey == null ? "" : bootstrapPlatformKey.strip();
        if (!bootstrapPlatformKey.isEmpty()) {
            KeyFormat format = new KeyFormat(prefix);
            if (!format.isWellFormedPlatform(bootstrapPlatformKey)) {
                // never the value itself: it is a secret, and start-up messages end up in logs
                throw new IllegalArgumentException(
                        "console.keys.bootstrap-platform-key (CONSOLE_BOOTSTRAP_PLATFORM_KEY) must be a well-formed "
                                + format.platformPrefix() + " key: the prefix, 32 characters of 0-9A-Za-z and their "
                                + "6-character checksum; the value given is not (generate one on the Platform keys "
                                + "page or with the README's recipe)");
            }
        }
    }

    /** Never prints the pepper or the bootstrap keys. */
    @Override
    public String toString() {
        return "KeysProperties[prefix=" + prefix + ", cacheSize=" + cacheSize + ", maxStaleness=" + maxStaleness
                + ", readTimeout=" + readTimeout + ", rateLimitStore=" + rateLimitStore + ", usageFinalFlushRetry="
                + usageFinalFlushRetry + ", maxActivePerWorkspace=" + maxActivePerWorkspace
                + ", verifyRequiresPlatformKey="
                + verifyRequiresPlatformKey + "]";
    }

    private static void check(boolean valid, String setting, String expected, Object actual) {
        if (!valid) {
            throw new IllegalArgumentException(setting + " must be " + expected + ", not " + actual);
        }
    }

    private static void checkPositive(Duration d, String setting) {
        check(d != null && d.isPositive(), setting, "a positive duration such as PT1S", d);
    }
}
