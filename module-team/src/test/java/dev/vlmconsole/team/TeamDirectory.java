package dev.vlmconsole.team;

import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.api.services.MemberDirectory;
import dev.vlmconsole.testsupport.TestMembers;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's member directory for the Team module's tests: {@link TestMembers}, plus the
 * module-api 1.2 methods (workspace names, the roster) for the workspaces and people the test
 * made through it.
 */
public final class TeamDirectory implements MemberDirectory {

    private final TestMembers members;
    private final Map<UUID, TestPerson> people = new ConcurrentHashMap<>();

    TeamDirectory(TestMembers members) {
        this.members = members;
    }

    public TestWorkspace newWorkspace() {
        return members.newWorkspace();
    }

    public TestPerson newMember(TestWorkspace w, Role role) {
        TestPerson p = members.newMember(w, role);
        people.put(p.id(), p);
        return p;
    }

    public TestPerson newPerson() {
        TestPerson p = members.newPerson();
        people.put(p.id(), p);
        return p;
    }

    public TestPerson person(UUID id) {
        TestPerson p = people.get(id);
        if (p == null) {
            throw new NoSuchElementException("No such test person " + id);
        }
        return p;
    }

    public void known(TestPerson p) {
        people.put(p.id(), p);
    }

    @Override
    public List<Member> members(UUID workspaceId) {
        return members.members(workspaceId);
    }

    @Override
    public Optional<Member> member(UUID workspaceId, UUID userId) {
        return members.member(workspaceId, userId);
    }

    @Override
    public Optional<Member> firstOwner(UUID workspaceId) {
        return members.firstOwner(workspaceId);
    }

    @Override
    public List<MemberDetails> roster(UUID workspaceId) {
        return members.roster(workspaceId);
    }

    @Override
    public Optional<WorkspaceRef> workspace(UUID workspaceId) {
        return members.workspace(workspaceId);
    }
}
