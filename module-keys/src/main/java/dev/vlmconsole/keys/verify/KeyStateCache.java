package dev.vlmconsole.keys.verify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What this node knows about secrets, by hash:
 * <ul>
 * <li>verified key states (bounded Caffeine cache, refreshed by the change feed, with a TTL only
 *     as a safety net);</li>
 * <li>an index of every stored secret hash, kept complete by the change feed, so a flood of
 *     random well-formed keys is answered from memory instead of one query each;</li>
 * <li>a bounded negative cache of hashes read from the database and not found.</li>
 * </ul>
 * A hash the index does not hold is still read from the database, up to
 * {@value #DEFAULT_INDEX_MISS_READS_PER_SECOND} reads a second on this node: a key created on another
 * node a millisecond ago (its announcement still on its way) verifies at once, while a flood of random
 * keys costs at most that many primary-key lookups a second and is otherwise answered from memory.
 * While the feed is live every cached state is current. When it is lost, states are kept but age
 * from the feed's last confirmed round trip (or from their own read, if later); a state older than
 * the maximum staleness is no longer served. When the feed is back, every state is dropped, since
 * changes made meanwhile were missed.
 */
public final class KeyStateCache {

    /** A state and when it was last known current ({@link Ticker} nanoseconds). */
    private record Entry(KeyState state, long confirmedAt) {}

    private static final long LIVE = Long.MAX_VALUE;

    /** How many hashes absent from the index this node reads from the database per second. */
    public static final int DEFAULT_INDEX_MISS_READS_PER_SECOND = 50;

    private final Cache<String, Entry> states;
    private final Cache<String, Boolean> unknown;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final Ticker ticker;
    private final long maxStalenessNanos;
    private volatile boolean indexTrusted;
    /** {@link #LIVE} while the feed delivers every change; otherwise its last confirmed round trip. */
    private volatile long unconfirmedSince = LIVE;
    /** Grows with every invalidation, so a state read before one is never cached after it. */
    private final AtomicLong generation = new AtomicLong();

    private final long missReadIntervalNanos;
    private final long missReadBurstNanos;
    /** The budget of index-miss reads, as a virtual clock: a read is allowed while it lags the ticker. */
    private final AtomicLong missReadClock;

    public KeyStateCache(long maxStates, long maxUnknown, Duration stateTtl) {
        this(maxStates, maxUnknown, stateTtl, Duration.ofSeconds(60), Ticker.systemTicker());
    }

    public KeyStateCache(long maxStates, long maxUnknown, Duration stateTtl, Duration maxStaleness, Ticker ticker) {
        this(maxStates, maxUnknown, stateTtl, maxStaleness, ticker, DEFAULT_INDEX_MISS_READS_PER_SECOND);
    }

    /**
     * @param indexMissReadsPerSecond how many hashes absent from a trusted index are still read from the
     *                                database per second (0: the index alone answers)
     */
    public KeyStateCache(
            long maxStates,
            long maxUnknown,
            Duration stateTtl,
            Duration maxStaleness,
            Ticker ticker,
            int indexMissReadsPerSecond) {
        this.ticker = ticker;
        this.missReadIntervalNanos = indexMissReadsPerSecond <= 0 ? 0 : 1_000_000_000L / indexMissReadsPerSecond;
        this.missReadBurstNanos = 1_000_000_000L; // at most one second's reads at once
        this.missReadClock = new AtomicLong(ticker.read() - missReadBurstNanos);
        this.maxStalenessNanos = maxStaleness.toNanos();
        this.states = Caffeine.newBuilder()
                .maximumSize(maxStates)
                .expireAfterWrite(stateTtl)
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
        this.unknown = Caffeine.newBuilder()
                .maximumSize(maxUnknown)
                .expireAfterWrite(Duration.ofMinutes(5))
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
    }

    /** The cached state of {@code hash}, unless there is none or it is older than the maximum staleness. */
    Optional<KeyState> state(String hash) {
        Entry e = states.getIfPresent(hash);
        if (e == null) {
            return Optional.empty();
        }
        long since = unconfirmedSince;
        if (since != LIVE && ticker.read() - Math.max(since, e.confirmedAt()) > maxStalenessNanos) {
            return Optional.empty();
        }
        return Optional.of(e.state());
    }

    /**
     * Whether {@code hash} is answered as not stored without reading the database: it was read and not
     * found lately, or the trusted index does not hold it and this second's budget of such reads is spent.
     */
    boolean knownAbsent(String hash) {
        if (unknown.getIfPresent(hash) != null) {
            return true;
        }
        return indexTrusted && !known.contains(hash) && !takeMissRead();
    }

    /** Whether the trusted index does not hold {@code hash} (a read of it is only in case it is brand new). */
    boolean indexSaysAbsent(String hash) {
        return indexTrusted && !known.contains(hash);
    }

    private boolean takeMissRead() {
        if (missReadIntervalNanos == 0) {
            return false;
        }
        long now = ticker.read();
        while (true) {
            long clock = missReadClock.get();
            long from = Math.max(clock, now - missReadBurstNanos);
            if (from >= now) {
                return false;
            }
            if (missReadClock.compareAndSet(clock, from + missReadIntervalNanos)) {
                return true;
            }
        }
    }

    long generation() {
        return generation.get();
    }

    /** Caches a state read from the database, unless a change was announced since {@code readAt}. */
    void put(String hash, KeyState state, long readAt) {
        if (generation.get() != readAt) {
            return;
        }
        states.put(hash, new Entry(state, ticker.read()));
        if (generation.get() != readAt) {
            states.invalidate(hash); // a change was announced between the check and the put
        }
        known.add(hash);
        unknown.invalidate(hash);
    }

    void putAbsent(String hash) {
        unknown.put(hash, Boolean.TRUE);
    }

    /** A new secret exists (created here or on another node). */
    public void hashAdded(String hash) {
        known.add(hash);
        unknown.invalidate(hash);
    }

    /** A key changed (revoked, rolled, renamed, expiry set): forget its cached states. */
    public void keyChanged(UUID keyId) {
        generation.incrementAndGet();
        states.asMap().values().removeIf(e -> e.state().keyId().equals(keyId));
    }

    /**
     * Adds a complete load of the stored hashes and trusts the index. Hashes are never deleted,
     * so merging (not replacing) keeps any hash announced while the load ran.
     */
    public void trustIndex(Set<String> allHashes) {
        known.addAll(allHashes);
        indexTrusted = true;
    }

    /**
     * The change feed stopped: changes after {@code lastConfirmed} ({@link Ticker} nanoseconds, its
     * last successful round trip) may be missed. The index is no longer trusted; cached states are
     * kept and served until they are older than the maximum staleness.
     */
    public void feedLost(long lastConfirmed) {
        indexTrusted = false;
        if (unconfirmedSince == LIVE) {
            unconfirmedSince = lastConfirmed;
        }
    }

    /**
     * The change feed listens again: forget every cached state (changes may have been missed while it
     * did not) and serve states read from now on as current. The index is trusted again after a load.
     */
    public void feedRestored() {
        generation.incrementAndGet();
        states.invalidateAll();
        unconfirmedSince = LIVE;
    }

    /** Stops trusting the index and forgets cached states (changes may have been missed). */
    public void distrust() {
        indexTrusted = false;
        generation.incrementAndGet();
        states.invalidateAll();
    }

    /** The time source of the staleness bound ({@link Ticker#read()}). */
    public long now() {
        return ticker.read();
    }

    /** How many key states this node holds (an estimate, as Caffeine counts). */
    public long size() {
        return states.estimatedSize();
    }

    public boolean indexTrusted() {
        return indexTrusted;
    }
}
