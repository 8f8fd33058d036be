package dev.vlmconsole.keys.verify;

import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.api.services.EntitlementService;
import dev.vlmconsole.api.services.Entitlements;
import dev.vlmconsole.api.services.WorkspaceStatus;
import dev.vlmconsole.keys.KeyFormat;
import dev.vlmconsole.keys.KeyRepository;
import dev.vlmconsole.keys.SecretHasher;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The hot path every platform request goes through. In order: format and checksum (no I/O), hash,
 * cached state (or the index's "certainly unknown", or one database read), revoked, expired, the
 * workspace suspended by the operators (from memory, {@link WorkspaceStatus}), credits (the
 * workspace's, and the key's own budget), rate limit: the codes' order of precedence in
 * {@link VerificationCode}. Only a call that would be {@code VALID} takes a token from the rate-limit
 * window. Usage is counted in memory and written in batches.
 *
 * Why verification answers from memory, and how stale it may be: DD003
 * ({@code docs/decisions/DD003-key-verification-hot-path.md}).
 */
public final class KeyVerifier {

    private final KeyFormat format;
    private final SecretHasher hasher;
    private final KeyStateCache cache;
    private final KeyRepository keys;
    private final TransactionTemplate readOnly;
    private final EntitlementService entitlements;
    private final RateLimiter rateLimiter;
    private final UsageRecorder usage;
    private final Clock clock;
    private final KeyStoreReads store;
    private final WorkspaceStatus status;
    private final KeyMetrics metrics;

    public KeyVerifier(
            KeyFormat format,
            SecretHasher hasher,
            KeyStateCache cache,
            KeyRepository keys,
            TransactionTemplate readOnly,
            EntitlementService entitlements,
            WorkspaceStatus status,
            RateLimiter rateLimiter,
            UsageRecorder usage,
            Clock clock) {
        this(
                format,
                hasher,
                cache,
                keys,
                readOnly,
                entitlements,
                status,
                rateLimiter,
                usage,
                clock,
                KeyStoreReads.direct());
    }

    /** With cache-miss reads bounded in time and refused at once while the store is known down. */
    public KeyVerifier(
            KeyFormat format,
            SecretHasher hasher,
            KeyStateCache cache,
            KeyRepository keys,
            TransactionTemplate readOnly,
            EntitlementService entitlements,
            WorkspaceStatus status,
            RateLimiter rateLimiter,
            UsageRecorder usage,
            Clock clock,
            KeyStoreReads store) {
        this(
                format,
                hasher,
                cache,
                keys,
                readOnly,
                entitlements,
                status,
                rateLimiter,
                usage,
                clock,
                store,
                new KeyMetrics());
    }

    /** With its answers and cache lookups counted in {@code metrics} (DD032). */
    public KeyVerifier(
            KeyFormat format,
            SecretHasher hasher,
            KeyStateCache cache,
            KeyRepository keys,
            TransactionTemplate readOnly,
            EntitlementService entitlements,
            WorkspaceStatus status,
            RateLimiter rateLimiter,
            UsageRecorder usage,
            Clock clock,
            KeyStoreReads store,
            KeyMetrics metrics) {
        this.metrics = metrics;
        this.store = store;
        this.status = status;
        this.format = format;
        this.hasher = hasher;
        this.cache = cache;
        this.keys = keys;
        this.readOnly = readOnly;
        this.entitlements = entitlements;
        this.rateLimiter = rateLimiter;
        this.usage = usage;
        this.clock = clock;
    }

    /**
     * Verifies a key for a platform request: takes one request from the workspace's window. A SCIM key is
     * never {@code VALID} here: it is answered {@code NOT_FOUND}, whatever its state (DD037).
     */
    public Verification verify(String presented) {
        return metrics.counted(check(presented, true));
    }

    /**
     * Authenticates a key for the management API: same checks, without taking from the window and
     * without counting usage (only verifications are a key's requests and last use). A key of a
     * suspended workspace still authenticates: its calls are refused by permission, reads excepted
     * (module-api {@code ConsoleModule.readOnlyPermissions()}). A SCIM key authenticates here as any key
     * (the console's SCIM endpoints accept it, and every other call refuses its scope).
     */
    public Verification authenticate(String presented) {
        return check(presented, false);
    }

    private Verification check(String presented, boolean consume) {
        if (format.parse(presented).isEmpty()) {
            return Verification.of(VerificationCode.MALFORMED);
        }
        String hash = hasher.hash(presented);
        Optional<KeyState> found = lookup(hash);
        if (found.isEmpty()) {
            return Verification.of(VerificationCode.NOT_FOUND);
        }
        KeyState key = found.get();
        if (consume && ApiKeyPrincipal.SCOPE_SCIM.equals(key.scope())) {
            // not a key for the platform: it calls this console's SCIM endpoints and nothing else, so the
            // gateway is told what it would be told of any secret it should not accept, and nothing of it
            return Verification.of(VerificationCode.NOT_FOUND);
        }
        Instant now = clock.instant();
        if (key.revokedAt() != null
                || (key.secretValidUntil() != null && !key.secretValidUntil().isAfter(now))) {
            return new Verification(VerificationCode.REVOKED, key, null);
        }
        if (key.expiresAt() != null && !key.expiresAt().isAfter(now)) {
            return new Verification(VerificationCode.EXPIRED, key, null);
        }
        if (!consume) {
            return new Verification(VerificationCode.VALID, key, null); // a management call is not key usage
        }
        if (status.isSuspended(key.workspaceId())) {
            return new Verification(VerificationCode.SUSPENDED, key, null); // before the credits: VerificationCode
        }
        Entitlements plan = entitlements(key);
        if (!plan.hasCredits()) {
            // refused before the rate limit: a call that is not VALID takes no token from the window
            return new Verification(
                    VerificationCode.INSUFFICIENT_CREDITS, key, rateLimiter.peek(key.workspaceId(), plan));
        }
        RateLimiter.Outcome outcome = rateLimiter.tryConsume(key.workspaceId(), plan);
        if (!outcome.allowed()) {
            return new Verification(VerificationCode.RATE_LIMITED, key, outcome.status());
        }
        usage.record(key.keyId());
        return new Verification(VerificationCode.VALID, key, outcome.status());
    }

    /**
     * The workspace's entitlements for this key (its own credit budget included). A billing module that
     * cannot confirm them (its change feed cut off for longer than it may serve cached values, and the
     * database not answering) makes the call a 503, as an unreachable key store does.
     */
    private Entitlements entitlements(KeyState key) {
        try {
            return entitlements.entitlementsOf(key.workspaceId(), key.keyId());
        } catch (RuntimeException e) {
            throw new KeyStoreUnavailableException(e);
        }
    }

    private Optional<KeyState> lookup(String hash) {
        Optional<KeyState> cached = cache.state(hash);
        if (cached.isPresent()) {
            metrics.hit();
            return cached;
        }
        if (cache.knownAbsent(hash)) {
            metrics.hit();
            return Optional.empty();
        }
        metrics.miss();
        long generation = cache.generation();
        boolean indexSaysAbsent = cache.indexSaysAbsent(hash);
        Optional<KeyState> loaded;
        try {
            loaded = store.read(() -> readOnly.execute(s -> keys.stateByHash(hash)));
        } catch (KeyStoreUnavailableException e) {
            if (indexSaysAbsent) {
                return Optional.empty(); // read only in case it was created elsewhere a moment ago
            }
            throw e;
        }
        if (loaded.isPresent()) {
            cache.put(hash, loaded.get(), generation);
        } else {
            cache.putAbsent(hash);
        }
        return loaded;
    }
}
