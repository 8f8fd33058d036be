package dev.vlmconsole.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.events.MemberRemoved;
import dev.vlmconsole.api.services.ApiKeyAuthenticator;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.api.services.KeyCatalog;
import dev.vlmconsole.api.services.UsageQueries;
import dev.vlmconsole.keys.verify.KeyChangeFeed;
import dev.vlmconsole.keys.verify.KeyVerifier;
import dev.vlmconsole.keys.verify.Verification;
import dev.vlmconsole.keys.verify.VerificationCode;
import dev.vlmconsole.testsupport.FakeConsoleContext;
import dev.vlmconsole.testsupport.ModuleTestContext;
import dev.vlmconsole.testsupport.TestMembers;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Service keys (module-api 1.5, DD037): keys the workspace owns rather than a member, the SCIM key and
 * admin keys for automation. Who may create and revoke them, what a SCIM key may not do, and that
 * removing a person leaves them working. Runs on H2 ({@link ServiceKeysOnH2Test}) and PostgreSQL
 * ({@link ServiceKeysOnPostgresTest}), with the module wired by its own auto-configuration.
 */
abstract class ServiceKeyTests {

    private ModuleTestContext spring;
    private KeyService keys;
    private KeyCatalog catalog;
    private KeyVerifier verifier;
    private FakeConsoleContext acting;
    private TestMembers members;
    private TransactionTemplate tx;

    /** The keys module on the database this variant tests. */
    abstract ModuleTestContext spring();

    @BeforeEach
    void wire() {
        spring = spring();
        keys = spring.bean(KeyService.class);
        catalog = spring.bean(KeyCatalog.class);
        verifier = spring.bean(KeyVerifier.class);
        acting = spring.consoleContext();
        members = spring.members();
        tx = spring.database().tx();
        acting.signOut();
    }

    @Test
    void owners_create_scim_keys_and_admins_members_and_viewers_may_not() {
        TestWorkspace w = members.newWorkspace();
        TestPerson owner = members.newMember(w, Role.OWNER);
        acting.signIn(owner, w);

        KeyCatalog.IssuedKey scim = catalog.createServiceKey("Okta provisioning", "scim");

        assertThat(scim.secret()).matches("vlm_admin_[0-9A-Za-z]{38}");
        assertThat(scim.facts().workspaceId()).isEqualTo(w.id());
        assertThat(scim.facts().active()).isTrue();
        assertThat(scim.facts().prefix()).isEqualTo(scim.secret().substring(0, "vlm_admin_".length() + 4));
        assertThat(scim.toString()).doesNotContain(scim.secret());
        ApiKey stored = keys.get(scim.facts().keyId());
        assertThat(stored.scope()).isEqualTo("scim");
        assertThat(stored.ownerUserId()).isNull();
        assertThat(stored.isServiceKey()).isTrue();
        assertThat(stored.createdBy()).isEqualTo(owner.displayName());
        for (Role role : List.of(Role.ADMIN, Role.MEMBER, Role.VIEWER, Role.BILLING)) {
            acting.signIn(members.newMember(w, role), w);
            assertThatThrownBy(() -> catalog.createServiceKey("by " + role, "scim"))
                    .as(role.name())
                    .isInstanceOf(PermissionDeniedException.class);
        }
        acting.signIn(owner, w);
        assertThat(catalog.serviceKeysOf(w.id(), "scim"))
                .extracting(KeyCatalog.KeyFacts::keyId)
                .containsExactly(scim.facts().keyId());
    }

    @Test
    void an_owners_admin_key_may_create_a_scim_key_an_admins_may_not_and_a_service_key_never() {
        TestWorkspace w = members.newWorkspace();
        TestPerson owner = members.newMember(w, Role.OWNER);
        TestPerson admin = members.newMember(w, Role.ADMIN);

        acting.useApiKey(adminKeyOf(w, owner.id()));
        KeyService.KeyWithSecret byKey = keys.create(new KeyService.NewKey("from CI", null, null, "scim"));
        assertThat(byKey.key().ownerUserId()).isNull();
        assertThat(byKey.key().createdBy()).isEqualTo("API key automation");

        acting.useApiKey(adminKeyOf(w, admin.id()));
        assertThatThrownBy(() -> keys.create(new KeyService.NewKey("by an admin's key", null, null, "scim")))
                .isInstanceOf(PermissionDeniedException.class);

        acting.useApiKey(new ApiKeyPrincipal(
                UUID.randomUUID(), w.id(), owner.id(), "sdk", Set.of(ApiKeyPrincipal.SCOPE_INFERENCE)));
        assertThatThrownBy(() -> keys.create(new KeyService.NewKey("by an inference key", null, null, "scim")))
                .isInstanceOf(PermissionDeniedException.class);

        // an admin service key acts with an Owner's role, yet makes no keys: nobody would answer for them
        acting.useApiKey(adminKeyOf(w, null));
        assertThatThrownBy(() -> keys.create(new KeyService.NewKey("by a service key", null, null, "scim")))
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> keys.create(
                        new KeyService.NewKey("another service key", null, null, "admin", KeyService.OWNER_WORKSPACE)))
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> keys.create(new KeyService.NewKey("a personal one", null, null, "inference")))
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> keys.revokeServiceKey(byKey.key().id())).isInstanceOf(PermissionDeniedException.class);
        assertThat(verifier.authenticate(byKey.secret()).code()).isEqualTo(VerificationCode.VALID);
    }

    @Test
    void an_admin_key_may_be_the_workspaces_and_an_inference_key_may_not() {
        TestWorkspace w = members.newWorkspace();
        TestPerson owner = members.newMember(w, Role.OWNER);
        acting.signIn(owner, w);

        KeyService.KeyWithSecret automation =
                keys.create(new KeyService.NewKey("deploy bot", null, null, "admin", KeyService.OWNER_WORKSPACE));
        assertThat(automation.key().isServiceKey()).isTrue();
        assertThat(automation.key().scope()).isEqualTo("admin");
        assertThat(automation.secret()).startsWith("vlm_admin_");
        assertThat(keys.create(new KeyService.NewKey("mine", null, null, "admin", KeyService.OWNER_ME))
                        .key()
                        .ownerUserId())
                .isEqualTo(owner.id());

        int before = keys.count(KeyRepository.Filter.ALL);
        assertThatThrownBy(() ->
                        keys.create(new KeyService.NewKey("sdk", null, null, "inference", KeyService.OWNER_WORKSPACE)))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.getMessage()).contains("inference key belongs to a member"));
        assertThatThrownBy(() -> keys.create(new KeyService.NewKey("scim", null, null, "scim", KeyService.OWNER_ME)))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> keys.create(new KeyService.NewKey("odd", null, null, "admin", "team")))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> catalog.createServiceKey("sdk", "inference"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> catalog.createServiceKey(" ", "scim")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> catalog.createServiceKey("x", "root")).isInstanceOf(InvalidInputException.class);
        assertThat(keys.count(KeyRepository.Filter.ALL)).as("nothing created").isEqualTo(before);

        acting.signIn(members.newMember(w, Role.ADMIN), w);
        assertThatThrownBy(() -> keys.create(
                        new KeyService.NewKey("admin's bot", null, null, "admin", KeyService.OWNER_WORKSPACE)))
                .isInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void the_key_authenticator_gives_a_service_key_no_owner() {
        TestWorkspace w = members.newWorkspace();
        acting.signIn(members.newMember(w, Role.OWNER), w);
        KeyCatalog.IssuedKey scim = catalog.createServiceKey("Entra", "scim");

        ApiKeyPrincipal principal = spring.bean(ApiKeyAuthenticator.class)
                .authenticate(scim.secret())
                .orElseThrow();

        assertThat(principal.ownerUserId()).isNull();
        assertThat(principal.isServiceKey()).isTrue();
        assertThat(principal.scopes()).containsExactly(ApiKeyPrincipal.SCOPE_SCIM);
        assertThat(principal.workspaceId()).isEqualTo(w.id());
        assertThat(principal.keyId()).isEqualTo(scim.facts().keyId());
    }

    @Test
    void a_scim_key_never_verifies_for_the_platform_and_can_do_nothing_with_keys() {
        TestWorkspace w = members.newWorkspace();
        acting.signIn(members.newMember(w, Role.OWNER), w);
        KeyCatalog.IssuedKey scim = catalog.createServiceKey("Okta", "scim");

        Verification v = verifier.verify(scim.secret());
        assertThat(v.code()).isEqualTo(VerificationCode.NOT_FOUND);
        assertThat(v.keyId()).as("nothing about the key is told").isNull();
        assertThat(v.workspaceId()).isNull();
        assertThat(v.rateLimit()).isNull();
        assertThat(verifier.authenticate(scim.secret()).code())
                .as("it still authenticates, for SCIM")
                .isEqualTo(VerificationCode.VALID);

        acting.useApiKey(spring.bean(ApiKeyAuthenticator.class)
                .authenticate(scim.secret())
                .orElseThrow());
        assertThatThrownBy(() -> keys.count(KeyRepository.Filter.ALL)).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> keys.create(new KeyService.NewKey("more", null, null, "inference")))
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> keys.revoke(scim.facts().keyId())).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> catalog.createServiceKey("more", "scim"))
                .isInstanceOf(PermissionDeniedException.class);

        acting.signIn(members.newMember(w, Role.OWNER), w);
        catalog.revokeServiceKey(scim.facts().keyId());
        assertThat(verifier.verify(scim.secret()).code())
                .as("revoked, still not a platform key")
                .isEqualTo(VerificationCode.NOT_FOUND);
        assertThat(verifier.authenticate(scim.secret()).code()).isEqualTo(VerificationCode.REVOKED);
    }

    @Test
    void removing_a_member_revokes_their_keys_and_never_the_service_keys_they_created() {
        TestWorkspace w = members.newWorkspace();
        TestPerson leaving = members.newMember(w, Role.OWNER);
        TestPerson staying = members.newMember(w, Role.OWNER);
        acting.signIn(leaving, w);
        KeyCatalog.IssuedKey scim = catalog.createServiceKey("Okta", "scim");
        KeyService.KeyWithSecret bot =
                keys.create(new KeyService.NewKey("bot", null, null, "admin", KeyService.OWNER_WORKSPACE));
        KeyService.KeyWithSecret own = keys.create(new KeyService.NewKey("laptop", null, null, "inference"));

        tx.executeWithoutResult(
                s -> spring.publish(new MemberRemoved(w.id(), leaving.id(), staying.actor(), Instant.now())));

        assertThat(verifier.authenticate(own.secret()).code()).isEqualTo(VerificationCode.REVOKED);
        assertThat(verifier.authenticate(scim.secret()).code()).isEqualTo(VerificationCode.VALID);
        assertThat(verifier.authenticate(bot.secret()).code()).isEqualTo(VerificationCode.VALID);
        assertThat(catalog.serviceKeysOf(w.id(), "scim")).hasSize(1);
        List<AuditLog.AuditRecord> removal = spring.audit().historyOf(AuditTarget.user(leaving.id(), null), 10);
        assertThat(removal)
                .singleElement()
                .satisfies(e -> assertThat(e.details())
                        .contains("1 key(s)")
                        .contains(own.key().displayPrefix())
                        .doesNotContain(scim.facts().prefix()));
    }

    @Test
    void service_keys_are_listed_per_workspace_and_scope_newest_first_and_only_while_active() {
        TestWorkspace w = members.newWorkspace();
        TestWorkspace other = members.newWorkspace();
        acting.signIn(members.newMember(other, Role.OWNER), other);
        KeyCatalog.IssuedKey theirs = catalog.createServiceKey("theirs", "scim");
        acting.signIn(members.newMember(w, Role.OWNER), w);
        KeyCatalog.IssuedKey first = catalog.createServiceKey("first", "scim");
        KeyCatalog.IssuedKey second = catalog.createServiceKey("second", "scim");
        KeyCatalog.IssuedKey revoked = catalog.createServiceKey("revoked", "scim");
        catalog.revokeServiceKey(revoked.facts().keyId());
        KeyCatalog.IssuedKey bot = catalog.createServiceKey("bot", "admin");
        keys.create(new KeyService.NewKey("personal admin", null, null, "admin"));

        assertThat(catalog.serviceKeysOf(w.id(), "scim"))
                .extracting(KeyCatalog.KeyFacts::name)
                .as("active SCIM keys of this workspace only")
                .containsExactlyInAnyOrder("second", "first");
        assertThat(catalog.serviceKeysOf(w.id(), "admin"))
                .extracting(KeyCatalog.KeyFacts::keyId)
                .containsExactly(bot.facts().keyId());
        assertThat(catalog.serviceKeysOf(other.id(), "scim"))
                .extracting(KeyCatalog.KeyFacts::keyId)
                .containsExactly(theirs.facts().keyId());
        assertThat(catalog.serviceKeysOf(UUID.randomUUID(), "scim")).isEmpty();
        assertThat(first.facts().keyId()).isNotEqualTo(second.facts().keyId());
    }

    @Test
    void revoking_a_service_key_is_for_owners_of_its_workspace_and_for_service_keys_only() {
        TestWorkspace w = members.newWorkspace();
        TestWorkspace other = members.newWorkspace();
        acting.signIn(members.newMember(other, Role.OWNER), other);
        KeyCatalog.IssuedKey theirs = catalog.createServiceKey("theirs", "scim");
        TestPerson owner = members.newMember(w, Role.OWNER);
        acting.signIn(owner, w);
        KeyCatalog.IssuedKey mine = catalog.createServiceKey("mine", "scim");
        KeyService.KeyWithSecret personal = keys.create(new KeyService.NewKey("personal", null, null, "admin"));

        assertThatThrownBy(() -> catalog.revokeServiceKey(theirs.facts().keyId()))
                .isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> catalog.revokeServiceKey(personal.key().id()))
                .isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> catalog.revokeServiceKey(UUID.randomUUID()))
                .isInstanceOf(NoSuchElementException.class);
        assertThat(verifier.authenticate(personal.secret()).code()).isEqualTo(VerificationCode.VALID);

        TestPerson admin = members.newMember(w, Role.ADMIN);
        acting.signIn(admin, w);
        assertThat(keys.list(KeyRepository.Filter.ALL, KeyRepository.SortBy.CREATED, false, 0, 100))
                .as("Admins see service keys")
                .extracting(r -> r.key().id())
                .contains(mine.facts().keyId());
        assertThatThrownBy(() -> catalog.revokeServiceKey(mine.facts().keyId()))
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> keys.revoke(mine.facts().keyId())).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> keys.rename(mine.facts().keyId(), "renamed"))
                .isInstanceOf(PermissionDeniedException.class);
        acting.signIn(members.newMember(w, Role.MEMBER), w);
        assertThat(keys.list(KeyRepository.Filter.ALL, KeyRepository.SortBy.CREATED, false, 0, 100))
                .as("a Member sees their own keys only")
                .isEmpty();
        assertThatThrownBy(() -> keys.get(mine.facts().keyId())).isInstanceOf(NoSuchElementException.class);
        assertThat(verifier.authenticate(theirs.secret()).code()).isEqualTo(VerificationCode.VALID);
        assertThat(verifier.authenticate(mine.secret()).code()).isEqualTo(VerificationCode.VALID);

        acting.signIn(owner, w);
        catalog.revokeServiceKey(mine.facts().keyId());
        assertThat(verifier.authenticate(mine.secret()).code()).isEqualTo(VerificationCode.REVOKED);
        assertThat(catalog.serviceKeysOf(w.id(), "scim")).isEmpty();
        assertThat(keys.history(mine.facts().keyId()))
                .extracting(AuditLog.AuditRecord::action)
                .containsExactly("keys.key.revoked", "keys.key.created");
        assertThat(keys.history(mine.facts().keyId()))
                .allSatisfy(r -> assertThat(r.details()).contains("owned by the workspace"))
                .allSatisfy(r -> assertThat(r.details()).doesNotContain(mine.secret()));
        catalog.revokeServiceKey(mine.facts().keyId()); // again: nothing changes, nothing is recorded
        assertThat(keys.history(mine.facts().keyId())).hasSize(2);
    }

    @Test
    void service_keys_count_against_the_workspaces_key_limit() {
        TestWorkspace w = members.newWorkspace();
        acting.signIn(members.newMember(w, Role.OWNER), w);
        KeyService capped = new KeyService(
                spring.bean(KeyRepository.class),
                spring.bean(KeyFormat.class),
                spring.bean(SecretHasher.class),
                spring.bean(KeyChangeFeed.class),
                acting,
                spring.audit(),
                spring.bean(UsageQueries.class),
                spring.bean(Clock.class),
                2);
        tx.executeWithoutResult(s -> capped.create(new KeyService.NewKey("personal", null, null, "inference")));
        tx.executeWithoutResult(s -> capped.create(new KeyService.NewKey("scim", null, null, "scim")));

        assertThatThrownBy(() -> tx.executeWithoutResult(s ->
                        capped.create(new KeyService.NewKey("bot", null, null, "admin", KeyService.OWNER_WORKSPACE))))
                .isInstanceOf(KeyLimitReachedException.class);
    }

    @Test
    void the_database_refuses_an_inference_key_without_an_owner_and_a_scim_key_with_one() {
        TestWorkspace w = members.newWorkspace();
        TestPerson owner = members.newMember(w, Role.OWNER);
        DSLContext db = spring.bean(DSLContext.class);
        for (String[] bad : List.of(
                new String[] {"inference", null},
                new String[] {"scim", owner.id().toString()})) {
            assertThatThrownBy(() -> tx.executeWithoutResult(s -> db.insertInto(DSL.table("api_keys"))
                            .set(DSL.field("id", UUID.class), UUID.randomUUID())
                            .set(DSL.field("workspace_id", UUID.class), w.id())
                            .set(
                                    DSL.field("owner_user_id", UUID.class),
                                    bad[1] == null ? null : UUID.fromString(bad[1]))
                            .set(DSL.field("name", String.class), "bad")
                            .set(DSL.field("scope", String.class), bad[0])
                            .set(DSL.field("display_prefix", String.class), "vlm_x")
                            .set(DSL.field("created_at", OffsetDateTime.class), OffsetDateTime.now())
                            .execute()))
                    .as(bad[0])
                    .isInstanceOfAny(
                            DataIntegrityViolationException.class, IntegrityConstraintViolationException.class);
        }
    }

    private static ApiKeyPrincipal adminKeyOf(TestWorkspace w, UUID owner) {
        return new ApiKeyPrincipal(UUID.randomUUID(), w.id(), owner, "automation", Set.of(ApiKeyPrincipal.SCOPE_ADMIN));
    }
}
