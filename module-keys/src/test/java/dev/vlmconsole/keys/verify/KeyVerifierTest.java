package dev.vlmconsole.keys.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.atMost;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.vlmconsole.api.services.EntitlementService;
import dev.vlmconsole.api.services.Entitlements;
import dev.vlmconsole.keys.KeyFormat;
import dev.vlmconsole.keys.KeyRepository;
import dev.vlmconsole.keys.SecretHasher;
import dev.vlmconsole.testsupport.TestWorkspaceStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentMatchers;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

class KeyVerifierTest {

    final KeyFormat format = new KeyFormat("vlm");
    final SecretHasher hasher = new SecretHasher("");
    final KeyRepository repo = mock(KeyRepository.class);
    final TransactionTemplate tx = mock(TransactionTemplate.class);
    final Clock clock = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
    final UsageRecorder usage = mock(UsageRecorder.class);
    KeyStateCache cache;
    KeyVerifier verifier;
    Entitlements plan = Entitlements.PAY_AS_YOU_GO;
    /** Keys that have spent their own credit budget. */
    final Set<UUID> spentKeys = ConcurrentHashMap.newKeySet();
    /** Workspaces the operators suspended. */
    final TestWorkspaceStatus workspaceStatus = new TestWorkspaceStatus();

    @BeforeEach
    @SuppressWarnings("unchecked")
    void setUp() {
        when(tx.execute(ArgumentMatchers.any()))
                .thenAnswer(inv -> ((TransactionCallback<Object>) inv.getArgument(0))
                        .doInTransaction(new SimpleTransactionStatus()));
        cache = new KeyStateCache(1000, 1000, Duration.ofMinutes(10));
        verifier = new KeyVerifier(
                format,
                hasher,
                cache,
                repo,
                tx,
                new Budgets(),
                workspaceStatus,
                new RateLimiter(null, clock),
                usage,
                clock);
    }

    /** The billing module as verification sees it: the workspace's plan, and keys out of budget. */
    final class Budgets implements EntitlementService {
        @Override
        public Entitlements entitlementsOf(UUID workspaceId) {
            return plan;
        }

        @Override
        public Entitlements entitlementsOf(UUID workspaceId, UUID keyId) {
            Entitlements p = plan;
            return spentKeys.contains(keyId)
                    ? new Entitlements(p.planId(), p.planName(), p.requestsAllowed(), p.period(), false)
                    : p;
        }
    }

    private static Entitlements withoutCredits() {
        return new Entitlements("payg", "Pay-as-you-go", 10, Duration.ofMinutes(1), false);
    }

    private KeyState stored(String secret, UUID workspaceId, Instant expiresAt, Instant revokedAt) {
        KeyState s = new KeyState(
                UUID.randomUUID(), workspaceId, UUID.randomUUID(), "k", "inference", expiresAt, revokedAt, null);
        when(repo.stateByHash(hasher.hash(secret))).thenReturn(Optional.of(s));
        return s;
    }

    private KeyState active(String secret) {
        KeyState s = new KeyState(
                UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "k", "inference", null, null, null);
        when(repo.stateByHash(hasher.hash(secret))).thenReturn(Optional.of(s));
        return s;
    }

    @Test
    void a_bad_checksum_is_malformed_without_touching_cache_or_database() {
        String key = format.generate(KeyFormat.Scope.INFERENCE);
        String tampered = key.substring(0, 20) + (key.charAt(20) == 'a' ? 'b' : 'a') + key.substring(21);
        assertThat(verifier.verify(tampered).code()).isEqualTo(VerificationCode.MALFORMED);
        verify(repo, never()).stateByHash(anyString());
    }

    @Test
    void a_valid_key_is_read_once_then_served_from_the_cache() {
        String key = format.generate(KeyFormat.Scope.INFERENCE);
        KeyState s = active(key);
        Verification first = verifier.verify(key);
        Verification second = verifier.verify(key);
        assertThat(first.code()).isEqualTo(VerificationCode.VALID);
        assertThat(second.keyId()).isEqualTo(s.keyId());
        assertThat(second.rateLimit().remaining()).isEqualTo(8);
        verify(repo, times(1)).stateByHash(anyString());
        verify(usage, times(2)).record(s.keyId());
    }

    @Test
    void a_flood_of_unknown_keys_is_answered_from_the_index_when_it_is_trusted() {
        cache.trustIndex(Set.of());
        when(repo.stateByHash(anyString())).thenReturn(Optional.empty());
        long started = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            assertThat(verifier.verify(format.generate(KeyFormat.Scope.INFERENCE))
                            .code())
                    .isEqualTo(VerificationCode.NOT_FOUND);
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L + 1;
        // one second's budget at once, then the budget's rate: far fewer reads than keys
        int budget = KeyStateCache.DEFAULT_INDEX_MISS_READS_PER_SECOND;
        verify(repo, atMost((int) (budget + budget * seconds))).stateByHash(anyString());
    }

    @Test
    void a_key_the_index_does_not_hold_yet_is_read_in_case_another_node_just_created_it() {
        cache.trustIndex(Set.of()); // the announcement of the new secret has not arrived
        String key = format.generate(KeyFormat.Scope.INFERENCE);
        KeyState s = active(key);
        assertThat(verifier.verify(key).code()).isEqualTo(VerificationCode.VALID);
        assertThat(verifier.verify(key).keyId()).isEqualTo(s.keyId());
        verify(repo, times(1)).stateByHash(anyString());
    }

    @Test
    void an_index_miss_is_not_read_again_once_found_absent() {
        cache.trustIndex(Set.of());
        String key = format.generate(KeyFormat.Scope.INFERENCE);
        when(repo.stateByHash(anyString())).thenReturn(Optional.empty());
        for (int i = 0; i < 5; i++) {
            assertThat(verifier.verify(key).code()).isEqualTo(VerificationCode.NOT_FOUND);
        }
        verify(repo, times(1)).stateByHash(anyString());
    }

    @Test
    void without_a_trusted_index_a_repeated_unknown_key_hits_the_database_once() {
        String key = format.generate(KeyFormat.Scope.INFERENCE);
        when(repo.stateByHash(anyString())).thenReturn(Optional.empty());
        for (int i = 0; i < 5; i++) {
            assertThat(verifier.verify(key).code()).isEqualTo(VerificationCode.NOT_FOUND);
        }
        verify(repo, times(1)).stateByHash(anyString());
    }

    @Test
    void revoked_expired_and_rolled_out_secrets_are_refused() {
        Instant now = clock.instant();
        String revoked = format.generate(KeyFormat.Scope.INFERENCE);
        String expired = format.generate(KeyFormat.Scope.INFERENCE);
        String rolledOut = format.generate(KeyFormat.Scope.INFERENCE);
        String inGrace = format.generate(KeyFormat.Scope.INFERENCE);
        UUID ws = UUID.randomUUID();
        when(repo.stateByHash(hasher.hash(revoked)))
                .thenReturn(Optional.of(new KeyState(
                        UUID.randomUUID(), ws, UUID.randomUUID(), "r", "inference", null, now.minusSeconds(1), null)));
        when(repo.stateByHash(hasher.hash(expired)))
                .thenReturn(Optional.of(
                        new KeyState(UUID.randomUUID(), ws, UUID.randomUUID(), "e", "inference", now, null, null)));
        when(repo.stateByHash(hasher.hash(rolledOut)))
                .thenReturn(Optional.of(new KeyState(
                        UUID.randomUUID(), ws, UUID.randomUUID(), "o", "inference", null, null, now.minusSeconds(1))));
        when(repo.stateByHash(hasher.hash(inGrace)))
                .thenReturn(Optional.of(new KeyState(
                        UUID.randomUUID(),
                        ws,
                        UUID.randomUUID(),
                        "g",
                        "inference",
                        null,
                        null,
                        now.plusSeconds(3600))));
        assertThat(verifier.verify(revoked).code()).isEqualTo(VerificationCode.REVOKED);
        assertThat(verifier.verify(expired).code()).isEqualTo(VerificationCode.EXPIRED);
        assertThat(verifier.verify(rolledOut).code()).isEqualTo(VerificationCode.REVOKED);
        assertThat(verifier.verify(inGrace).code()).isEqualTo(VerificationCode.VALID);
    }

    @Test
    void no_credits_means_insufficient_credits_without_using_the_window() {
        String key = format.generate(KeyFormat.Scope.INFERENCE);
        active(key);
        plan = new Entitlements("payg", "Pay-as-you-go", 10, Duration.ofMinutes(1), false);
        Verification v = verifier.verify(key);
        assertThat(v.code()).isEqualTo(VerificationCode.INSUFFICIENT_CREDITS);
        assertThat(v.rateLimit().remaining()).isEqualTo(10);
    }

    @Test
    void the_eleventh_call_in_a_minute_is_rate_limited() {
        String key = format.generate(KeyFormat.Scope.INFERENCE);
        active(key);
        for (int i = 0; i < 10; i++) {
            assertThat(verifier.verify(key).code()).isEqualTo(VerificationCode.VALID);
        }
        assertThat(verifier.verify(key).code()).isEqualTo(VerificationCode.RATE_LIMITED);
        assertThat(verifier.authenticate(key).code())
                .as("management calls do not use the window")
                .isEqualTo(VerificationCode.VALID);
    }

    @Test
    void with_the_database_down_cached_keys_still_verify_and_others_fail_closed() {
        String cached = format.generate(KeyFormat.Scope.INFERENCE);
        String other = format.generate(KeyFormat.Scope.INFERENCE);
        active(cached);
        assertThat(verifier.verify(cached).code()).isEqualTo(VerificationCode.VALID);
        when(repo.stateByHash(anyString())).thenThrow(new DataAccessResourceFailureException("down"));
        assertThat(verifier.verify(cached).code()).isEqualTo(VerificationCode.VALID);
        assertThatThrownBy(() -> verifier.verify(other)).isInstanceOf(KeyStoreUnavailableException.class);
    }

    @Test
    void a_change_announced_during_a_read_is_not_overwritten_by_the_stale_read() {
        String key = format.generate(KeyFormat.Scope.INFERENCE);
        KeyState s = new KeyState(
                UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "k", "inference", null, null, null);
        when(repo.stateByHash(hasher.hash(key))).thenAnswer(inv -> {
            cache.keyChanged(s.keyId()); // a revocation commits while this read is in flight
            return Optional.of(s);
        });
        verifier.verify(key);
        verifier.verify(key);
        verify(repo, times(2)).stateByHash(hasher.hash(key)); // the stale state was not cached
    }

    @Test
    void codes_follow_their_order_of_precedence_when_several_apply() {
        Instant now = clock.instant();
        UUID ws = UUID.randomUUID();
        plan = withoutCredits(); // every call below is also out of credits
        String revokedAndExpired = format.generate(KeyFormat.Scope.INFERENCE);
        String expired = format.generate(KeyFormat.Scope.INFERENCE);
        String unknown = format.generate(KeyFormat.Scope.INFERENCE);
        stored(revokedAndExpired, ws, now.minusSeconds(5), now.minusSeconds(1));
        stored(expired, ws, now.minusSeconds(5), null);
        when(repo.stateByHash(hasher.hash(unknown))).thenReturn(Optional.empty());
        String malformed = unknown.substring(0, unknown.length() - 1) + (unknown.endsWith("a") ? "b" : "a");

        assertThat(verifier.verify(malformed).code()).isEqualTo(VerificationCode.MALFORMED);
        assertThat(verifier.verify(unknown).code()).isEqualTo(VerificationCode.NOT_FOUND);
        assertThat(verifier.verify(revokedAndExpired).code()).isEqualTo(VerificationCode.REVOKED);
        assertThat(verifier.verify(expired).code()).isEqualTo(VerificationCode.EXPIRED);
        verify(usage, never()).record(ArgumentMatchers.any());
    }

    @Test
    void a_key_of_a_suspended_workspace_is_suspended_after_expired_and_before_the_credits() {
        Instant now = clock.instant();
        UUID ws = UUID.randomUUID();
        String valid = format.generate(KeyFormat.Scope.INFERENCE);
        String expired = format.generate(KeyFormat.Scope.INFERENCE);
        String revoked = format.generate(KeyFormat.Scope.INFERENCE);
        stored(valid, ws, null, null);
        stored(expired, ws, now.minusSeconds(5), null);
        stored(revoked, ws, null, now.minusSeconds(1));
        workspaceStatus.suspend(ws, "Unpaid invoices");
        plan = withoutCredits(); // out of credits as well: the suspension is answered

        Verification v = verifier.verify(valid);
        assertThat(v.code()).isEqualTo(VerificationCode.SUSPENDED);
        assertThat(v.workspaceId()).isEqualTo(ws);
        assertThat(v.rateLimit()).as("takes nothing from the window").isNull();
        assertThat(verifier.verify(expired).code()).isEqualTo(VerificationCode.EXPIRED);
        assertThat(verifier.verify(revoked).code()).isEqualTo(VerificationCode.REVOKED);
        verify(usage, never()).record(ArgumentMatchers.any());
    }

    @Test
    void a_suspended_workspace_keeps_its_window_and_verifies_again_once_resumed() {
        String key = format.generate(KeyFormat.Scope.INFERENCE);
        KeyState s = active(key);
        workspaceStatus.suspend(s.workspaceId(), "Abuse report");
        for (int i = 0; i < 20; i++) {
            assertThat(verifier.verify(key).code()).isEqualTo(VerificationCode.SUSPENDED);
        }
        assertThat(verifier.authenticate(key).code())
                .as("management calls still authenticate: permissions keep them to reads")
                .isEqualTo(VerificationCode.VALID);
        workspaceStatus.resume(s.workspaceId());
        Verification v = verifier.verify(key);
        assertThat(v.code()).isEqualTo(VerificationCode.VALID);
        assertThat(v.rateLimit().remaining()).as("refused calls took no token").isEqualTo(9);
    }

    @Test
    void insufficient_credits_comes_before_the_rate_limit_and_takes_no_token() {
        String key = format.generate(KeyFormat.Scope.INFERENCE);
        active(key);
        for (int i = 0; i < 10; i++) {
            assertThat(verifier.verify(key).code()).isEqualTo(VerificationCode.VALID);
        }
        assertThat(verifier.verify(key).code()).isEqualTo(VerificationCode.RATE_LIMITED);
        plan = withoutCredits();
        assertThat(verifier.verify(key).code())
                .as("an empty window and no credits: the credits are answered")
                .isEqualTo(VerificationCode.INSUFFICIENT_CREDITS);
    }

    @Test
    void calls_refused_for_credits_leave_the_window_whole() {
        String key = format.generate(KeyFormat.Scope.INFERENCE);
        KeyState s = active(key);
        plan = withoutCredits();
        for (int i = 0; i < 25; i++) {
            Verification v = verifier.verify(key);
            assertThat(v.code()).isEqualTo(VerificationCode.INSUFFICIENT_CREDITS);
            assertThat(v.rateLimit().remaining()).isEqualTo(10);
        }
        plan = Entitlements.PAY_AS_YOU_GO; // a top-up, say
        for (int i = 0; i < 10; i++) {
            assertThat(verifier.verify(key).code()).isEqualTo(VerificationCode.VALID);
        }
        assertThat(verifier.verify(key).code()).isEqualTo(VerificationCode.RATE_LIMITED);
        verify(usage, times(10)).record(s.keyId());
    }

    @Test
    void a_key_that_spent_its_budget_is_refused_while_its_workspace_siblings_verify() {
        UUID ws = UUID.randomUUID();
        String spent = format.generate(KeyFormat.Scope.INFERENCE);
        String sibling = format.generate(KeyFormat.Scope.INFERENCE);
        KeyState spentKey = stored(spent, ws, null, null);
        stored(sibling, ws, null, null);
        spentKeys.add(spentKey.keyId());

        Verification refused = verifier.verify(spent);
        assertThat(refused.code()).isEqualTo(VerificationCode.INSUFFICIENT_CREDITS);
        assertThat(refused.keyId()).isEqualTo(spentKey.keyId());
        assertThat(verifier.verify(sibling).code()).isEqualTo(VerificationCode.VALID);
        assertThat(verifier.verify(sibling).rateLimit().remaining())
                .as("the spent key's refusals took nothing from the workspace's window")
                .isEqualTo(8);
        assertThat(verifier.authenticate(spent).code())
                .as("management calls are not spending")
                .isEqualTo(VerificationCode.VALID);
        spentKeys.clear(); // a new cycle, or a raised budget
        assertThat(verifier.verify(spent).code()).isEqualTo(VerificationCode.VALID);
    }

    @Test
    void entitlements_that_cannot_be_confirmed_make_the_store_unavailable() {
        String key = format.generate(KeyFormat.Scope.INFERENCE);
        active(key);
        verifier = new KeyVerifier(
                format,
                hasher,
                cache,
                repo,
                tx,
                ws -> {
                    throw new IllegalStateException("feed cut off and database away");
                },
                workspaceStatus,
                new RateLimiter(null, clock),
                usage,
                clock);
        assertThatThrownBy(() -> verifier.verify(key)).isInstanceOf(KeyStoreUnavailableException.class);
        verify(usage, never()).record(ArgumentMatchers.any());
    }
}
