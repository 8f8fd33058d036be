package dev.vlmconsole.keys.verify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this node knows about secrets, by hash:
 * <ul>
 * <li>verified key states (bounded Caffeine cache, refreshed by the change feed, with a TTL only
 *     as a safety net);</li>
 * <li>an index of every stored secret hash, kept complete by the change feed, so a flood of
 *     random well-formed keys is answered from memory instead of one query each;</li>
 * <li>a bounded negative cache, used while the index is not trusted (for example right after the
 *     change feed lost its database connection).</li>
 * </ul>
 */
public final class KeyStateCache {

    private final Cache<String, KeyState> states;
    private final Cache<String, Boolean> unknown;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private volatile boolean indexTrusted;
    /** Grows with every invalidation, so a state read before one is never cached after it. */
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

    public KeyStateCache(long maxStates, long maxUnknown, Duration stateTtl) {
        this.states = Caffeine.newBuilder().maximumSize(maxStates).expireAfterWrite(stateTtl)
                .executor(Runnable::run).build();
        this.unknown = Caffeine.newBuilder().maximumSize(maxUnknown).expireAfterWrite(Duration.ofMinutes(5))
                .executor(Runnable::run).build();
    }

    Optional<KeyState> state(String hash) {
        return Optional.ofNullable(states.getIfPresent(hash));
    }

    /** Whether {@code hash} is certainly not a stored secret. */
    boolean knownAbsent(String hash) {
        if (indexTrusted) {
            return !known.contains(hash);
        }
        return unknown.getIfPresent(hash) != null;
    }

    long generation() {
        return generation.get();
    }

    /** Caches a state read from the database, unless a change was announced since {@code readAt}. */
    void put(String hash, KeyState state, long readAt) {
        if (generation.get() != readAt) {
            return;
        }
        states.put(hash, state);
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
        states.asMap().values().removeIf(s -> s.keyId().equals(keyId));
    }

    /**
     * Adds a complete load of the stored hashes and trusts the index. Hashes are never deleted,
     * so merging (not replacing) keeps any hash announced while the load ran.
     */
    public void trustIndex(Set<String> allHashes) {
        known.addAll(allHashes);
        indexTrusted = true;
    }

    /** Stops trusting the index and forgets cached states (changes may have been missed). */
    public void distrust() {
        indexTrusted = false;
        generation.incrementAndGet();
        states.invalidateAll();
    }

    public boolean indexTrusted() {
        return indexTrusted;
    }

    public long cachedStates() {
        return states.estimatedSize();
    }
}
