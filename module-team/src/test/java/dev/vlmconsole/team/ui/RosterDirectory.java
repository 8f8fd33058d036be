package dev.vlmconsole.team.ui;

import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.api.services.MemberDirectory;
import dev.vlmconsole.testsupport.TestMembers;
import dev.vlmconsole.testsupport.TestPerson;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test double of the console's {@link MemberDirectory} with module-api 1.2's roster and workspace
 * names, over test-support's {@link TestMembers} (which has neither): the tests say when someone
 * joined and was last active. It also remembers the test's people and workspaces by id for the other
 * doubles.
 */
final class RosterDirectory implements MemberDirectory {

    private final TestMembers members;
    private final Map<UUID, TestPerson> people = new ConcurrentHashMap<>();
    private final Map<UUID, TestWorkspace> workspaces = new ConcurrentHashMap<>();

    RosterDirectory(TestMembers members) {
        this.members = members;
    }

    TestWorkspace newWorkspace(String name) {
        TestWorkspace w = members.newWorkspace(name);
        workspaces.put(w.id(), w);
        return w;
    }

    TestPerson newMember(TestWorkspace w, Role role) {
        return known(members.newMember(w, role));
    }

    TestPerson newPerson() {
        return known(members.newPerson());
    }

    void add(TestWorkspace w, TestPerson p, Role role) {
        members.addMember(w, p, role);
    }

    private TestPerson known(TestPerson p) {
        people.put(p.id(), p);
        return p;
    }

    void lastActive(TestPerson p, Instant at) {
        members.lastActive(p, at);
    }

    void joined(UUID workspaceId, UUID userId) {
        members.joinedAt(workspaceId, userId, Instant.now());
    }

    TestPerson person(UUID id) {
        return Optional.ofNullable(people.get(id)).orElseThrow(NoSuchElementException::new);
    }

    Optional<TestPerson> byEmail(String email) {
        return people.values().stream()
                .filter(p -> p.email().equalsIgnoreCase(email))
                .findFirst();
    }

    TestWorkspace testWorkspace(UUID id) {
        return Optional.ofNullable(workspaces.get(id)).orElseThrow(NoSuchElementException::new);
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
