package dev.vlmconsole.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.events.MemberRemoved;
import dev.vlmconsole.api.services.UsageQueries;
import dev.vlmconsole.keys.verify.KeyChangeFeed;
import dev.vlmconsole.keys.verify.KeyVerifier;
import dev.vlmconsole.keys.verify.UsageRecorder;
import dev.vlmconsole.keys.verify.VerificationCode;
import dev.vlmconsole.testsupport.FakeConsoleContext;
import dev.vlmconsole.testsupport.ModuleTestContext;
import dev.vlmconsole.testsupport.TestMembers;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The keys service on a real database: who may do what, tenant isolation, audit entries, a
 * removed member's keys revoked in the removing transaction, and usage written in batches.
 * Runs on H2 ({@link KeyServiceOnH2Test}) and PostgreSQL ({@link KeyServiceOnPostgresTest}), with
 * the module wired by its own auto-configuration over test-support's fake console.
 */
abstract class KeyServiceTests {

    KeyService keys;
    KeyVerifier verifier;
    UsageRecorder usage;
    AuditLog audit;
    KeyRepository repository;
    KeyFormat format;
    SecretHasher hasher;
    KeyChangeFeed feed;
    ConsoleContext context;
    UsageQueries usageQueries;
    Clock clock;
    TransactionTemplate tx;
    private ModuleTestContext spring;
    private TestMembers members;
    private FakeConsoleContext acting;

    /** The keys module on the database this variant tests. */
    abstract ModuleTestContext spring();

    @BeforeEach
    void wire() {
        spring = spring();
        keys = spring.bean(KeyService.class);
        verifier = spring.bean(KeyVerifier.class);
        usage = spring.bean(UsageRecorder.class);
        audit = spring.audit();
        repository = spring.bean(KeyRepository.class);
        format = spring.bean(KeyFormat.class);
        hasher = spring.bean(SecretHasher.class);
        feed = spring.bean(KeyChangeFeed.class);
        context = spring.consoleContext();
        usageQueries = spring.bean(UsageQueries.class);
        clock = spring.bean(Clock.class);
        tx = spring.database().tx();
        members = spring.members();
        acting = spring.consoleContext();
        acting.signOut();
    }

    private TestWorkspace newWorkspace() {
        return members.newWorkspace();
    }

    private TestPerson newMember(TestWorkspace workspace, Role role) {
        return members.newMember(workspace, role);
    }

    private void login(TestPerson person, TestWorkspace workspace) {
        acting.signIn(person, workspace);
    }

    private KeyService.KeyWithSecret create(String name) {
        return keys.create(new KeyService.NewKey(name, null, null, "inference"));
    }

    @Test
    void every_role_but_billing_reads_keys_and_only_owners_admins_and_members_create_them() {
        TestWorkspace w = newWorkspace();
        for (Role role : Role.values()) {
            login(newMember(w, role), w);
            boolean mayCreate = role == Role.OWNER || role == Role.ADMIN || role == Role.MEMBER;
            if (mayCreate) {
                assertThat(create("by " + role).key().scope()).isEqualTo("inference");
            } else {
                assertThatThrownBy(() -> create("by " + role)).isInstanceOf(PermissionDeniedException.class);
            }
            if (role == Role.BILLING) {
                assertThatThrownBy(() -> keys.count(KeyRepository.Filter.ALL))
                        .isInstanceOf(PermissionDeniedException.class);
            } else {
                assertThat(keys.count(KeyRepository.Filter.ALL)).isPositive();
            }
        }
    }

    @Test
    void a_workspace_never_gets_more_active_keys_than_its_cap_even_when_they_are_created_at_once() throws Exception {
        TestWorkspace w = newWorkspace();
        TestPerson owner = newMember(w, Role.OWNER);
        KeyService capped = new KeyService(repository, format, hasher, feed, context, audit, usageQueries, clock, 3);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> outcomes = new ArrayList<>();
        login(owner, w); // the fake context acts as the owner on every thread
        try {
            for (int i = 0; i < 6; i++) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        tx.execute(s -> capped.create(new KeyService.NewKey("parallel", null, null, "inference")));
                        return "created";
                    } catch (KeyLimitReachedException e) {
                        return e.getMessage();
                    }
                }));
            }
            start.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> f : outcomes) {
                results.add(f.get());
            }
            assertThat(results).filteredOn("created"::equals).hasSize(3);
            assertThat(results)
                    .filteredOn(r -> !r.equals("created"))
                    .allSatisfy(r ->
                            assertThat(r).contains("already has 3 active keys").contains("Revoke"));
        } finally {
            pool.shutdownNow();
        }
        login(owner, w);
        assertThat(keys.count(new KeyRepository.Filter(ApiKey.Status.ACTIVE, null, null, null)))
                .isEqualTo(3);
    }

    @Test
    void admin_scope_is_for_owners_and_admins_only() {
        TestWorkspace w = newWorkspace();
        login(newMember(w, Role.MEMBER), w);
        assertThatThrownBy(() -> keys.create(new KeyService.NewKey("x", null, null, "admin")))
                .isInstanceOf(PermissionDeniedException.class);
        login(newMember(w, Role.ADMIN), w);
        assertThat(keys.create(new KeyService.NewKey("x", null, null, "admin")).secret())
                .startsWith("vlm_admin_");
    }

    @Test
    void a_member_may_not_touch_another_members_key_but_an_admin_may() {
        TestWorkspace w = newWorkspace();
        TestPerson alice = newMember(w, Role.MEMBER);
        login(alice, w);
        KeyService.KeyWithSecret alices = create("alice's");
        login(newMember(w, Role.MEMBER), w);
        assertThatThrownBy(() -> keys.revoke(alices.key().id())).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> keys.rename(alices.key().id(), "mine now"))
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> keys.get(alices.key().id())).isInstanceOf(NoSuchElementException.class);
        assertThat(verifier.authenticate(alices.secret()).code()).isEqualTo(VerificationCode.VALID);
        login(newMember(w, Role.ADMIN), w);
        assertThat(keys.revoke(alices.key().id())).isTrue();
        assertThat(verifier.authenticate(alices.secret()).code()).isEqualTo(VerificationCode.REVOKED);
    }

    @Test
    void keys_of_another_workspace_do_not_exist_for_you() {
        TestWorkspace mine = newWorkspace();
        TestWorkspace theirs = newWorkspace();
        login(newMember(theirs, Role.OWNER), theirs);
        KeyService.KeyWithSecret their = create("theirs");
        login(newMember(mine, Role.OWNER), mine);
        assertThatThrownBy(() -> keys.revoke(their.key().id())).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> keys.roll(their.key().id(), Duration.ZERO)).isInstanceOf(NoSuchElementException.class);
        assertThat(keys.list(KeyRepository.Filter.ALL, KeyRepository.SortBy.CREATED, false, 0, 100))
                .isEmpty();
    }

    @Test
    void every_change_is_audited_without_the_secret() {
        TestWorkspace w = newWorkspace();
        login(newMember(w, Role.OWNER), w);
        KeyService.KeyWithSecret key = create("audited");
        keys.rename(key.key().id(), "audited twice");
        keys.setExpiry(key.key().id(), Instant.now().plus(30, ChronoUnit.DAYS));
        KeyService.KeyWithSecret rolled = keys.roll(key.key().id(), Duration.ofHours(1));
        keys.revoke(key.key().id());
        List<AuditLog.AuditRecord> history = keys.history(key.key().id());
        assertThat(history)
                .extracting(AuditLog.AuditRecord::action)
                .containsExactly(
                        "keys.key.revoked",
                        "keys.key.rolled",
                        "keys.key.expiry_set",
                        "keys.key.renamed",
                        "keys.key.created");
        assertThat(history).allSatisfy(r -> {
            assertThat(r.details()).doesNotContain(key.secret()).doesNotContain(rolled.secret());
            assertThat(r.actor()).isNotBlank();
            assertThat(r.subject().type()).isEqualTo(AuditTarget.API_KEY);
            assertThat(r.subject().id()).isEqualTo(key.key().id().toString());
            assertThat(r.subject().label()).doesNotContain(key.secret()).doesNotContain(rolled.secret());
        });
        assertThat(history.getLast().subject().label())
                .isEqualTo("audited (" + key.key().displayPrefix() + ")");
        assertThat(history.get(3).subject().label())
                .as("renamed: the new name")
                .isEqualTo("audited twice (" + key.key().displayPrefix() + ")");
    }

    @Test
    void bad_names_expiries_and_grace_periods_are_refused_and_change_nothing() {
        TestWorkspace w = newWorkspace();
        login(newMember(w, Role.OWNER), w);
        KeyService.KeyWithSecret key = create("stable");
        assertThatThrownBy(() -> create(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keys.rename(key.key().id(), "x".repeat(101)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keys.setExpiry(key.key().id(), Instant.now().minusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keys.roll(key.key().id(), Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class);
        ApiKey now = keys.get(key.key().id());
        assertThat(now.name()).isEqualTo("stable");
        assertThat(now.expiresAt()).isNull();
        assertThat(verifier.authenticate(key.secret()).code()).isEqualTo(VerificationCode.VALID);
    }

    @Test
    void removing_a_member_revokes_their_keys_in_one_audited_step() {
        TestWorkspace w = newWorkspace();
        TestPerson leaving = newMember(w, Role.MEMBER);
        login(leaving, w);
        KeyService.KeyWithSecret one = create("one");
        KeyService.KeyWithSecret two = create("two");
        TestPerson owner = newMember(w, Role.OWNER);
        login(owner, w);
        KeyService.KeyWithSecret ownersKey = create("owner's");
        tx.executeWithoutResult(s -> spring.publish(new MemberRemoved(
                w.id(),
                leaving.id(),
                new Actor(Actor.Kind.USER, owner.id(), owner.email(), owner.displayName(), false),
                Instant.now())));
        assertThat(verifier.authenticate(one.secret()).code()).isEqualTo(VerificationCode.REVOKED);
        assertThat(verifier.authenticate(two.secret()).code()).isEqualTo(VerificationCode.REVOKED);
        assertThat(verifier.authenticate(ownersKey.secret()).code()).isEqualTo(VerificationCode.VALID);
        List<AuditLog.AuditRecord> entries = audit.historyOf(AuditTarget.user(leaving.id(), null), 10);
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("keys.key.revoked_with_member");
            assertThat(e.details())
                    .contains("2 key(s)")
                    .contains(one.key().displayPrefix())
                    .contains(two.key().displayPrefix());
        });
    }

    @Test
    void verifications_are_counted_in_memory_and_written_in_one_batch() {
        TestWorkspace w = newWorkspace();
        login(newMember(w, Role.OWNER), w);
        KeyService.KeyWithSecret key = create("counted");
        usage.flush();
        for (int i = 0; i < 7; i++) {
            verifier.verify(key.secret());
        }
        assertThat(keys.get(key.key().id()).lastUsedAt())
                .as("nothing written per request")
                .isNull();
        usage.flush();
        assertThat(keys.get(key.key().id()).lastUsedAt()).isNotNull();
        KeyService.KeyRow row = keys.list(KeyRepository.Filter.ALL, KeyRepository.SortBy.CREATED, false, 0, 10)
                .getFirst();
        assertThat(row.requests30d()).isEqualTo(7);
        assertThat(keys.usage(key.key().id(), 30).getLast().totals().requests()).isEqualTo(7);
    }
}
