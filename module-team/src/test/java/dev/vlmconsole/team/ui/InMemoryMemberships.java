package dev.vlmconsole.team.ui;

import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.AlreadyAMemberException;
import dev.vlmconsole.api.services.LastOwnerException;
import dev.vlmconsole.api.services.MemberDirectory.Member;
import dev.vlmconsole.api.services.Memberships;
import dev.vlmconsole.testsupport.TestMembers;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * A test double of the console's {@link Memberships} over test-support's {@link TestMembers}, for the
 * Team pages' tests: it applies the same rules the console does (Owners and Admins manage, only an
 * Owner touches Owners, at least one Owner), without the database and without concurrency. The
 * console's own implementation is tested in console-app. Every change is kept in {@link #changes}.
 */
final class InMemoryMemberships implements Memberships {

    private final TestMembers members;
    private final ConsoleContext context;
    private final RosterDirectory roster;
    final List<String> changes = new ArrayList<>();

    InMemoryMemberships(TestMembers members, ConsoleContext context, RosterDirectory roster) {
        this.members = members;
        this.context = context;
        this.roster = roster;
    }

    @Override
    public Member add(UUID userId, Role role) {
        throw new UnsupportedOperationException("the Team pages never add a member directly");
    }

    @Override
    public Member join(UUID workspaceId, UUID userId, Role role, UUID invitedBy) {
        TestWorkspace w = roster.testWorkspace(workspaceId);
        TestPerson person = roster.person(userId);
        members.member(workspaceId, userId).ifPresent(m -> {
            throw new AlreadyAMemberException(userId, m.role());
        });
        members.addMember(w, person, role);
        roster.joined(workspaceId, userId);
        changes.add("join " + person.email() + " " + role);
        return members.member(workspaceId, userId).orElseThrow();
    }

    @Override
    public Member joinProvisioned(UUID workspaceId, UUID userId, Role role, UUID provisioningKeyId) {
        return join(workspaceId, userId, role, provisioningKeyId);
    }

    @Override
    public Member changeRole(UUID userId, Role role) {
        UUID w = context.workspaceId();
        Member target = target(w, userId);
        mayTouch(target.role(), role);
        if (target.role() == Role.OWNER && role != Role.OWNER && owners(w) == 1) {
            throw new LastOwnerException(w, userId);
        }
        members.changeRole(roster.testWorkspace(w), roster.person(userId), role);
        changes.add("role " + target.email() + " " + role);
        return members.member(w, userId).orElseThrow();
    }

    @Override
    public void remove(UUID userId) {
        UUID w = context.workspaceId();
        Member target = target(w, userId);
        mayTouch(target.role(), target.role());
        if (target.role() == Role.OWNER && owners(w) == 1) {
            throw new LastOwnerException(w, userId);
        }
        members.remove(roster.testWorkspace(w), roster.person(userId));
        changes.add("remove " + target.email());
    }

    @Override
    public void leave() {
        UUID w = context.workspaceId();
        UUID me = context.actor().id();
        Member self = target(w, me);
        if (self.role() == Role.OWNER && owners(w) == 1) {
            throw new LastOwnerException(w, me);
        }
        members.remove(roster.testWorkspace(w), roster.person(me));
        changes.add("leave " + self.email());
    }

    @Override
    public void transferOwnership(UUID newOwnerUserId) {
        context.require(MANAGE_OWNERS);
        UUID w = context.workspaceId();
        Member target = target(w, newOwnerUserId);
        members.changeRole(roster.testWorkspace(w), roster.person(target.userId()), Role.OWNER);
        members.changeRole(
                roster.testWorkspace(w), roster.person(context.actor().id()), Role.ADMIN);
        changes.add("transfer " + target.email());
    }

    private Member target(UUID workspaceId, UUID userId) {
        return members.member(workspaceId, userId).orElseThrow(NoSuchElementException::new);
    }

    private void mayTouch(Role from, Role to) {
        context.require(MANAGE);
        if (from == Role.OWNER || to == Role.OWNER) {
            context.require(MANAGE_OWNERS);
        }
    }

    private long owners(UUID workspaceId) {
        return members.members(workspaceId).stream()
                .filter(m -> m.role() == Role.OWNER)
                .count();
    }
}
