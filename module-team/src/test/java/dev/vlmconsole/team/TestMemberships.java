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
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * The console's memberships for the Team module's tests, over {@link TestMembers}, with the
 * console's rules that the Team module relies on: who may grant which role, an invitation's
 * authority checked when it is accepted, the last Owner kept. (The console's own implementation is
 * tested in console-app, under concurrency.)
 */
final class TestMemberships implements Memberships {

    private final TestMembers members;
    private final ConsoleContext context;
    private final TeamDirectory directory;

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

    @Override
    public Member joinProvisioned(UUID workspaceId, UUID userId, Role role, UUID provisioningKeyId) {
        if (members.member(workspaceId, userId).isPresent()) {
            throw new AlreadyAMemberException(userId, role);
        }
        members.addMember(workspace(workspaceId), person(userId), role);
        return members.member(workspaceId, userId).orElseThrow();
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
