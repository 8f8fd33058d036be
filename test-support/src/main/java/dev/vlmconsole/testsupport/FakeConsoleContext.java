package dev.vlmconsole.testsupport;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.ConsoleModule;
import dev.vlmconsole.api.Permission;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.api.services.PlatformKeyPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The acting context of a module test, decided by the test instead of by a sign-in: who acts
 * ({@link #signIn}), in which workspace, and whether through an API key ({@link #useApiKey}).
 *
 * <p>Permissions come from the modules' own descriptors, as in the console: a member holds what
 * {@link ConsoleModule#permissions()} grants their role, read from {@link TestMembers} on every
 * call (a changed role or a removed member takes effect at once). An API key holds a permission
 * only when its owner's role holds it and a module lists it for one of the key's scopes in
 * {@link ConsoleModule#keyScopePermissions()}. {@link Permissions#OPERATOR} is held by a person made with {@link TestMembers#newOperator()} (the
 * console also asks that they gave every factor; a test's person always has), never by a key. A
 * platform key ({@link #usePlatformKey}) acts in no workspace and holds nothing.
 *
 * <p>The acting person is one for the whole test, on every thread (the console has one per
 * request); a test that needs two people at once switches between them.
 */
public final class FakeConsoleContext implements ConsoleContext {

    /** Who acts now; replaced as a whole so that other threads see a consistent state. */
    private record Acting(
            TestPerson person,
            TestWorkspace chosen,
            ApiKeyPrincipal key,
            String sourceAddress,
            PlatformKeyPrincipal platformKey) {
        Acting(TestPerson person, TestWorkspace chosen, ApiKeyPrincipal key, String sourceAddress) {
            this(person, chosen, key, sourceAddress, null);
        }
    }

    private final TestMembers members;
    private final List<ConsoleModule> modules;
    private volatile Acting acting = new Acting(null, null, null, null);

    /**
     * @param members the people and memberships of the test
     * @param modules the modules whose permission tables apply (the module under test and any it relies on)
     */
    public FakeConsoleContext(TestMembers members, ConsoleModule... modules) {
        this(members, List.of(modules));
    }

    /** As {@link #FakeConsoleContext(TestMembers, ConsoleModule...)}. */
    public FakeConsoleContext(TestMembers members, List<ConsoleModule> modules) {
        this.members = members;
        this.modules = List.copyOf(modules);
    }

    /** The people and memberships this context reads. */
    public TestMembers members() {
        return members;
    }

    /** Signs {@code person} in without choosing a workspace (they act in their first one, if any). */
    public void signIn(TestPerson person) {
        acting = new Acting(person, null, null, acting.sourceAddress());
    }

    /** Signs {@code person} in and chooses {@code workspace}; they must be a member to act in it. */
    public void signIn(TestPerson person, TestWorkspace workspace) {
        acting = new Acting(person, workspace, null, acting.sourceAddress());
    }

    /**
     * Acts as an API key on the machine API: the actor is the key, the workspace the key's, the role
     * its owner's current role, narrowed by the key's scopes. A service key (no owner, module-api 1.5)
     * acts with an Owner's role, narrowed by its scopes.
     */
    public void useApiKey(ApiKeyPrincipal key) {
        acting = new Acting(null, null, key, acting.sourceAddress());
    }

    /**
     * Acts as a platform key on the machine API (the platform's gateway): the actor is the key, there is
     * no workspace, and no permission is held; {@link #platformKey()} answers it.
     *
     * @since module-api 1.3
     */
    public void usePlatformKey(PlatformKeyPrincipal key) {
        acting = new Acting(null, null, null, acting.sourceAddress(), key);
    }

    /** Nobody acts: {@link #actor()} throws, {@link #can} is false. */
    public void signOut() {
        acting = new Acting(null, null, null, acting.sourceAddress());
    }

    /** The network address calls come from, for the audit log; null for none. */
    public void setSourceAddress(String address) {
        Acting now = acting;
        acting = new Acting(now.person(), now.chosen(), now.key(), address, now.platformKey());
    }

    @Override
    public Actor actor() {
        Acting now = acting;
        if (now.platformKey() != null) {
            return new Actor(
                    Actor.Kind.API_KEY,
                    now.platformKey().keyId(),
                    "",
                    "Platform key " + now.platformKey().name(),
                    false);
        }
        if (now.key() != null) {
            return new Actor(
                    Actor.Kind.API_KEY,
                    now.key().keyId(),
                    "",
                    "API key " + now.key().name(),
                    false);
        }
        if (now.person() == null) {
            throw new PermissionDeniedException("sign-in");
        }
        return now.person().actor();
    }

    @Override
    public Optional<WorkspaceRef> workspace() {
        Acting now = acting;
        if (now.key() != null) {
            if (now.key().isServiceKey()) {
                // owned by the workspace: an Owner's role, narrowed by its scopes, as in the console (module-api 1.5)
                return members.workspace(now.key().workspaceId())
                        .map(w -> new WorkspaceRef(w.id(), w.name(), Role.OWNER));
            }
            return members.membership(now.key().workspaceId(), now.key().ownerUserId());
        }
        if (now.person() == null) {
            return Optional.empty();
        }
        if (now.chosen() != null) {
            Optional<WorkspaceRef> chosen =
                    members.membership(now.chosen().id(), now.person().id());
            if (chosen.isPresent()) {
                return chosen;
            }
        }
        return members.memberships(now.person().id()).stream().findFirst();
    }

    @Override
    public boolean can(String permission) {
        Acting now = acting;
        if (Permissions.OPERATOR.equals(permission)) {
            return now.person() != null
                    && now.key() == null
                    && now.platformKey() == null
                    && now.person().operator();
        }
        if (now.key() != null && !allowedForScopes(now.key().scopes(), permission)) {
            return false;
        }
        return workspace().map(w -> isGranted(w.role(), permission)).orElse(false);
    }

    @Override
    public Optional<ApiKeyPrincipal> apiKey() {
        return Optional.ofNullable(acting.key());
    }

    @Override
    public Optional<PlatformKeyPrincipal> platformKey() {
        return Optional.ofNullable(acting.platformKey());
    }

    @Override
    public Optional<String> sourceAddress() {
        return Optional.ofNullable(acting.sourceAddress());
    }

    /** Every permission the modules define, for tests that walk through them. */
    public List<Permission> permissions() {
        List<Permission> all = new ArrayList<>();
        modules.forEach(m -> all.addAll(m.permissions()));
        return all;
    }

    private boolean isGranted(Role role, String permission) {
        return permissions().stream().anyMatch(p -> p.key().equals(permission) && p.isGrantedTo(role));
    }

    private boolean allowedForScopes(Set<String> scopes, String permission) {
        return modules.stream()
                .anyMatch(m -> m.keyScopePermissions().entrySet().stream()
                        .anyMatch(
                                e -> scopes.contains(e.getKey()) && e.getValue().contains(permission)));
    }
}
