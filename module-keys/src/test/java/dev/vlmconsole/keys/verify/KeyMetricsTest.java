package dev.vlmconsole.keys.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.vlmconsole.api.services.EntitlementService;
import dev.vlmconsole.api.services.Entitlements;
import dev.vlmconsole.keys.KeyFormat;
import dev.vlmconsole.keys.KeyRepository;
import dev.vlmconsole.keys.SecretHasher;
import dev.vlmconsole.testsupport.MutableClock;
import dev.vlmconsole.testsupport.TestWorkspaceStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentMatchers;
import org.mockito.Mockito;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/** The keys module's meters move as verification, its cache and the usage flush do (DD032). */
class KeyMetricsTest {

    final KeyFormat format = new KeyFormat("vlm");
    final SecretHasher hasher = new SecretHasher("");
    final KeyRepository repo = mock(KeyRepository.class);
    final TransactionTemplate tx = mock(TransactionTemplate.class);
    final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final KeyMetrics metrics = new KeyMetrics();
    KeyStateCache cache;
    UsageRecorder usage;
    KeyVerifier verifier;
    Entitlements plan = new Entitlements("payg", "Pay-as-you-go", 2, Duration.ofMinutes(1), true);

    @BeforeEach
    @SuppressWarnings("unchecked")
    void setUp() {
        when(tx.execute(ArgumentMatchers.any()))
                .thenAnswer(inv -> ((TransactionCallback<Object>) inv.getArgument(0))
                        .doInTransaction(new SimpleTransactionStatus()));
        Mockito.doAnswer(inv -> {
                    ((Consumer<TransactionStatus>) inv.getArgument(0)).accept(new SimpleTransactionStatus());
                    return null;
                })
                .when(tx)
                .executeWithoutResult(any());
        cache = new KeyStateCache(1000, 1000, Duration.ofMinutes(10));
        usage = new UsageRecorder(repo, tx, clock);
        EntitlementService entitlements = ws -> plan;
        verifier = new KeyVerifier(
                format,
                hasher,
                cache,
                repo,
                tx,
                entitlements,
                new TestWorkspaceStatus(),
                new RateLimiter(null, clock),
                usage,
                clock,
                KeyStoreReads.direct(),
                metrics);
        metrics.binder(cache, usage).bindTo(registry);
    }

    private double verifications(VerificationCode code) {
        return registry.get("console.key.verifications")
                .tag("code", code.name())
                .functionCounter()
                .count();
    }

    private KeyState stored(String secret, Instant expiresAt, Instant revokedAt) {
        KeyState s = new KeyState(
                UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "k", "inference", expiresAt, revokedAt, null);
        when(repo.stateByHash(hasher.hash(secret))).thenReturn(Optional.of(s));
        return s;
    }

    @Test
    void every_code_is_registered_at_zero_before_any_verification() {
        assertThat(registry.get("console.key.verifications").functionCounters())
                .hasSize(VerificationCode.values().length);
        Arrays.stream(VerificationCode.values())
                .forEach(c -> assertThat(verifications(c)).isZero());
        assertThat(registry.get("console.key.ratelimit.refusals")
                        .tag("limit", "workspace")
                        .functionCounter()
                        .count())
                .isZero();
    }

    @Test
    void each_answer_counts_once_under_its_code_and_the_cache_counts_reads_and_hits() {
        String valid = format.generate(KeyFormat.Scope.INFERENCE);
        String revoked = format.generate(KeyFormat.Scope.INFERENCE);
        String expired = format.generate(KeyFormat.Scope.INFERENCE);
        String unknown = format.generate(KeyFormat.Scope.INFERENCE);
        stored(valid, null, null);
        stored(revoked, null, clock.instant().minusSeconds(1));
        stored(expired, clock.instant().minusSeconds(1), null);
        when(repo.stateByHash(hasher.hash(unknown))).thenReturn(Optional.empty());

        verifier.verify("not a key");
        verifier.verify(valid); // read: a miss
        verifier.verify(valid); // cached: a hit
        verifier.verify(valid); // the window (2 a minute) is spent: RATE_LIMITED, a hit
        verifier.verify(revoked);
        verifier.verify(expired);
        verifier.verify(unknown); // read: a miss
        verifier.verify(unknown); // known absent: a hit
        verifier.authenticate(valid); // a management call is no verification, but a cache lookup
        plan = new Entitlements("payg", "Pay-as-you-go", 2, Duration.ofMinutes(1), false);
        verifier.verify(valid);

        assertThat(verifications(VerificationCode.MALFORMED)).isEqualTo(1);
        assertThat(verifications(VerificationCode.VALID)).isEqualTo(2);
        assertThat(verifications(VerificationCode.RATE_LIMITED)).isEqualTo(1);
        assertThat(verifications(VerificationCode.REVOKED)).isEqualTo(1);
        assertThat(verifications(VerificationCode.EXPIRED)).isEqualTo(1);
        assertThat(verifications(VerificationCode.NOT_FOUND)).isEqualTo(2);
        assertThat(verifications(VerificationCode.INSUFFICIENT_CREDITS)).isEqualTo(1);
        assertThat(verifications(VerificationCode.SUSPENDED)).isZero();
        assertThat(registry.get("console.key.ratelimit.refusals")
                        .tag("limit", "workspace")
                        .functionCounter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("console.key.cache.misses").functionCounter().count())
                .isEqualTo(4); // valid, revoked, expired, unknown: each read once
        assertThat(registry.get("console.key.cache.hits").functionCounter().count())
                .isEqualTo(5); // valid twice, unknown once, the management call, the last verification
        assertThat(registry.get("console.key.cache.size").gauge().value()).isEqualTo(3); // valid, revoked, expired
    }

    @Test
    void unwritten_usage_and_its_lag_grow_while_flushes_fail_and_drop_to_zero_once_one_succeeds() {
        String valid = format.generate(KeyFormat.Scope.INFERENCE);
        stored(valid, null, null);
        plan = Entitlements.PAY_AS_YOU_GO;
        var unwritten = registry.get("console.key.usage.unwritten").gauge();
        var lag = registry.get("console.key.usage.flush.lag").gauge();
        var failures = registry.get("console.key.usage.flush.failures").functionCounter();
        assertThat(unwritten.value()).isZero();
        assertThat(lag.value()).isZero();

        usage.flush(); // nothing to write: everything counted so far is written
        clock.advance(Duration.ofSeconds(3));
        verifier.verify(valid);
        verifier.verify(valid);
        assertThat(unwritten.value()).isEqualTo(2);
        assertThat(lag.value()).isEqualTo(3.0);

        doThrow(new DataAccessResourceFailureException("database down"))
                .when(repo)
                .addUsage(any(), any(), anyLong(), any());
        usage.flush();
        clock.advance(Duration.ofSeconds(10));
        usage.flush();
        assertThat(failures.count()).isEqualTo(2);
        assertThat(unwritten.value()).isEqualTo(2);
        assertThat(lag.value()).isEqualTo(13.0);

        Mockito.reset(repo);
        usage.flush();
        assertThat(unwritten.value()).isZero();
        assertThat(lag.value()).isZero();
        assertThat(failures.count()).isEqualTo(2);
    }

    @Test
    void without_a_registry_verification_still_counts_in_memory() {
        KeyMetrics unbound = new KeyMetrics();
        KeyVerifier plain = new KeyVerifier(
                format,
                hasher,
                new KeyStateCache(10, 10, Duration.ofMinutes(1)),
                repo,
                tx,
                ws -> plan,
                new TestWorkspaceStatus(),
                new RateLimiter(null, clock),
                usage,
                clock,
                KeyStoreReads.direct(),
                unbound);
        when(repo.stateByHash(any())).thenReturn(Optional.empty());
        plain.verify(format.generate(KeyFormat.Scope.INFERENCE));
        assertThat(unbound.verifications(VerificationCode.NOT_FOUND)).isEqualTo(1);
        assertThat(unbound.misses()).isEqualTo(1);
        assertThat(unbound.hits()).isZero();
    }
}
