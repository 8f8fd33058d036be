package dev.vlmconsole.app.workspaces;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.api.events.MemberRemoved;
import dev.vlmconsole.api.services.AlreadyAMemberException;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.api.services.KeyCatalog;
import dev.vlmconsole.api.services.LastOwnerException;
import dev.vlmconsole.api.services.MemberDirectory.Member;
import dev.vlmconsole.api.services.MembershipPolicy;
import dev.vlmconsole.api.services.Memberships;
import dev.vlmconsole.api.services.MembershipsManagedElsewhereException;
import dev.vlmconsole.app.account.AccountService;
import dev.vlmconsole.app.account.UserRepository;
import dev.vlmconsole.app.account.UserRepository.UserRow;
import dev.vlmconsole.app.modules.ModuleRegistry;
import java.time.Clock;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The console's {@link Memberships}: every change locks the workspace's row first ({@code SELECT ...
 * FOR UPDATE}), then reads the actor's own role and the Owners again under that lock, so that
 * changes of one workspace happen one after the other and two Owners demoting each other leave one
 * Owner (DD011). Permissions are decided on the role read under the lock, not on an earlier read of
 * the request; an API key is further limited by its scopes.
 */
@Service
class ConsoleMemberships implements Memberships {

    private final WorkspaceRepository workspaces;
    private final UserRepository users;
    private final ConsoleContext context;
    private final ModuleRegistry registry;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final MembershipPolicy policy;
    private final Clock clock;
    private final ObjectProvider<KeyCatalog> keys;

    ConsoleMemberships(
            WorkspaceRepository workspaces,
            UserRepository users,
            ConsoleContext context,
            ModuleRegistry registry,
            AuditLog audit,
            ApplicationEventPublisher events,
            MembershipPolicy policy,
            ObjectProvider<Clock> clock,
            ObjectProvider<KeyCatalog> keys) {
        this.keys = keys;
        this.workspaces = workspaces;
        this.users = users;
        this.context = context;
        this.registry = registry;
        this.audit = audit;
        this.events = events;
        this.policy = policy;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @Override
    @Transactional
    public Member add(UUID userId, Role role) {
        UUID workspaceId = context.workspaceId();
        Role actorRole = lockAsManager(workspaceId);
        if (role == Role.OWNER) {
            requireOwnerPowers(actorRole);
        }
        UserRow user = users.findById(userId).orElseThrow(() -> new NoSuchElementException("No such person."));
        insert(workspaceId, user, role);
        audit.record("core.member.added", target(user), user.email() + " as " + role.label());
        return new Member(user.id(), user.email(), user.displayName(), role);
    }

    @Override
    @Transactional
    public Member join(UUID workspaceId, UUID userId, Role role, UUID invitedBy) {
        refuseWhenManagedElsewhere(workspaceId);
        if (!workspaces.lockForMembershipChange(workspaceId)) {
            throw new NoSuchElementException("No such workspace.");
        }
        UserRow user = users.findById(userId).orElseThrow(() -> new NoSuchElementException("No such person."));
        Role inviterRole = workspaces
                .membership(workspaceId, invitedBy)
                .map(WorkspaceRef::role)
                .orElseThrow(() -> new PermissionDeniedException(MANAGE));
        if (!registry.isGranted(inviterRole, MANAGE)) {
            throw new PermissionDeniedException(MANAGE);
        }
        if (role == Role.OWNER && !registry.isGranted(inviterRole, MANAGE_OWNERS)) {
            throw new PermissionDeniedException(MANAGE_OWNERS);
        }
        insert(workspaceId, user, role);
        String inviter = users.findById(invitedBy).map(UserRow::email).orElse(invitedBy.toString());
        Actor joining = new Actor(Actor.Kind.USER, user.id(), user.email(), user.displayName(), false);
        audit.record(new AuditEntry(
                workspaceId,
                joining,
                "core.member.joined",
                target(user),
                "As " + role.label() + ", invited by " + inviter,
                context.sourceAddress().orElse("")));
        return new Member(user.id(), user.email(), user.displayName(), role);
    }

    @Override
    @Transactional
    public Member joinProvisioned(UUID workspaceId, UUID userId, Role role, UUID provisioningKeyId) {
        refuseWhenManagedElsewhere(workspaceId);
        if (!workspaces.lockForMembershipChange(workspaceId)) {
            throw new NoSuchElementException("No such workspace.");
        }
        UserRow user = users.findById(userId).orElseThrow(() -> new NoSuchElementException("No such person."));
        // the invitation's authority, now: the workspace's SCIM key that created it is still active there
        KeyCatalog catalog = keys.getIfAvailable();
        KeyCatalog.KeyFacts key = catalog == null
                ? null
                : catalog.serviceKeysOf(workspaceId, ApiKeyPrincipal.SCOPE_SCIM).stream()
                        .filter(k -> k.keyId().equals(provisioningKeyId))
                        .findFirst()
                        .orElse(null);
        if (key == null) {
            throw new PermissionDeniedException(MANAGE);
        }
        insert(workspaceId, user, role);
        Actor joining = new Actor(Actor.Kind.USER, user.id(), user.email(), user.displayName(), false);
        audit.record(new AuditEntry(
                workspaceId,
                joining,
                "core.member.joined",
                target(user),
                "As " + role.label() + ", provisioned by SCIM key " + key.name(),
                context.sourceAddress().orElse("")));
        return new Member(user.id(), user.email(), user.displayName(), role);
    }

    @Override
    @Transactional
    public Member changeRole(UUID userId, Role role) {
        UUID workspaceId = context.workspaceId();
        Role actorRole = lockAsManager(workspaceId);
        Role current = currentRole(workspaceId, userId);
        UserRow user = users.findById(userId).orElseThrow();
        if (current != role) {
            if (current == Role.OWNER || role == Role.OWNER) {
                requireOwnerPowers(actorRole);
            }
            if (current == Role.OWNER && workspaces.ownerCount(workspaceId) == 1) {
                throw new LastOwnerException(workspaceId, userId);
            }
            workspaces.updateRole(workspaceId, userId, role);
            audit.record(
                    "core.member.role_changed",
                    target(user),
                    user.email() + ": " + current.label() + " to " + role.label());
        }
        return new Member(user.id(), user.email(), user.displayName(), role);
    }

    @Override
    @Transactional
    public void remove(UUID userId) {
        UUID workspaceId = context.workspaceId();
        if (!actingServiceKey() && userId.equals(actingPerson())) {
            leave();
            return;
        }
        Role actorRole = lockAsManager(workspaceId);
        Role current = currentRole(workspaceId, userId);
        if (current == Role.OWNER) {
            requireOwnerPowers(actorRole);
        }
        Optional<UserRow> removed = users.findById(userId);
        delete(workspaceId, userId, current);
        audit.record(
                "core.member.removed",
                target(userId, removed),
                removed.map(UserRow::email).orElse("") + ", who was " + current.label());
    }

    @Override
    @Transactional
    public void leave() {
        if (context.actor().kind() != Actor.Kind.USER) {
            // a key acts for its owner, but leaving is the person's own decision; the last Owner
            // hears first that nobody may remove them (what a client trying it needs to know)
            UUID workspaceId = context.workspaceId();
            workspaces.lockForMembershipChange(workspaceId);
            if (currentRole(workspaceId, actingPerson()) == Role.OWNER && workspaces.ownerCount(workspaceId) == 1) {
                throw new LastOwnerException(workspaceId, actingPerson());
            }
            throw new PermissionDeniedException("sign-in");
        }
        UUID workspaceId = context.workspaceId();
        UUID me = actingPerson();
        refuseWhenManagedElsewhere(workspaceId);
        workspaces.lockForMembershipChange(workspaceId);
        Role current = currentRole(workspaceId, me);
        delete(workspaceId, me, current);
        // named explicitly: the acting context no longer has this workspace once the row is gone
        audit.record(new AuditEntry(
                workspaceId,
                context.actor(),
                "core.member.left",
                AccountService.person(
                        me, context.actor().displayName(), context.actor().email()),
                "Was " + current.label(),
                context.sourceAddress().orElse("")));
    }

    @Override
    @Transactional
    public void transferOwnership(UUID newOwnerUserId) {
        UUID workspaceId = context.workspaceId();
        UUID me = actingPerson();
        if (newOwnerUserId.equals(me)) {
            throw new InvalidInputException("userId", "Choose another member to become the Owner.");
        }
        Role actorRole = lockAsManager(workspaceId);
        requireOwnerPowers(actorRole);
        Role current = currentRole(workspaceId, newOwnerUserId);
        Optional<UserRow> heir = users.findById(newOwnerUserId);
        if (current != Role.OWNER) {
            workspaces.updateRole(workspaceId, newOwnerUserId, Role.OWNER);
        }
        workspaces.updateRole(workspaceId, me, Role.ADMIN);
        audit.record(
                "core.member.ownership_transferred",
                target(newOwnerUserId, heir),
                heir.map(UserRow::email).orElse("") + " is an Owner now (was " + current.label()
                        + "); the previous Owner is an Admin");
    }

    /**
     * Refuses unless memberships are managed here, locks the workspace and returns the actor's role
     * as read under the lock, which must hold {@link #MANAGE}.
     */
    private Role lockAsManager(UUID workspaceId) {
        refuseWhenManagedElsewhere(workspaceId);
        workspaces.lockForMembershipChange(workspaceId);
        Role role = actingServiceKey()
                ? Role.OWNER // the workspace's own key: capped by its scopes only (module-api 1.5)
                : workspaces
                        .membership(workspaceId, actingPerson())
                        .map(WorkspaceRef::role)
                        .orElseThrow(() -> new PermissionDeniedException(MANAGE));
        // the role read under the lock, and the context's say (a session owing its second factor holds nothing, DD017)
        if (!holds(role, MANAGE) || !context.can(MANAGE)) {
            throw new PermissionDeniedException(MANAGE);
        }
        return role;
    }

    private void requireOwnerPowers(Role actorRole) {
        if (!holds(actorRole, MANAGE_OWNERS)) {
            throw new PermissionDeniedException(MANAGE_OWNERS);
        }
    }

    /** What the role holds, narrowed for an API key to what its scopes allow. */
    private boolean holds(Role role, String permission) {
        Optional<ApiKeyPrincipal> key = context.apiKey();
        return registry.isGranted(role, permission)
                && key.map(k -> registry.isAllowedForScopes(k.scopes(), permission))
                        .orElse(true);
    }

    private void refuseWhenManagedElsewhere(UUID workspaceId) {
        Optional<String> reason = policy.managedElsewhere(workspaceId);
        if (reason.isPresent()) {
            throw new MembershipsManagedElsewhereException(reason.get());
        }
    }

    /** Whether a service key acts: a key the workspace owns, which has no person behind it. */
    private boolean actingServiceKey() {
        return context.apiKey().map(ApiKeyPrincipal::isServiceKey).orElse(false);
    }

    /**
     * The person acting: the signed-in person, or the owner of the API key. A service key has none:
     * what needs a person (leaving, handing over ownership) is refused to it.
     */
    private UUID actingPerson() {
        if (actingServiceKey()) {
            throw new PermissionDeniedException("sign-in");
        }
        Actor actor = context.actor();
        return actor.kind() == Actor.Kind.API_KEY
                ? context.apiKey()
                        .map(ApiKeyPrincipal::ownerUserId)
                        .orElseThrow(() -> new PermissionDeniedException(MANAGE))
                : actor.id();
    }

    private Role currentRole(UUID workspaceId, UUID userId) {
        return workspaces
                .membership(workspaceId, userId)
                .map(WorkspaceRef::role)
                .orElseThrow(() -> new NoSuchElementException("No such member in this workspace."));
    }

    private void insert(UUID workspaceId, UserRow user, Role role) {
        Optional<WorkspaceRef> existing = workspaces.membership(workspaceId, user.id());
        if (existing.isPresent()) {
            throw new AlreadyAMemberException(user.id(), existing.get().role());
        }
        workspaces.insertMembership(workspaceId, user.id(), role);
    }

    /** Deletes a membership (keeping an Owner) and tells the modules, inside this transaction. */
    private void delete(UUID workspaceId, UUID userId, Role current) {
        if (current == Role.OWNER && workspaces.ownerCount(workspaceId) == 1) {
            throw new LastOwnerException(workspaceId, userId);
        }
        workspaces.deleteMembership(workspaceId, userId);
        events.publishEvent(new MemberRemoved(workspaceId, userId, context.actor(), clock.instant()));
    }

    /** The member as audit entries name them, as the log names actors ({@link AccountService#person}). */
    private static AuditTarget target(UserRow user) {
        return AccountService.person(user.id(), user.displayName(), user.email());
    }

    /** As {@link #target(UserRow)}, for a person whose account may be gone: then labelled by id. */
    private static AuditTarget target(UUID userId, Optional<UserRow> user) {
        return user.map(ConsoleMemberships::target).orElseGet(() -> AuditTarget.user(userId, userId.toString()));
    }
}
