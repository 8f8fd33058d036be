package dev.vlmconsole.testsupport;

import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.api.services.MemberDirectory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The people and workspaces of a module test, and who belongs where with which role: the
 * {@link MemberDirectory} the console would provide, kept in memory. {@link FakeConsoleContext}
 * reads a member's role here on every call, so that changing a role or removing a member takes
 * effect at once, as in the console.
 *
 * <p>Given a {@link ModuleDatabase} with {@link ModuleDatabase#withCoreTables() core tables}, every
 * person, workspace and membership is also written there, for modules whose tables reference them.
 */
public final class TestMembers implements MemberDirectory {

    private final ModuleDatabase database;
    private final Map<UUID, TestPerson> people = new ConcurrentHashMap<>();
    private final Map<UUID, TestWorkspace> workspaces = new ConcurrentHashMap<>();
    private final List<TestWorkspace> inOrder = new CopyOnWriteArrayList<>();
    /** Memberships by workspace, in joining order. */
    private final Map<UUID, Map<UUID, Role>> roles = new ConcurrentHashMap<>();

    private final Map<String, Instant> joined = new ConcurrentHashMap<>();
    private final Map<UUID, Instant> lastActive = new ConcurrentHashMap<>();

    /** Members kept in memory only. */
    public TestMembers() {
        this(null);
    }

    /** Members kept in memory and, when it has core tables, in {@code database} too. */
    public TestMembers(ModuleDatabase database) {
        this.database = database != null && database.hasCoreTables() ? database : null;
    }

    /** A new person, {@code user-<tag>@example.test}. */
    public TestPerson newPerson() {
        return addPerson(false);
    }

    /**
     * A new person with this address and name, such as one who signs up on an invitation's page
     * (a test's {@code Accounts}).
     */
    public TestPerson newPerson(String email, String displayName) {
        TestPerson person = new TestPerson(UUID.randomUUID(), email, displayName, false);
        people.put(person.id(), person);
        if (database != null) {
            database.insertUser(person.id(), person.email(), person.displayName());
        }
        return person;
    }

    /** A new person who is support staff (operator) and belongs to no workspace. */
    public TestPerson newOperator() {
        return addPerson(true);
    }

    private TestPerson addPerson(boolean operator) {
        String tag = tag();
        TestPerson person = new TestPerson(UUID.randomUUID(), "user-" + tag + "@example.test", "User " + tag, operator);
        people.put(person.id(), person);
        if (database != null) {
            database.insertUser(person.id(), person.email(), person.displayName());
        }
        return person;
    }

    /** A new workspace with a random name. */
    public TestWorkspace newWorkspace() {
        return newWorkspace("Workspace " + tag());
    }

    /** A new workspace named {@code name}. */
    public TestWorkspace newWorkspace(String name) {
        TestWorkspace workspace = new TestWorkspace(UUID.randomUUID(), name);
        workspaces.put(workspace.id(), workspace);
        inOrder.add(workspace);
        roles.put(workspace.id(), Collections.synchronizedMap(new LinkedHashMap<>()));
        if (database != null) {
            database.insertWorkspace(workspace.id(), name);
        }
        return workspace;
    }

    /** A new person with {@code role} in {@code workspace}. */
    public TestPerson newMember(TestWorkspace workspace, Role role) {
        TestPerson person = newPerson();
        addMember(workspace, person, role);
        return person;
    }

    /** Makes {@code person} a member of {@code workspace} with {@code role}, or changes their role. */
    public void addMember(TestWorkspace workspace, TestPerson person, Role role) {
        rolesIn(workspace.id()).put(person.id(), role);
        if (database != null) {
            database.putMembership(workspace.id(), person.id(), role);
        }
    }

    /** Changes a member's role; it applies to their next call. */
    public void changeRole(TestWorkspace workspace, TestPerson person, Role role) {
        if (!rolesIn(workspace.id()).containsKey(person.id())) {
            throw new IllegalArgumentException(person.email() + " is not a member of " + workspace.name());
        }
        addMember(workspace, person, role);
    }

    /** Removes a member; they lose the workspace at their next call. */
    public void remove(TestWorkspace workspace, TestPerson person) {
        rolesIn(workspace.id()).remove(person.id());
        if (database != null) {
            database.deleteMembership(workspace.id(), person.id());
        }
    }

    /** The person's membership of {@code workspaceId}, as the acting context reports it. */
    public Optional<WorkspaceRef> membership(UUID workspaceId, UUID userId) {
        TestWorkspace workspace = workspaces.get(workspaceId);
        Role role = workspace == null ? null : rolesIn(workspaceId).get(userId);
        return role == null ? Optional.empty() : Optional.of(new WorkspaceRef(workspaceId, workspace.name(), role));
    }

    /** Every membership of the person, in the order the workspaces were made. */
    public List<WorkspaceRef> memberships(UUID userId) {
        List<WorkspaceRef> out = new ArrayList<>();
        inOrder.forEach(w -> membership(w.id(), userId).ifPresent(out::add));
        return out;
    }

    @Override
    public List<Member> members(UUID workspaceId) {
        List<Member> out = new ArrayList<>();
        Map<UUID, Role> members = rolesIn(workspaceId);
        synchronized (members) {
            members.forEach((userId, role) -> {
                TestPerson p = people.get(userId);
                out.add(new Member(userId, p.email(), p.displayName(), role));
            });
        }
        out.sort(Comparator.comparing(Member::displayName));
        return out;
    }

    @Override
    public Optional<Member> member(UUID workspaceId, UUID userId) {
        return members(workspaceId).stream()
                .filter(m -> m.userId().equals(userId))
                .findFirst();
    }

    /** The first Owner to have joined. */
    @Override
    public Optional<Member> firstOwner(UUID workspaceId) {
        Map<UUID, Role> members = rolesIn(workspaceId);
        synchronized (members) {
            return members.entrySet().stream()
                    .filter(e -> e.getValue() == Role.OWNER)
                    .findFirst()
                    .map(e -> member(workspaceId, e.getKey()).orElseThrow());
        }
    }

    /** When a member joined, as {@link #roster} reports it, unless a test says otherwise with {@link #joinedAt}. */
    public static final Instant JOINED_BEFORE_THE_TEST = Instant.parse("2026-01-05T10:00:00Z");

    /** Says when {@code userId} joined {@code workspaceId}, for {@link #roster}. */
    public void joinedAt(UUID workspaceId, UUID userId, Instant at) {
        joined.put(workspaceId + "/" + userId, at);
    }

    /** Says when {@code person} last used the console, for {@link #roster} (never, until a test says so). */
    public void lastActive(TestPerson person, Instant at) {
        lastActive.put(person.id(), at);
    }

    /** The members of {@code workspaceId} by name, with when they joined and were last active. */
    @Override
    public List<MemberDetails> roster(UUID workspaceId) {
        return members(workspaceId).stream()
                .map(m -> new MemberDetails(
                        m.userId(),
                        m.email(),
                        m.displayName(),
                        m.role(),
                        joined.getOrDefault(workspaceId + "/" + m.userId(), JOINED_BEFORE_THE_TEST),
                        lastActive.get(m.userId())))
                .toList();
    }

    /** A test workspace's name, with {@link Role#VIEWER} as the console reports it. */
    @Override
    public Optional<WorkspaceRef> workspace(UUID workspaceId) {
        return Optional.ofNullable(workspaces.get(workspaceId))
                .map(w -> new WorkspaceRef(w.id(), w.name(), Role.VIEWER));
    }

    private Map<UUID, Role> rolesIn(UUID workspaceId) {
        Map<UUID, Role> members = roles.get(workspaceId);
        if (members == null) {
            throw new IllegalArgumentException("No such test workspace: " + workspaceId);
        }
        return members;
    }

    private static String tag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
