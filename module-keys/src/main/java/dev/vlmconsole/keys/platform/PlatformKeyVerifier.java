package dev.vlmconsole.keys.platform;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.vlmconsole.api.services.ChangeFeed;
import dev.vlmconsole.api.services.PlatformKeyAuthenticator;
import dev.vlmconsole.api.services.PlatformKeyPrincipal;
import dev.vlmconsole.keys.KeyFormat;
import dev.vlmconsole.keys.SecretHasher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The keys module's {@link PlatformKeyAuthenticator}: a presented token is checked for shape and
 * checksum without touching anything, then answered from memory by the hash of its secret; a hash
 * this node has not seen is read once and remembered, known or not. Any change of a platform key
 * (created, revoked) is announced on the change feed's topic {@value #TOPIC} inside the changing
 * transaction, and every node then forgets everything it remembered: platform keys are few and
 * change rarely, so a revoked key is refused on every node at its next call.
 *
 * <p>While the feed is interrupted changes may be missed: what this node remembers is served for at
 * most the keys module's maximum staleness ({@code console.keys.max-staleness}) after the feed's last
 * confirmed moment, as for workspace keys (DD003); when the feed resumes everything is forgotten.
 * When the database cannot answer for a key this node does not remember, {@link #authenticate} throws,
 * and the console fails closed (503).
 *
 * <p>The last use of each key is kept in memory and written every few seconds, never on the call.
 * See DD024.
 */
public final class PlatformKeyVerifier implements PlatformKeyAuthenticator, ChangeFeed.Listener, SmartLifecycle {

    /** The topic of platform key changes. */
    public static final String TOPIC = "keys.platform";

    private static final Logger log = LoggerFactory.getLogger(PlatformKeyVerifier.class);
    private static final long LIVE = Long.MAX_VALUE;

    /** What this node knows of one hash, and when it last knew it to be current (ticker nanoseconds). */
    private record Entry(Optional<PlatformKeyPrincipal> principal, long confirmedAt) {}

    private final KeyFormat format;
    private final SecretHasher hasher;
    private final PlatformKeyRepository keys;
    private final TransactionTemplate readOnly;
    private final TransactionTemplate tx;
    private final ChangeFeed feed;
    private final Clock clock;
    private final Ticker ticker;
    private final long maxStalenessNanos;
    private final Cache<String, Entry> entries;
    /** Grows with every invalidation, so a read made before one is never remembered after it. */
    private final AtomicLong generation = new AtomicLong();

    private final Map<UUID, Long> lastUsed = new ConcurrentHashMap<>();
    private volatile long unconfirmedSince = LIVE;
    private ChangeFeed.Subscription subscription;
    private volatile boolean running;

    /**
     * @param tx           writes last uses; a read-only copy of it reads keys
     * @param maxStaleness how long remembered answers are served while the feed is interrupted
     */
    public PlatformKeyVerifier(
            KeyFormat format,
            SecretHasher hasher,
            PlatformKeyRepository keys,
            TransactionTemplate tx,
            ChangeFeed feed,
            Clock clock,
            Duration maxStaleness,
            Ticker ticker) {
        this.format = format;
        this.hasher = hasher;
        this.keys = keys;
        this.tx = tx;
        this.readOnly = new TransactionTemplate(tx.getTransactionManager());
        this.readOnly.setReadOnly(true);
        this.feed = feed;
        this.clock = clock;
        this.ticker = ticker;
        this.maxStalenessNanos = maxStaleness.toNanos();
        this.entries = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(Duration.ofMinutes(10)) // a safety net only: the feed keeps entries current
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
    }

    @Override
    public boolean isPlatformKeyShaped(String token) {
        return format.isPlatformShaped(token);
    }

    @Override
    public Optional<PlatformKeyPrincipal> authenticate(String token) {
        if (!format.isWellFormedPlatform(token)) {
            return Optional.empty();
        }
        String hash = hasher.hash(token);
        Entry known = entries.getIfPresent(hash);
        Optional<PlatformKeyPrincipal> principal;
        if (known != null && current(known)) {
            principal = known.principal();
        } else {
            long before = generation.get();
            long readAt = ticker.read();
            principal = readOnly.execute(s -> keys.byHash(hash))
                    .filter(stored -> !stored.revoked())
                    .map(PlatformKeyRepository.Stored::principal);
            if (generation.get() == before) {
                entries.put(hash, new Entry(principal, readAt));
            }
        }
        principal.ifPresent(p -> lastUsed.merge(p.keyId(), clock.millis(), Math::max));
        return principal;
    }

    private boolean current(Entry e) {
        long since = unconfirmedSince;
        return since == LIVE || ticker.read() - Math.max(since, e.confirmedAt()) <= maxStalenessNanos;
    }

    /** Tells every node that platform keys changed; call inside the changing transaction. */
    void announceChange(UUID keyId) {
        feed.publish(TOPIC, "k:" + keyId);
    }

    @Override
    public void changed(String payload) {
        forget();
    }

    @Override
    public void interrupted(Instant lastConfirmed) {
        long agoNanos =
                Math.max(0, Duration.between(lastConfirmed, clock.instant()).toNanos());
        unconfirmedSince = ticker.read() - agoNanos;
    }

    @Override
    public void resumed() {
        unconfirmedSince = LIVE;
        forget(); // changes made while nobody listened were missed
    }

    private void forget() {
        generation.incrementAndGet();
        entries.invalidateAll();
    }

    /** Writes the last uses counted since the previous flush; a failed write keeps them for the next. */
    @Scheduled(fixedDelayString = "${console.keys.usage-flush-ms:5000}")
    public void flush() {
        if (lastUsed.isEmpty()) {
            return;
        }
        Map<UUID, Instant> batch = new HashMap<>();
        for (UUID id : lastUsed.keySet()) {
            Long at = lastUsed.remove(id);
            if (at != null) {
                batch.put(id, Instant.ofEpochMilli(at));
            }
        }
        try {
            tx.executeWithoutResult(s -> keys.touch(batch));
        } catch (RuntimeException e) {
            batch.forEach((id, at) -> lastUsed.merge(id, at.toEpochMilli(), Math::max));
            log.warn("Could not record the last use of platform keys ({}); will retry", e.getMessage());
        }
    }

    @Override
    public void start() {
        running = true;
        subscription = feed.subscribe(TOPIC, this);
    }

    @Override
    public void stop() {
        try {
            flush();
        } finally {
            running = false;
            if (subscription != null) {
                subscription.close();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts with the key change feed, before the web server. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }
}
