package dev.vlmconsole.app.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.events.MemberRemoved;
import dev.vlmconsole.app.support.ConsoleTest;
import dev.vlmconsole.keys.ApiKey;
import dev.vlmconsole.keys.KeyRepository;
import dev.vlmconsole.keys.KeyFormat;
import dev.vlmconsole.keys.KeyLimitReachedException;
import dev.vlmconsole.keys.KeyService;
import dev.vlmconsole.keys.SecretHasher;
import dev.vlmconsole.keys.verify.KeyChangeFeed;
import dev.vlmconsole.keys.verify.KeyVerifier;
import dev.vlmconsole.keys.verify.UsageRecorder;
import dev.vlmconsole.keys.verify.VerificationCode;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.services.UsageQueries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The keys service on a real database: who may do what, tenant isolation, audit entries, a
 * removed member's keys revoked in the removing transaction, and usage written in batches.
 * Runs on H2 ({@link KeyServiceOnH2Test}) and PostgreSQL ({@link KeyServiceOnPostgresTest}).
 */
abstract class KeyServiceTests extends ConsoleTest {

    @Autowired
    KeyService keys;
    @Autowired
    KeyVerifier verifier;
    @Autowired
    UsageRecorder usage;
    @Autowired
    AuditLog audit;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    KeyRepository repository;
    @Autowired
    KeyFormat format;
    @Autowired
    SecretHasher hasher;
    @Autowired
    KeyChangeFeed feed;
    @Autowired
    ConsoleContext context;
    @Autowired
    UsageQueries usageQueries;
    @Autowired
    Clock clock;

    private KeyService.KeyWithSecret create(String name) {
        return keys.create(new KeyService.NewKey(name, null, null, "inference"));
    }

    @Test
    void every_role_but_billing_reads_keys_and_only_owners_admins_and_members_create_them() {
        Workspace w = newWorkspace();
        for (Role role : Role.values()) {
            login(newMember(w, role), w);
            boolean mayCreate = role == Role.OWNER || role == Role.ADMIN || role == Role.MEMBER;
            if (mayCreate) {
                assertThat(create("by " + role).key().scope()).isEqualTo("inference");
            } else {
                assertThatThrownBy(() -> create("by " + role)).isInstanceOf(PermissionDeniedException.class);
            }
            if (role == Role.BILLING) {
                assertThatThrownBy(() -> keys.count(KeyRepository.Filter.ALL)).isInstanceOf(PermissionDeniedException.class);
            } else {
                assertThat(keys.count(KeyRepository.Filter.ALL)).isPositive();
            }
        }
    }

    @Test
    void a_workspace_never_gets_more_active_keys_than_its_cap_even_when_they_are_created_at_once() throws Exception {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        KeyService capped = new KeyService(repository, format, hasher, feed, context, audit, usageQueries, clock, 3);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                outcomes.add(pool.submit(() -> {
                    var principal = owner.principal();
                    SecurityContextHolder.getContext().setAuthentication(
                            UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities()));
                    start.await();
                    try {
                        tx.execute(s -> capped.create(new KeyService.NewKey("parallel", null, null, "inference")));
                        return "created";
                    } catch (KeyLimitReachedException e) {
                        return e.getMessage();
                    } finally {
                        SecurityContextHolder.clearContext();
                    }
                }));
            }
            start.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> f : outcomes) {
                results.add(f.get());
            }
            assertThat(results).filteredOn("created"::equals).hasSize(3);
            assertThat(results).filteredOn(r -> !r.equals("created"))
                    .allSatisfy(r -> assertThat(r).contains("already has 3 active keys").contains("Revoke"));
        } finally {
            pool.shutdownNow();
        }
        login(owner, w);
        assertThat(keys.count(new KeyRepository.Filter(ApiKey.Status.ACTIVE, null, null, null))).isEqualTo(3);
    }

    @Test
    void admin_scope_is_for_owners_and_admins_only() {
        Workspace w = newWorkspace();
        login(newMember(w, Role.MEMBER), w);
        assertThatThrownBy(() -> keys.create(new KeyService.NewKey("x", null, null, "admin")))
                .isInstanceOf(PermissionDeniedException.class);
        login(newMember(w, Role.ADMIN), w);
        assertThat(keys.create(new KeyService.NewKey("x", null, null, "admin")).secret()).startsWith("vlm_admin_");
    }

    @Test
    void a_member_may_not_touch_another_members_key_but_an_admin_may() {
        Workspace w = newWorkspace();
        TestUser alice = newMember(w, Role.MEMBER);
        login(alice, w);
        KeyService.KeyWithSecret alices = create("alice's");
        login(newMember(w, Role.MEMBER), w);
        assertThatThrownBy(() -> keys.revoke(alices.key().id())).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> keys.rename(alices.key().id(), "mine now")).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> keys.get(alices.key().id())).isInstanceOf(NoSuchElementException.class);
        assertThat(verifier.authenticate(alices.secret()).code()).isEqualTo(VerificationCode.VALID);
        login(newMember(w, Role.ADMIN), w);
        assertThat(keys.revoke(alices.key().id())).isTrue();
        assertThat(verifier.authenticate(alices.secret()).code()).isEqualTo(VerificationCode.REVOKED);
    }

    @Test
    void keys_of_another_workspace_do_not_exist_for_you() {
        Workspace mine = newWorkspace();
        Workspace theirs = newWorkspace();
        login(newMember(theirs, Role.OWNER), theirs);
        KeyService.KeyWithSecret their = create("theirs");
        login(newMember(mine, Role.OWNER), mine);
        assertThatThrownBy(() -> keys.revoke(their.key().id())).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> keys.roll(their.key().id(), Duration.ZERO)).isInstanceOf(NoSuchElementException.class);
        assertThat(keys.list(KeyRepository.Filter.ALL, KeyRepository.SortBy.CREATED, false, 0, 100)).isEmpty();
    }

    @Test
    void every_change_is_audited_without_the_secret() {
        Workspace w = newWorkspace();
        login(newMember(w, Role.OWNER), w);
        KeyService.KeyWithSecret key = create("audited");
        keys.rename(key.key().id(), "audited twice");
        keys.setExpiry(key.key().id(), Instant.now().plus(30, ChronoUnit.DAYS));
        KeyService.KeyWithSecret rolled = keys.roll(key.key().id(), Duration.ofHours(1));
        keys.revoke(key.key().id());
        List<AuditLog.AuditRecord> history = keys.history(key.key().id());
        assertThat(history).extracting(AuditLog.AuditRecord::action).containsExactly(
                "keys.key.revoked", "keys.key.rolled", "keys.key.expiry_set", "keys.key.renamed", "keys.key.created");
        assertThat(history).allSatisfy(r -> {
            assertThat(r.details()).doesNotContain(key.secret()).doesNotContain(rolled.secret());
            assertThat(r.actor()).isNotBlank();
            assertThat(r.subject().type()).isEqualTo(AuditTarget.API_KEY);
            assertThat(r.subject().id()).isEqualTo(key.key().id().toString());
            assertThat(r.subject().label()).doesNotContain(key.secret()).doesNotContain(rolled.secret());
        });
        assertThat(history.getLast().subject().label()).isEqualTo("audited (" + key.key().displayPrefix() + ")");
        assertThat(history.get(3).subject().label()).as("renamed: the new name")
                .isEqualTo("audited twice (" + key.key().displayPrefix() + ")");
    }

    @Test
    void bad_names_expiries_and_grace_periods_are_refused_and_change_nothing() {
        Workspace w = newWorkspace();
        login(newMember(w, Role.OWNER), w);
        KeyService.KeyWithSecret key = create("stable");
        assertThatThrownBy(() -> create(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keys.rename(key.key().id(), "x".repeat(101))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keys.setExpiry(key.key().id(), Instant.now().minusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keys.roll(key.key().id(), Duration.ofMinutes(5))).isInstanceOf(IllegalArgumentException.class);
        ApiKey now = keys.get(key.key().id());
        assertThat(now.name()).isEqualTo("stable");
        assertThat(now.expiresAt()).isNull();
        assertThat(verifier.authenticate(key.secret()).code()).isEqualTo(VerificationCode.VALID);
    }

    @Test
    void removing_a_member_revokes_their_keys_in_one_audited_step() {
        Workspace w = newWorkspace();
        TestUser leaving = newMember(w, Role.MEMBER);
        login(leaving, w);
        KeyService.KeyWithSecret one = create("one");
        KeyService.KeyWithSecret two = create("two");
        TestUser owner = newMember(w, Role.OWNER);
        login(owner, w);
        KeyService.KeyWithSecret ownersKey = create("owner's");
        tx.executeWithoutResult(s -> events.publishEvent(new MemberRemoved(w.id(), leaving.id(),
                new Actor(Actor.Kind.USER, owner.id(), owner.email(), owner.displayName(), false), Instant.now())));
        assertThat(verifier.authenticate(one.secret()).code()).isEqualTo(VerificationCode.REVOKED);
        assertThat(verifier.authenticate(two.secret()).code()).isEqualTo(VerificationCode.REVOKED);
        assertThat(verifier.authenticate(ownersKey.secret()).code()).isEqualTo(VerificationCode.VALID);
        List<AuditLog.AuditRecord> entries = audit.historyOf(AuditTarget.user(leaving.id(), null), 10);
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("keys.key.revoked_with_member");
            assertThat(e.details()).contains("2 key(s)").contains(one.key().displayPrefix()).contains(two.key().displayPrefix());
        });
    }

    @Test
    void verifications_are_counted_in_memory_and_written_in_one_batch() {
        Workspace w = newWorkspace();
        login(newMember(w, Role.OWNER), w);
        KeyService.KeyWithSecret key = create("counted");
        usage.flush();
        for (int i = 0; i < 7; i++) {
            verifier.verify(key.secret());
        }
        assertThat(keys.get(key.key().id()).lastUsedAt()).as("nothing written per request").isNull();
        usage.flush();
        assertThat(keys.get(key.key().id()).lastUsedAt()).isNotNull();
        KeyService.KeyRow row = keys.list(KeyRepository.Filter.ALL, KeyRepository.SortBy.CREATED, false, 0, 10).getFirst();
        assertThat(row.requests30d()).isEqualTo(7);
        assertThat(keys.usage(key.key().id(), 30).getLast().totals().requests()).isEqualTo(7);
    }
}
