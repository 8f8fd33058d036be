package dev.vlmconsole.keys.verify;

import dev.vlmconsole.api.services.ChangeFeed;
import dev.vlmconsole.keys.KeyRepository;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a key change means on every node, carried by the console's {@link ChangeFeed} on the topic
 * {@value #TOPIC}: a changed key ({@code k:<id>}) drops its cached states, a new secret
 * ({@code h:<hash>}) joins the index. Announced inside the changing transaction, so this node applies
 * it right after the commit and the others within milliseconds.
 *
 * <p>When the feed is interrupted changes may be missed: cached states age from the feed's last
 * confirmed moment (served up to the maximum staleness, see {@link KeyStateCache}), the index is
 * distrusted and {@link KeyStoreHealth} is told the database is down. When the feed resumes (also at
 * start) every cached state is dropped and the index is reloaded, a failed load retried with back-off
 * (1 s doubling to 60 s) while the feed stays live. The feed itself (heartbeat, reconnect, replacing
 * the pool's connections) is the console's: DD008; the bounds it gives key revocation: DD003.
 */
public final class KeyChangeFeed implements SmartLifecycle, ChangeFeed.Listener {

    /** The topic of key changes. */
    public static final String TOPIC = "keys.changes";

    private static final Logger log = LoggerFactory.getLogger(KeyChangeFeed.class);
    private static final long FIRST_RETRY_MILLIS = 1000;
    private static final long MAX_INDEX_BACKOFF_MILLIS = 60_000;

    private final ChangeFeed feed;
    private final KeyRepository keys;
    private final KeyStateCache cache;
    private final TransactionTemplate tx;
    private final KeyStoreHealth health;
    private final long firstRetryMillis;
    private ScheduledExecutorService loader;
    private ChangeFeed.Subscription subscription;
    private volatile boolean running;
    /** Counts the feed's signals; a load of the index is trusted only if none came while it ran. */
    private long epoch;

    private boolean live;
    /** Whether the feed has resumed once: an interruption before is the start, not a lost database. */
    private boolean resumedOnce;

    /**
     * @param tx reads the index (best read-only); on PostgreSQL through the pool, whose connections
     *           the feed has asked to be replaced before it resumes
     */
    public KeyChangeFeed(
            ChangeFeed feed, KeyRepository keys, KeyStateCache cache, TransactionTemplate tx, KeyStoreHealth health) {
        this(feed, keys, cache, tx, health, Duration.ofMillis(FIRST_RETRY_MILLIS));
    }

    /** @param firstRetry the wait before the first retry of a failed index load, doubling up to 60 s */
    public KeyChangeFeed(
            ChangeFeed feed,
            KeyRepository keys,
            KeyStateCache cache,
            TransactionTemplate tx,
            KeyStoreHealth health,
            Duration firstRetry) {
        this.feed = feed;
        this.keys = keys;
        this.cache = cache;
        this.tx = tx;
        this.health = health;
        this.firstRetryMillis = firstRetry.toMillis();
    }

    /** Announces that a key changed; call inside the changing transaction. */
    public void keyChanged(UUID keyId) {
        feed.publish(TOPIC, "k:" + keyId);
    }

    /** Announces a new secret hash; call inside the creating transaction. */
    public void hashAdded(String hash) {
        feed.publish(TOPIC, "h:" + hash);
    }

    @Override
    public void changed(String payload) {
        if (payload.startsWith("k:")) {
            cache.keyChanged(UUID.fromString(payload.substring(2)));
        } else if (payload.startsWith("h:")) {
            cache.hashAdded(payload.substring(2));
        }
    }

    @Override
    public void interrupted(Instant lastConfirmed) {
        synchronized (this) {
            epoch++;
            live = false;
            long agoNanos =
                    Math.max(0, Duration.between(lastConfirmed, Instant.now()).toNanos());
            cache.feedLost(cache.now() - agoNanos);
            if (resumedOnce) {
                health.down(new SQLTransientConnectionException("the change feed lost its database connection"));
            }
        }
    }

    @Override
    public void resumed() {
        long loadEpoch;
        synchronized (this) {
            loadEpoch = ++epoch;
            live = true;
            if (resumedOnce) {
                log.info("Key change feed resumed; cached key states dropped, reloading the key index");
            }
            resumedOnce = true;
            // changes made while nobody listened were missed: forget what was read meanwhile
            cache.feedRestored();
            health.up();
        }
        ScheduledExecutorService l = loader;
        if (l != null && running) {
            try {
                l.execute(() -> loadIndex(loadEpoch, firstRetryMillis));
            } catch (RejectedExecutionException e) {
                // stopping: nothing to load for
            }
        }
    }

    /** Loads every stored hash; trusts the index if the feed stayed live meanwhile, else retries with back-off. */
    private void loadIndex(long loadEpoch, long nextBackoff) {
        synchronized (this) {
            if (!running || loadEpoch != epoch) {
                return; // stopped, or superseded by a later signal
            }
        }
        try {
            Set<String> all = new HashSet<>();
            tx.executeWithoutResult(s -> keys.forEachHash(all::add));
            synchronized (this) {
                if (loadEpoch == epoch && live) {
                    cache.trustIndex(all);
                }
            }
        } catch (RuntimeException e) {
            log.warn(
                    "Could not load the key index ({}); retrying with back-off, verifying against the database meanwhile",
                    e.getMessage());
            ScheduledExecutorService l = loader;
            if (l != null && running) {
                try {
                    l.schedule(
                            () -> loadIndex(loadEpoch, Math.min(nextBackoff * 2, MAX_INDEX_BACKOFF_MILLIS)),
                            nextBackoff,
                            TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException stopping) {
                    // stopped meanwhile
                }
            }
        }
    }

    @Override
    public void start() {
        ScheduledThreadPoolExecutor l = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().daemon().name("key-index-load").factory());
        l.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        loader = l;
        running = true;
        subscription = feed.subscribe(TOPIC, this); // resumed() (a first load) or interrupted() before it returns
    }

    @Override
    public void stop() {
        running = false;
        if (subscription != null) {
            subscription.close();
        }
        if (loader != null) {
            loader.shutdownNow();
        }
    }

    /** Starts before the web server, so the index is usually loaded before the first request. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
