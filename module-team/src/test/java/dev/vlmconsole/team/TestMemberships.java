package dev.vlmconsole.team;

import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.AlreadyAMemberException;
import dev.vlmconsole.api.services.LastOwnerException;
import dev.vlmconsole.api.services.MemberDirectory.Member;
import dev.vlmconsole.api.services.Memberships;
import dev.vlmconsole.testsupport.TestMembers;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The console's memberships for the Team module's tests, over {@link TestMembers}, with the
 * console's rules that the Team module relies on: who may grant which role, an invitation's
 * authority checked when it is accepted, the last Owner kept. (The console's own implementation is
 * tested in console-app, under concurrency.)
 */
public final class TestMemberships implements Memberships {

    private final TestMembers members;
    private final ConsoleContext context;
    private final TeamDirectory directory;
    private final Set<String> activeScimKeys = ConcurrentHashMap.newKeySet();
    private final List<String> provisionedJoins = new CopyOnWriteArrayList<>();

    TestMemberships(TestMembers members, ConsoleContext context, TeamDirectory directory) {
        this.members = members;
        this.context = context;
        this.directory = directory;
    }

    @Override
    public Member join(UUID workspaceId, UUID userId, Role role, UUID invitedBy) {
        Member inviter =
                members.member(workspaceId, invitedBy).orElseThrow(() -> new PermissionDeniedException(MANAGE));
        boolean mayGrant = role == Role.OWNER
                ? inviter.role() == Role.OWNER
                : inviter.role() == Role.OWNER || inviter.role() == Role.ADMIN;
        if (!mayGrant) {
            throw new PermissionDeniedException(role == Role.OWNER ? MANAGE_OWNERS : MANAGE);
        }
        if (members.member(workspaceId, userId).isPresent()) {
            throw new AlreadyAMemberException(userId, role);
        }
        members.addMember(workspace(workspaceId), person(userId), role);
        return members.member(workspaceId, userId).orElseThrow();
    }

    /**
     * As the console does: the invitation's authority is the provisioning key, which must still be an
     * active SCIM key of the workspace ({@link #activateScimKey}).
     */
    @Override
    public Member joinProvisioned(UUID workspaceId, UUID userId, Role role, UUID provisioningKeyId) {
        if (!activeScimKeys.contains(workspaceId + "/" + provisioningKeyId)) {
            throw new PermissionDeniedException(MANAGE);
        }
        if (members.member(workspaceId, userId).isPresent()) {
            throw new AlreadyAMemberException(userId, role);
        }
        members.addMember(workspace(workspaceId), person(userId), role);
        provisionedJoins.add(workspaceId + " " + userId + " " + role + " " + provisioningKeyId);
        return members.member(workspaceId, userId).orElseThrow();
    }

    /** Makes {@code keyId} an active SCIM key of {@code workspaceId}, as the keys module would. */
    public void activateScimKey(UUID workspaceId, UUID keyId) {
        activeScimKeys.add(workspaceId + "/" + keyId);
    }

    /** Revokes a SCIM key made active by {@link #activateScimKey}. */
    public void revokeScimKey(UUID workspaceId, UUID keyId) {
        activeScimKeys.remove(workspaceId + "/" + keyId);
    }

    /** The joins on provisioned invitations so far: "workspace user role key" each. */
    public List<String> provisionedJoins() {
        return List.copyOf(provisionedJoins);
    }

    @Override
    public Member changeRole(UUID userId, Role role) {
        UUID ws = context.workspaceId();
        Member member = requireManage(ws, userId, role);
        if (member.role() == Role.OWNER && role != Role.OWNER && owners(ws) == 1) {
            throw new LastOwnerException(ws, userId);
        }
        members.changeRole(workspace(ws), person(userId), role);
        return members.member(ws, userId).orElseThrow();
    }

    @Override
    public void remove(UUID userId) {
        UUID ws = context.workspaceId();
        Member member = requireManage(ws, userId, Role.VIEWER);
        if (member.role() == Role.OWNER && owners(ws) == 1) {
            throw new LastOwnerException(ws, userId);
        }
        members.remove(workspace(ws), person(userId));
    }

    @Override
    public Member add(UUID userId, Role role) {
        throw new UnsupportedOperationException("not used by the Team module");
    }

    @Override
    public void leave() {
        throw new UnsupportedOperationException("not used by the Team module's service");
    }

    @Override
    public void transferOwnership(UUID newOwnerUserId) {
        throw new UnsupportedOperationException("not used by the Team module's service");
    }

    private Member requireManage(UUID ws, UUID userId, Role newRole) {
        Role actor = context.requireWorkspace().role();
        if (actor != Role.OWNER && actor != Role.ADMIN) {
            throw new PermissionDeniedException(MANAGE);
        }
        Member member = members.member(ws, userId).orElseThrow(() -> new NoSuchElementException("No such member."));
        if ((member.role() == Role.OWNER || newRole == Role.OWNER) && actor != Role.OWNER) {
            throw new PermissionDeniedException(MANAGE_OWNERS);
        }
        return member;
    }

    private long owners(UUID ws) {
        return members.members(ws).stream().filter(m -> m.role() == Role.OWNER).count();
    }

    private TestWorkspace workspace(UUID id) {
        return new TestWorkspace(id, directory.workspace(id).orElseThrow().name());
    }

    private TestPerson person(UUID userId) {
        return directory.person(userId);
    }
}
