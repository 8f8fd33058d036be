package dev.vlmconsole.app.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.utils.FilterEvaluator;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.AlreadyAMemberException;
import dev.vlmconsole.api.services.Memberships;
import dev.vlmconsole.api.services.PendingInvitations;
import dev.vlmconsole.api.services.SignInOptions;
import dev.vlmconsole.app.account.AccountService;
import dev.vlmconsole.app.account.UserRepository;
import dev.vlmconsole.app.modules.CoreModule;
import dev.vlmconsole.app.signin.SessionEpochs;
import dev.vlmconsole.app.sso.GroupRoleMappings;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * SCIM 2.0 provisioning of the acting {@code scim} key's workspace (DD036): its Users are all its
 * members plus the people it created that are pending or deactivated; creating a User adds a member
 * (an existing account), a passwordless account and a member (single sign-on on), or a provisioned
 * invitation (single sign-on off); deactivating or deleting one removes the member through
 * {@link Memberships} (their keys are revoked in the same transaction) and ends their sessions.
 * Groups set roles when the workspace maps their names ({@link ScimRoles}). Every call is one
 * transaction, checked against {@link CoreModule#SCIM}, audited with the key as actor; a refused call
 * changes nothing.
 */
@Service
public class ScimProvisioning {

    /** The most Users or Groups one list answers with (ServiceProviderConfig's filter.maxResults). */
    static final int MAX_RESULTS = 200;

    /** A created or found resource, and whether it was created (201) or already there (200). */
    public record Outcome(ObjectNode resource, boolean created) {}

    private final ScimStore store;
    private final ConsoleContext context;
    private final Memberships memberships;
    private final UserRepository users;
    private final SessionEpochs epochs;
    private final ScimRoles scimRoles;
    private final ObjectProvider<GroupRoleMappings> mappings;
    private final ObjectProvider<SignInOptions> signIn;
    private final ObjectProvider<PendingInvitations> invitations;
    private final AuditLog audit;
    private final Clock clock;

    ScimProvisioning(
            ScimStore store,
            ConsoleContext context,
            Memberships memberships,
            UserRepository users,
            SessionEpochs epochs,
            ScimRoles scimRoles,
            ObjectProvider<GroupRoleMappings> mappings,
            ObjectProvider<SignInOptions> signIn,
            ObjectProvider<PendingInvitations> invitations,
            AuditLog audit,
            ObjectProvider<Clock> clock) {
        this.store = store;
        this.context = context;
        this.memberships = memberships;
        this.users = users;
        this.epochs = epochs;
        this.scimRoles = scimRoles;
        this.mappings = mappings;
        this.signIn = signIn;
        this.invitations = invitations;
        this.audit = audit;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    // ---- Users ------------------------------------------------------------------------------------

    @Transactional
    public ListResponse<ObjectNode> listUsers(
            @Nullable String filter, int startIndex, int count, @Nullable String excluded, String base) {
        Filter parsed = parseFilter(filter);
        UUID ws = workspace();
        List<ScimStore.GroupRow> groups = store.groups(ws);
        Map<UUID, List<ScimStore.GroupRow>> groupsOf = groupsByUser(ws, groups);
        List<ObjectNode> all = new ArrayList<>();
        for (ScimStore.Person p : store.people(ws)) {
            if (p.visible()) {
                all.add(ScimResources.node(
                        ScimResources.user(p, groupsOf.getOrDefault(p.row().id(), List.of()), base)));
            }
        }
        return page(all, parsed, startIndex, count, excluded);
    }

    @Transactional
    public ObjectNode user(UUID id, String base) {
        UUID ws = workspace();
        return userNode(ws, visiblePerson(ws, id), base);
    }

    @Transactional
    public Outcome createUser(ObjectNode body, String base) {
        ScimResources.UserInput in = ScimResources.userInput(body);
        UUID ws = workspace();
        Optional<ScimStore.UserRow> byName = store.userByName(ws, in.userName());
        if (byName.isPresent()) {
            ScimStore.Person existing = store.person(ws, byName.get().id()).orElseThrow();
            if (existing.visible()) {
                if (in.externalId() != null
                        && in.externalId().equals(existing.row().externalId())) {
                    return new Outcome(userNode(ws, existing, base), false); // a retried create
                }
                throw ScimProblem.conflict(
                        BadRequestException.UNIQUENESS, "A User with this userName exists in this workspace.");
            }
        }
        if (in.externalId() != null) {
            Optional<ScimStore.UserRow> byExternal = store.userByExternalId(ws, in.externalId());
            if (byExternal.isPresent()
                    && byName.map(r -> !r.id().equals(byExternal.get().id())).orElse(true)) {
                throw ScimProblem.conflict(
                        BadRequestException.UNIQUENESS, "Another User of this workspace has this externalId.");
            }
        }
        // a member SCIM once found and who has since left: their stale row makes way
        byName.ifPresent(stale -> store.deleteUser(ws, stale.id()));
        OffsetDateTime now = now();
        ScimStore.UserRow row = new ScimStore.UserRow(
                UUID.randomUUID(),
                ws,
                null,
                in.userName(),
                in.externalId(),
                in.givenName(),
                in.familyName(),
                in.displayName(),
                in.active(),
                true,
                now,
                now);
        store.insertUser(row);
        String how = "inactive";
        if (in.active()) {
            row = activate(ws, row);
            how = row.userId() == null ? "invited (no account yet)" : "a member";
        }
        store.updateUser(row);
        audit.record("core.scim.user_created", target(row), in.userName() + ", " + how);
        return new Outcome(userNode(ws, store.person(ws, row.id()).orElseThrow(), base), true);
    }

    @Transactional
    public ObjectNode replaceUser(UUID id, ObjectNode body, String base) {
        UUID ws = workspace();
        ScimStore.Person p = visiblePerson(ws, id);
        apply(ws, p, ScimResources.userInput(body), false);
        return userNode(ws, store.person(ws, id).orElseThrow(), base);
    }

    @Transactional
    public ObjectNode patchUser(UUID id, PatchRequest patch, String base) {
        UUID ws = workspace();
        ScimStore.Person p = visiblePerson(ws, id);
        ObjectNode patched = patched(userNode(ws, p, base), patch);
        apply(ws, p, ScimResources.userInput(patched), true);
        return userNode(ws, store.person(ws, id).orElseThrow(), base);
    }

    @Transactional
    public void deleteUser(UUID id) {
        UUID ws = workspace();
        ScimStore.Person p = visiblePerson(ws, id);
        leave(p);
        store.deleteUser(ws, id);
        audit.record("core.scim.user_deleted", target(p.row()), p.row().userName());
    }

    /** Applies what a client says to a User: names, externalId, then active (joins or leaves). */
    private void apply(UUID ws, ScimStore.Person p, ScimResources.UserInput in, boolean patch) {
        ScimStore.UserRow row = p.row();
        if (!in.userName().equals(row.userName())) {
            throw ScimProblem.badRequest(
                    BadRequestException.MUTABILITY,
                    "userName is the person's email and cannot change here: deactivate this User and create one"
                            + " with the new address.");
        }
        String externalId = in.externalId() == null ? row.externalId() : in.externalId();
        if (externalId != null && !externalId.equals(row.externalId())) {
            Optional<ScimStore.UserRow> taken = store.userByExternalId(ws, externalId);
            if (taken.isPresent() && !taken.get().id().equals(row.id())) {
                throw ScimProblem.conflict(
                        BadRequestException.UNIQUENESS, "Another User of this workspace has this externalId.");
            }
        }
        ScimStore.UserRow updated = new ScimStore.UserRow(
                row.id(),
                ws,
                row.userId(),
                row.userName(),
                externalId,
                in.givenName(),
                in.familyName(),
                in.displayName(),
                row.active(),
                true, // SCIM manages this User now: should it leave, it stays readable as inactive
                row.createdAt(),
                now());
        boolean details = !Objects.equals(externalId, row.externalId())
                || !Objects.equals(in.givenName(), row.givenName())
                || !Objects.equals(in.familyName(), row.familyName())
                || !Objects.equals(in.displayName(), row.displayName());
        if (in.active() && !p.active()) {
            updated = activate(ws, withActive(updated, true));
            audit.record("core.scim.user_activated", target(updated), row.userName());
        } else if (!in.active() && p.active()) {
            leave(p);
            updated = withActive(updated, false);
            audit.record("core.scim.user_deactivated", target(updated), row.userName());
        }
        store.updateUser(updated);
        if (details) {
            audit.record(
                    "core.scim.user_updated",
                    target(updated),
                    row.userName() + (patch ? ": patched" : ": replaced") + " name or externalId");
        }
    }

    /**
     * Makes a User active: the person's account joins as a Member (or the role their groups map to);
     * without an account, single sign-on on, a passwordless account is created first; else a
     * provisioned invitation goes out.
     */
    private ScimStore.UserRow activate(UUID ws, ScimStore.UserRow row) {
        Role role = roleFor(ws, row.id()).orElse(Role.MEMBER);
        Optional<UserRepository.UserRow> account =
                row.userId() != null ? users.findById(row.userId()) : users.findByEmail(row.userName());
        UUID userId;
        if (account.isPresent()) {
            userId = account.get().id();
        } else if (signIn.getIfAvailable() != null && signIn.getObject().ssoEnabled()) {
            String name = row.displayName() != null
                    ? row.displayName()
                    : row.givenName() != null || row.familyName() != null
                            ? String.join(
                                            " ",
                                            Objects.toString(row.givenName(), ""),
                                            Objects.toString(row.familyName(), ""))
                                    .strip()
                            : row.userName().substring(0, row.userName().indexOf('@'));
            userId = users.insert(row.userName(), name, null, false); // no password: signs in with SSO
            audit.record(
                    "core.scim.account_created",
                    AccountService.person(userId, name, row.userName()),
                    row.userName() + ", who signs in with single sign-on");
        } else {
            PendingInvitations pending = invitations.getIfAvailable();
            if (pending == null) {
                throw new ScimProblem(
                        501,
                        null,
                        "Invitations are not available in this console and single sign-on is off, so a person"
                                + " without an account cannot be provisioned.");
            }
            pending.provision(row.userName(), role);
            return withActive(withUser(row, null), true);
        }
        try {
            memberships.add(userId, role);
        } catch (AlreadyAMemberException e) {
            // a member already (added in the console meanwhile): nothing to add
        }
        return withActive(withUser(row, userId), true);
    }

    /** The person stops being a member (their keys are revoked, their sessions end), or their invitation goes. */
    private void leave(ScimStore.Person p) {
        ScimStore.UserRow row = p.row();
        if (p.member()) {
            memberships.remove(row.userId());
            epochs.endSessions(row.userId(), false);
        } else if (row.userId() == null && row.active()) {
            PendingInvitations pending = invitations.getIfAvailable();
            if (pending != null) {
                pending.revokeProvisioned(row.userName());
            }
        }
    }

    // ---- Groups -----------------------------------------------------------------------------------

    @Transactional
    public ListResponse<ObjectNode> listGroups(
            @Nullable String filter, int startIndex, int count, @Nullable String excluded, String base) {
        Filter parsed = parseFilter(filter);
        UUID ws = workspace();
        Map<UUID, List<UUID>> members = store.groupMembers(ws);
        Map<UUID, String> names = userNames(ws);
        List<ObjectNode> all = new ArrayList<>();
        for (ScimStore.GroupRow g : store.groups(ws)) {
            all.add(ScimResources.node(ScimResources.group(g, members.getOrDefault(g.id(), List.of()), names, base)));
        }
        return page(all, parsed, startIndex, count, excluded);
    }

    @Transactional
    public ObjectNode group(UUID id, String base) {
        UUID ws = workspace();
        return groupNode(ws, existingGroup(ws, id), base);
    }

    @Transactional
    public Outcome createGroup(ObjectNode body, String base) {
        ScimResources.GroupInput in = ScimResources.groupInput(body);
        UUID ws = workspace();
        Optional<ScimStore.GroupRow> byName = store.groupByName(ws, in.displayName());
        if (byName.isPresent()) {
            if (in.externalId() != null && in.externalId().equals(byName.get().externalId())) {
                return new Outcome(groupNode(ws, byName.get(), base), false);
            }
            throw ScimProblem.conflict(
                    BadRequestException.UNIQUENESS, "A Group with this displayName exists in this workspace.");
        }
        if (in.externalId() != null
                && store.groupByExternalId(ws, in.externalId()).isPresent()) {
            throw ScimProblem.conflict(
                    BadRequestException.UNIQUENESS, "Another Group of this workspace has this externalId.");
        }
        requireUsers(ws, in.members());
        OffsetDateTime now = now();
        ScimStore.GroupRow g =
                new ScimStore.GroupRow(UUID.randomUUID(), ws, in.displayName(), in.externalId(), now, now);
        store.insertGroup(g);
        store.setGroupMembers(g.id(), in.members());
        audit.record(
                "core.scim.group_created",
                groupTarget(g),
                g.displayName() + " with " + in.members().size() + " member(s)");
        applyGroupRoles(ws, in.members(), false);
        return new Outcome(groupNode(ws, g, base), true);
    }

    @Transactional
    public ObjectNode replaceGroup(UUID id, ObjectNode body, String base) {
        UUID ws = workspace();
        ScimStore.GroupRow g = existingGroup(ws, id);
        apply(ws, g, ScimResources.groupInput(body));
        return groupNode(ws, store.group(ws, id).orElseThrow(), base);
    }

    @Transactional
    public ObjectNode patchGroup(UUID id, PatchRequest patch, String base) {
        UUID ws = workspace();
        ScimStore.GroupRow g = existingGroup(ws, id);
        ObjectNode patched = patched(groupNode(ws, g, base), patch);
        apply(ws, g, ScimResources.groupInput(patched));
        return groupNode(ws, store.group(ws, id).orElseThrow(), base);
    }

    @Transactional
    public void deleteGroup(UUID id) {
        UUID ws = workspace();
        ScimStore.GroupRow g = existingGroup(ws, id);
        List<UUID> members = store.groupMembers(ws).getOrDefault(id, List.of());
        boolean managed = scimRoles.managesRoles(ws);
        store.deleteGroup(ws, id);
        audit.record("core.scim.group_deleted", groupTarget(g), g.displayName());
        applyGroupRoles(ws, members, managed);
    }

    private void apply(UUID ws, ScimStore.GroupRow g, ScimResources.GroupInput in) {
        if (!in.displayName().equals(g.displayName())) {
            Optional<ScimStore.GroupRow> taken = store.groupByName(ws, in.displayName());
            if (taken.isPresent()) {
                throw ScimProblem.conflict(
                        BadRequestException.UNIQUENESS, "A Group with this displayName exists in this workspace.");
            }
        }
        String externalId = in.externalId() == null ? g.externalId() : in.externalId();
        if (externalId != null && !externalId.equals(g.externalId())) {
            Optional<ScimStore.GroupRow> taken = store.groupByExternalId(ws, externalId);
            if (taken.isPresent() && !taken.get().id().equals(g.id())) {
                throw ScimProblem.conflict(
                        BadRequestException.UNIQUENESS, "Another Group of this workspace has this externalId.");
            }
        }
        requireUsers(ws, in.members());
        List<UUID> before = store.groupMembers(ws).getOrDefault(g.id(), List.of());
        boolean managed = scimRoles.managesRoles(ws);
        ScimStore.GroupRow updated =
                new ScimStore.GroupRow(g.id(), ws, in.displayName(), externalId, g.createdAt(), now());
        store.updateGroup(updated);
        store.setGroupMembers(g.id(), in.members());
        Set<UUID> added = new LinkedHashSet<>(in.members());
        added.removeAll(before);
        Set<UUID> removed = new LinkedHashSet<>(before);
        removed.removeAll(in.members());
        boolean renamed = !in.displayName().equals(g.displayName());
        audit.record(
                "core.scim.group_updated",
                groupTarget(updated),
                (renamed ? g.displayName() + " renamed to " + in.displayName() : in.displayName()) + ": " + added.size()
                        + " member(s) added, " + removed.size() + " removed");
        Set<UUID> affected = new LinkedHashSet<>(added);
        affected.addAll(removed);
        if (renamed) {
            affected.addAll(in.members());
        }
        applyGroupRoles(ws, affected, managed);
    }

    /**
     * When the workspace's roles come (or came, before this change) from SCIM groups, gives each affected member the highest role
     * their groups map to (Member when none is mapped), through {@link Memberships#changeRole}: audited,
     * and the last Owner kept ({@code LastOwnerException} rolls the whole call back).
     */
    private void applyGroupRoles(UUID ws, Collection<UUID> scimUserIds, boolean managedBefore) {
        // a change that ends SCIM's say over roles (the last mapped group gone) still takes its roles away
        if (scimUserIds.isEmpty() || !(managedBefore || scimRoles.managesRoles(ws))) {
            return;
        }
        for (UUID id : scimUserIds) {
            Optional<ScimStore.Person> p = store.person(ws, id);
            if (p.isEmpty() || !p.get().member()) {
                continue;
            }
            Role role = roleFor(ws, id).orElse(Role.MEMBER);
            if (role != p.get().role()) {
                memberships.changeRole(p.get().row().userId(), role);
            }
        }
    }

    /** The role a SCIM user's groups give, when the workspace's roles come from SCIM groups. */
    private Optional<Role> roleFor(UUID ws, UUID scimUserId) {
        GroupRoleMappings m = mappings.getIfAvailable();
        if (m == null || !scimRoles.managesRoles(ws)) {
            return Optional.empty();
        }
        return m.roleFor(ws, store.groupNamesOf(scimUserId));
    }

    private void requireUsers(UUID ws, List<UUID> ids) {
        if (ids.isEmpty()) {
            return;
        }
        Set<UUID> known = new HashSet<>();
        for (ScimStore.Person p : store.people(ws)) {
            if (p.visible()) {
                known.add(p.row().id());
            }
        }
        for (UUID id : ids) {
            if (!known.contains(id)) {
                throw ScimProblem.badRequest(
                        BadRequestException.INVALID_VALUE, "No User " + id + " in this workspace.");
            }
        }
    }

    // ---- shared -----------------------------------------------------------------------------------

    /** The acting key's workspace, once it holds {@link CoreModule#SCIM}; its members are synchronised. */
    private UUID workspace() {
        context.require(CoreModule.SCIM);
        UUID ws = context.workspaceId();
        store.sync(ws, now());
        return ws;
    }

    private ScimStore.Person visiblePerson(UUID ws, UUID id) {
        return store.person(ws, id)
                .filter(ScimStore.Person::visible)
                .orElseThrow(() -> ScimProblem.notFound("No such User."));
    }

    private ScimStore.GroupRow existingGroup(UUID ws, UUID id) {
        return store.group(ws, id).orElseThrow(() -> ScimProblem.notFound("No such Group."));
    }

    private ObjectNode userNode(UUID ws, ScimStore.Person p, String base) {
        List<ScimStore.GroupRow> groups =
                groupsByUser(ws, store.groups(ws)).getOrDefault(p.row().id(), List.of());
        return ScimResources.node(ScimResources.user(p, groups, base));
    }

    private ObjectNode groupNode(UUID ws, ScimStore.GroupRow g, String base) {
        return ScimResources.node(
                ScimResources.group(g, store.groupMembers(ws).getOrDefault(g.id(), List.of()), userNames(ws), base));
    }

    private Map<UUID, List<ScimStore.GroupRow>> groupsByUser(UUID ws, List<ScimStore.GroupRow> groups) {
        Map<UUID, ScimStore.GroupRow> byId = new HashMap<>();
        groups.forEach(g -> byId.put(g.id(), g));
        Map<UUID, List<ScimStore.GroupRow>> of = new HashMap<>();
        store.groupMembers(ws).forEach((group, members) -> {
            for (UUID m : members) {
                of.computeIfAbsent(m, u -> new ArrayList<>()).add(byId.get(group));
            }
        });
        return of;
    }

    private Map<UUID, String> userNames(UUID ws) {
        Map<UUID, String> names = new HashMap<>();
        store.people(ws).forEach(p -> names.put(p.row().id(), p.row().userName()));
        return names;
    }

    /** A resource with a client's patch applied, by UnboundID's PatchRequest (RFC 7644 3.5.2). */
    private static ObjectNode patched(ObjectNode current, PatchRequest patch) {
        GenericScimResource resource = new GenericScimResource(current);
        try {
            patch.apply(resource);
        } catch (ScimException e) {
            throw ScimProblem.of(e);
        }
        return resource.getObjectNode();
    }

    private static @Nullable Filter parseFilter(@Nullable String filter) {
        if (filter == null || filter.isBlank()) {
            return null;
        }
        try {
            return Filter.fromString(filter);
        } catch (BadRequestException e) {
            throw ScimProblem.badRequest(
                    BadRequestException.INVALID_FILTER, "The filter is not valid: " + e.getMessage());
        }
    }

    private static ListResponse<ObjectNode> page(
            List<ObjectNode> all, @Nullable Filter filter, int startIndex, int count, @Nullable String excluded) {
        List<ObjectNode> matching = new ArrayList<>();
        for (ObjectNode node : all) {
            try {
                if (filter == null || FilterEvaluator.evaluate(filter, node)) {
                    matching.add(node);
                }
            } catch (ScimException e) {
                throw ScimProblem.badRequest(BadRequestException.INVALID_FILTER, "The filter cannot be applied here.");
            }
        }
        int start = Math.max(1, startIndex);
        int size = Math.max(0, Math.min(count, MAX_RESULTS));
        List<ObjectNode> pageOf = new ArrayList<>();
        for (int i = start - 1; i < matching.size() && pageOf.size() < size; i++) {
            pageOf.add(ScimResources.exclude(matching.get(i), excluded));
        }
        return new ListResponse<>(matching.size(), pageOf, start, pageOf.size());
    }

    private static ScimStore.UserRow withActive(ScimStore.UserRow r, boolean active) {
        return new ScimStore.UserRow(
                r.id(),
                r.workspaceId(),
                r.userId(),
                r.userName(),
                r.externalId(),
                r.givenName(),
                r.familyName(),
                r.displayName(),
                active,
                r.provisioned(),
                r.createdAt(),
                r.updatedAt());
    }

    private static ScimStore.UserRow withUser(ScimStore.UserRow r, @Nullable UUID userId) {
        return new ScimStore.UserRow(
                r.id(),
                r.workspaceId(),
                userId,
                r.userName(),
                r.externalId(),
                r.givenName(),
                r.familyName(),
                r.displayName(),
                r.active(),
                r.provisioned(),
                r.createdAt(),
                r.updatedAt());
    }

    /** The person as the audit log names them: their account, or the SCIM user while they have none. */
    private static AuditTarget target(ScimStore.UserRow row) {
        return row.userId() != null
                ? AccountService.person(row.userId(), row.userName(), row.userName())
                : AuditTarget.of(ScimTargets.USER, row.id(), row.userName());
    }

    private static AuditTarget groupTarget(ScimStore.GroupRow g) {
        return AuditTarget.of(ScimTargets.GROUP, g.id(), g.displayName());
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
