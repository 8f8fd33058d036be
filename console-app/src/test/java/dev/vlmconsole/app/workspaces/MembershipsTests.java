package dev.vlmconsole.app.workspaces;

import static dev.vlmconsole.app.db.Tables.MEMBERSHIPS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.api.services.AlreadyAMemberException;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.api.services.KeyCatalog;
import dev.vlmconsole.api.services.LastOwnerException;
import dev.vlmconsole.api.services.MemberDirectory.Member;
import dev.vlmconsole.api.services.Memberships;
import dev.vlmconsole.api.services.MembershipsManagedElsewhereException;
import dev.vlmconsole.app.modules.CoreModule;
import dev.vlmconsole.app.modules.ModuleRegistry;
import dev.vlmconsole.app.security.ApiKeyAuthentication;
import dev.vlmconsole.app.support.ConsoleTest;
import dev.vlmconsole.keys.ApiKey;
import dev.vlmconsole.keys.KeyService;
import dev.vlmconsole.keys.verify.KeyVerifier;
import dev.vlmconsole.keys.verify.VerificationCode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The core's {@link Memberships} on a real database: who may change what, the last Owner, tenant
 * isolation, the audit log, and {@code MemberRemoved} revoking the person's keys inside the
 * removing transaction. Runs on H2 ({@link MembershipsOnH2Test}) and PostgreSQL
 * ({@link MembershipsOnPostgresTest}, which adds the concurrency tests).
 */
abstract class MembershipsTests extends ConsoleTest {

    @Autowired
    Memberships memberships;

    @Autowired
    ConsoleContext context;

    @Autowired
    AuditLog audit;

    @Autowired
    KeyService keys;

    @Autowired
    KeyVerifier verifier;

    @Autowired
    ModuleRegistry registry;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    ApplicationContext spring;

    @Test
    void an_admin_adds_a_member_changes_their_role_and_removes_them_each_audited() {
        Workspace w = newWorkspace();
        TestUser admin = newMember(w, Role.ADMIN);
        TestUser person = newUser();
        login(admin, w);

        Member added = memberships.add(person.id(), Role.MEMBER);
        assertThat(added).isEqualTo(new Member(person.id(), person.email(), person.displayName(), Role.MEMBER));
        assertThat(roleOf(w, person)).contains(Role.MEMBER);

        assertThat(memberships.changeRole(person.id(), Role.VIEWER).role()).isEqualTo(Role.VIEWER);
        assertThat(roleOf(w, person)).contains(Role.VIEWER);

        memberships.remove(person.id());
        assertThat(roleOf(w, person)).isEmpty();
        assertThat(audit.historyOf(AuditTarget.of(AuditTarget.USER, person.id().toString()), 10))
                .extracting(AuditLog.AuditRecord::action)
                .containsExactly("core.member.removed", "core.member.role_changed", "core.member.added");
        assertThat(audit.historyOf(AuditTarget.of(AuditTarget.USER, person.id().toString()), 10))
                .allSatisfy(e -> assertThat(e.actor()).startsWith(admin.displayName()));
    }

    @Test
    void members_viewers_and_billing_members_change_no_membership() {
        Workspace w = newWorkspace();
        TestUser target = newMember(w, Role.VIEWER);
        for (Role role : List.of(Role.MEMBER, Role.VIEWER, Role.BILLING)) {
            login(newMember(w, role), w);
            assertThatThrownBy(() -> memberships.add(newUser().id(), Role.VIEWER))
                    .isInstanceOfSatisfying(
                            PermissionDeniedException.class,
                            e -> assertThat(e.permission()).isEqualTo(Memberships.MANAGE));
            assertThatThrownBy(() -> memberships.changeRole(target.id(), Role.MEMBER))
                    .isInstanceOf(PermissionDeniedException.class);
            assertThatThrownBy(() -> memberships.remove(target.id())).isInstanceOf(PermissionDeniedException.class);
        }
        assertThat(roleOf(w, target)).contains(Role.VIEWER);
    }

    @Test
    void only_an_owner_makes_changes_or_removes_owners() {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        TestUser admin = newMember(w, Role.ADMIN);
        TestUser member = newMember(w, Role.MEMBER);
        login(admin, w);

        assertThatThrownBy(() -> memberships.changeRole(member.id(), Role.OWNER))
                .isInstanceOfSatisfying(
                        PermissionDeniedException.class,
                        e -> assertThat(e.permission()).isEqualTo(Memberships.MANAGE_OWNERS));
        assertThatThrownBy(() -> memberships.changeRole(owner.id(), Role.ADMIN))
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> memberships.remove(owner.id())).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> memberships.add(newUser().id(), Role.OWNER))
                .isInstanceOf(PermissionDeniedException.class);
        assertThat(roleOf(w, owner)).contains(Role.OWNER);
        assertThat(roleOf(w, member)).contains(Role.MEMBER);

        login(owner, w);
        memberships.changeRole(member.id(), Role.OWNER);
        assertThat(roleOf(w, member)).contains(Role.OWNER);
    }

    @Test
    void the_last_owner_can_be_neither_demoted_nor_removed_nor_leave() {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        login(owner, w);

        assertThatThrownBy(() -> memberships.changeRole(owner.id(), Role.ADMIN))
                .isInstanceOfSatisfying(
                        LastOwnerException.class,
                        e -> assertThat(e.workspaceId()).isEqualTo(w.id()));
        assertThatThrownBy(() -> memberships.remove(owner.id())).isInstanceOf(LastOwnerException.class);
        assertThatThrownBy(() -> memberships.leave()).isInstanceOf(LastOwnerException.class);
        assertThat(roleOf(w, owner)).contains(Role.OWNER);

        TestUser second = newMember(w, Role.OWNER);
        memberships.changeRole(second.id(), Role.ADMIN);
        memberships.changeRole(second.id(), Role.OWNER);
        memberships.leave();
        assertThat(roleOf(w, owner)).isEmpty();
        assertThat(owners(w)).containsExactly(second.id());
    }

    @Test
    void any_member_may_leave() {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        TestUser viewer = newMember(w, Role.VIEWER);
        login(viewer, w);

        memberships.leave();

        assertThat(roleOf(w, viewer)).isEmpty();
        login(owner, w);
        assertThat(audit.historyOf(AuditTarget.of(AuditTarget.USER, viewer.id().toString()), 5))
                .extracting(AuditLog.AuditRecord::action)
                .contains("core.member.left");
    }

    @Test
    void an_admin_key_manages_members_as_far_as_its_owners_role_allows_and_an_inference_key_not_at_all() {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        TestUser admin = newMember(w, Role.ADMIN);
        TestUser member = newMember(w, Role.MEMBER);

        actWithKey(w, admin, ApiKeyPrincipal.SCOPE_ADMIN);
        assertThat(memberships.changeRole(member.id(), Role.VIEWER).role()).isEqualTo(Role.VIEWER);
        assertThatThrownBy(() -> memberships.changeRole(member.id(), Role.OWNER))
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> memberships.leave())
                .as("a key does not make its owner leave")
                .isInstanceOf(PermissionDeniedException.class);

        actWithKey(w, owner, ApiKeyPrincipal.SCOPE_INFERENCE);
        assertThatThrownBy(() -> memberships.changeRole(member.id(), Role.ADMIN))
                .isInstanceOf(PermissionDeniedException.class);

        actWithKey(w, owner, ApiKeyPrincipal.SCOPE_ADMIN);
        memberships.changeRole(member.id(), Role.OWNER);
        assertThat(roleOf(w, member)).contains(Role.OWNER);
        assertThat(roleOf(w, admin)).contains(Role.ADMIN);
    }

    @Test
    void another_workspaces_members_look_like_unknown_ones_and_stay_unchanged() {
        Workspace mine = newWorkspace();
        Workspace theirs = newWorkspace();
        TestUser stranger = newMember(theirs, Role.MEMBER);
        newMember(theirs, Role.OWNER);
        login(newMember(mine, Role.OWNER), mine);

        assertThatThrownBy(() -> memberships.changeRole(stranger.id(), Role.VIEWER))
                .isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> memberships.remove(stranger.id())).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> memberships.transferOwnership(stranger.id()))
                .isInstanceOf(NoSuchElementException.class);
        assertThat(roleOf(theirs, stranger)).contains(Role.MEMBER);
    }

    @Test
    void adding_someone_twice_or_nobody_is_refused_by_type() {
        Workspace w = newWorkspace();
        TestUser member = newMember(w, Role.BILLING);
        login(newMember(w, Role.OWNER), w);

        assertThatThrownBy(() -> memberships.add(member.id(), Role.VIEWER))
                .isInstanceOfSatisfying(
                        AlreadyAMemberException.class, e -> assertThat(e.role()).isEqualTo(Role.BILLING));
        assertThatThrownBy(() -> memberships.add(UUID.randomUUID(), Role.VIEWER))
                .isInstanceOf(NoSuchElementException.class);
        assertThat(roleOf(w, member)).contains(Role.BILLING);
    }

    @Test
    void transferring_ownership_makes_the_other_an_owner_and_the_owner_an_admin() {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        TestUser heir = newMember(w, Role.MEMBER);
        TestUser admin = newMember(w, Role.ADMIN);
        login(admin, w);
        assertThatThrownBy(() -> memberships.transferOwnership(heir.id()))
                .isInstanceOf(PermissionDeniedException.class);

        login(owner, w);
        memberships.transferOwnership(heir.id());

        assertThat(roleOf(w, heir)).contains(Role.OWNER);
        assertThat(roleOf(w, owner)).contains(Role.ADMIN);
        assertThat(audit.historyOf(AuditTarget.of(AuditTarget.USER, heir.id().toString()), 5))
                .extracting(AuditLog.AuditRecord::action)
                .containsExactly("core.member.ownership_transferred");
    }

    @Test
    void joining_on_an_invitation_needs_an_inviter_who_may_still_grant_the_role() {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        TestUser admin = newMember(w, Role.ADMIN);
        TestUser newcomer = newUser();
        // nobody is signed in: the invitation may be creating the account

        assertThatThrownBy(() -> memberships.join(w.id(), newcomer.id(), Role.OWNER, admin.id()))
                .isInstanceOf(PermissionDeniedException.class);
        Member joined = memberships.join(w.id(), newcomer.id(), Role.MEMBER, admin.id());
        assertThat(joined.role()).isEqualTo(Role.MEMBER);
        assertThatThrownBy(() -> memberships.join(w.id(), newcomer.id(), Role.MEMBER, owner.id()))
                .isInstanceOf(AlreadyAMemberException.class);

        TestUser late = newUser();
        login(owner, w);
        assertThat(audit.historyOf(
                        AuditTarget.of(AuditTarget.USER, newcomer.id().toString()), 5))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.action()).isEqualTo("core.member.joined");
                    assertThat(e.actor()).startsWith(newcomer.displayName());
                    assertThat(e.details()).contains(admin.email());
                });
        memberships.remove(admin.id());
        SecurityContextHolder.clearContext();
        assertThatThrownBy(() -> memberships.join(w.id(), late.id(), Role.VIEWER, admin.id()))
                .as("the inviter was removed since")
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> memberships.join(UUID.randomUUID(), late.id(), Role.VIEWER, owner.id()))
                .isInstanceOf(NoSuchElementException.class);
        assertThat(roleOf(w, late)).isEmpty();
    }

    @Test
    void a_policy_that_says_members_are_managed_elsewhere_refuses_every_change_with_its_reason() {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        TestUser member = newMember(w, Role.MEMBER);
        Memberships managedInOkta = new ConsoleMemberships(
                workspaceRepository,
                userRepository,
                context,
                registry,
                audit,
                events,
                workspaceId -> workspaceId.equals(w.id()) ? Optional.of("Managed in Okta.") : Optional.empty(),
                spring.getBeanProvider(Clock.class),
                spring.getBeanProvider(KeyCatalog.class));
        login(owner, w);

        assertThatThrownBy(() -> managedInOkta.changeRole(member.id(), Role.ADMIN))
                .isInstanceOfSatisfying(
                        MembershipsManagedElsewhereException.class,
                        e -> assertThat(e.reason()).isEqualTo("Managed in Okta."));
        assertThatThrownBy(() -> managedInOkta.add(newUser().id(), Role.MEMBER))
                .isInstanceOf(MembershipsManagedElsewhereException.class);
        assertThatThrownBy(() -> managedInOkta.remove(member.id()))
                .isInstanceOf(MembershipsManagedElsewhereException.class);
        assertThatThrownBy(() -> managedInOkta.join(w.id(), newUser().id(), Role.MEMBER, owner.id()))
                .isInstanceOf(MembershipsManagedElsewhereException.class);
        login(member, w);
        assertThatThrownBy(managedInOkta::leave).isInstanceOf(PermissionDeniedException.class);
        assertThat(roleOf(w, member)).contains(Role.MEMBER);
    }

    @Test
    void removing_a_member_revokes_their_keys_in_the_removing_transaction() {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        TestUser leaving = newMember(w, Role.MEMBER);
        login(leaving, w);
        KeyService.KeyWithSecret key = keys.create(new KeyService.NewKey("leaving's", null, null, "inference"));
        login(owner, w);

        tx.executeWithoutResult(s -> {
            memberships.remove(leaving.id());
            assertThat(keys.get(key.key().id()).revokedAt())
                    .as("revoked before the removal commits")
                    .isNotNull();
        });

        assertThat(roleOf(w, leaving)).isEmpty();
        assertThat(verifier.authenticate(key.secret()).code()).isEqualTo(VerificationCode.REVOKED);
        assertThat(audit.historyOf(AuditTarget.of(AuditTarget.USER, leaving.id().toString()), 10))
                .extracting(AuditLog.AuditRecord::action)
                .contains("core.member.removed", "keys.key.revoked_with_member");
    }

    @Test
    void a_removal_rolled_back_keeps_the_member_and_their_keys() {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        TestUser staying = newMember(w, Role.ADMIN);
        login(staying, w);
        KeyService.KeyWithSecret key = keys.create(new KeyService.NewKey("staying's", null, null, "inference"));
        login(owner, w);

        tx.executeWithoutResult(s -> {
            memberships.remove(staying.id());
            s.setRollbackOnly();
        });

        assertThat(roleOf(w, staying)).contains(Role.ADMIN);
        assertThat(keys.get(key.key().id()).status(Instant.now())).isEqualTo(ApiKey.Status.ACTIVE);
        assertThat(verifier.authenticate(key.secret()).code()).isEqualTo(VerificationCode.VALID);
        assertThat(audit.historyOf(AuditTarget.of(AuditTarget.USER, staying.id().toString()), 10))
                .isEmpty();
    }

    @Test
    void a_refused_removal_revokes_nothing() {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        login(owner, w);
        KeyService.KeyWithSecret key = keys.create(new KeyService.NewKey("owner's", null, null, "inference"));

        assertThatThrownBy(() -> memberships.leave()).isInstanceOf(LastOwnerException.class);

        assertThat(verifier.authenticate(key.secret()).code()).isEqualTo(VerificationCode.VALID);
    }

    /** The member's role now, read from the table. */
    protected Optional<Role> roleOf(Workspace w, TestUser user) {
        return tx.execute(s -> workspaceRepository.membership(w.id(), user.id()).map(WorkspaceRef::role));
    }

    protected List<UUID> owners(Workspace w) {
        return tx.execute(s -> db.select(MEMBERSHIPS.USER_ID)
                .from(MEMBERSHIPS)
                .where(MEMBERSHIPS.WORKSPACE_ID.eq(w.id()), MEMBERSHIPS.ROLE.eq(Role.OWNER.name()))
                .fetch(MEMBERSHIPS.USER_ID));
    }

    @Test
    void a_service_key_acts_in_its_workspace_as_an_owner_capped_by_its_scopes_and_is_named_in_the_log() {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        TestUser member = newMember(w, Role.MEMBER);
        TestUser person = newUser();

        actWithServiceKey(w, ApiKeyPrincipal.SCOPE_SCIM);
        assertThat(context.workspace()).map(WorkspaceRef::role).contains(Role.OWNER);
        assertThat(context.actor().displayName()).isEqualTo("SCIM key Provisioning");
        assertThat(context.can(CoreModule.SCIM)).isTrue();
        assertThat(context.can(CoreModule.AUDIT_READ)).as("not in its scope").isFalse();
        memberships.add(person.id(), Role.ADMIN);
        memberships.changeRole(member.id(), Role.OWNER);
        memberships.changeRole(member.id(), Role.VIEWER);
        memberships.remove(person.id());
        assertThat(roleOf(w, person)).isEmpty();
        assertThat(roleOf(w, member)).contains(Role.VIEWER);
        assertThat(audit.historyOf(AuditTarget.of(AuditTarget.USER, person.id().toString()), 10))
                .allSatisfy(e -> assertThat(e.actor()).isEqualTo("SCIM key Provisioning"));
        assertThatThrownBy(() -> memberships.remove(owner.id()))
                .as("the last Owner stays, whoever asks")
                .isInstanceOf(LastOwnerException.class);
        assertThatThrownBy(() -> memberships.leave())
                .as("a service key has no person to leave")
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> memberships.transferOwnership(member.id()))
                .as("nor one to hand ownership over")
                .isInstanceOf(PermissionDeniedException.class);

        actWithServiceKey(w, ApiKeyPrincipal.SCOPE_ADMIN);
        assertThat(context.actor().displayName()).isEqualTo("API key Provisioning");
        assertThat(context.can(CoreModule.AUDIT_READ)).isTrue();
        assertThat(context.can(CoreModule.SCIM))
                .as("an admin key is no SCIM key")
                .isFalse();

        actWithServiceKey(w, ApiKeyPrincipal.SCOPE_INFERENCE);
        assertThatThrownBy(() -> memberships.add(person.id(), Role.MEMBER))
                .isInstanceOf(PermissionDeniedException.class);
    }

    /** Acts as a service key of {@code w} (owned by the workspace, no person behind it) with {@code scope}. */
    private static void actWithServiceKey(Workspace w, String scope) {
        SecurityContext security = SecurityContextHolder.createEmptyContext();
        security.setAuthentication(new ApiKeyAuthentication(
                new ApiKeyPrincipal(UUID.randomUUID(), w.id(), null, "Provisioning", Set.of(scope))));
        SecurityContextHolder.setContext(security);
    }

    /** Acts as an API key of {@code owner} with {@code scope}, as the machine API would. */
    private static void actWithKey(Workspace w, TestUser owner, String scope) {
        SecurityContext security = SecurityContextHolder.createEmptyContext();
        security.setAuthentication(new ApiKeyAuthentication(
                new ApiKeyPrincipal(UUID.randomUUID(), w.id(), owner.id(), "k", Set.of(scope))));
        SecurityContextHolder.setContext(security);
    }

    /** Runs {@code work} signed in as {@code user}, in the calling thread (for worker threads). */
    protected <T> T as(TestUser user, Callable<T> work) throws Exception {
        SecurityContext security = SecurityContextHolder.createEmptyContext();
        security.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                user.principal(), null, user.principal().getAuthorities()));
        SecurityContextHolder.setContext(security);
        try {
            return work.call();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
