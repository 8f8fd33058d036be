package dev.vlmconsole.api;

import dev.vlmconsole.api.services.ApiKeyPrincipal;
import dev.vlmconsole.api.services.PlatformKeyPrincipal;
import java.util.Optional;
import java.util.UUID;

/**
 * The acting context of the current call: who acts, in which workspace, with which role.
 *
 * <p>Every service method of a module starts by asking it: {@code context.require("keys.manage")}.
 * Checks made here are the real access control; hiding a button is only a courtesy. The console
 * resolves the context from the signed-in session in the UI and from the API key on
 * {@code /api/v1/**}.
 */
public interface ConsoleContext {

    /** The acting principal; throws {@link PermissionDeniedException} when nobody is signed in. */
    Actor actor();

    /**
     * The current workspace, empty when the actor belongs to none (for example an operator). For an
     * API key, the role is its owner's current role, not what the key may do: authorise with
     * {@link #can} / {@link #require}, which also apply the key's scope allow-list
     * ({@link ConsoleModule#keyScopePermissions()}), never with {@code role()}.
     */
    Optional<WorkspaceRef> workspace();

    /** The current workspace, or {@link PermissionDeniedException} when there is none. */
    default WorkspaceRef requireWorkspace() {
        return workspace().orElseThrow(() -> new PermissionDeniedException("workspace"));
    }

    /** Shortcut for {@code requireWorkspace().id()}. */
    default UUID workspaceId() {
        return requireWorkspace().id();
    }

    /** Whether the actor holds {@code permission} in the current workspace. */
    boolean can(String permission);

    /** Throws {@link PermissionDeniedException} unless the actor holds {@code permission}. */
    default void require(String permission) {
        if (!can(permission)) {
            throw new PermissionDeniedException(permission);
        }
    }

    /** The API key making a machine-API call; empty for people in the console. */
    Optional<ApiKeyPrincipal> apiKey();

    /**
     * The platform key making a machine-API call (the platform's gateway reporting usage, say): a key
     * of the install, not of a workspace, so {@link #workspace()} is empty. Empty for people and for
     * workspace keys.
     *
     * @since 1.3
     */
    default Optional<PlatformKeyPrincipal> platformKey() {
        return Optional.empty();
    }

    /**
     * Whether this is an operator's <em>support session</em>: a platform operator who opened the
     * current workspace as support, without being a member of it. Such a context holds exactly the
     * read-only permissions of every module ({@link ConsoleModule#readOnlyPermissions()}), whatever
     * role {@link #workspace()} names, and its {@link #actor()} is marked as an operator. Pages may
     * use it to say so; access control needs nothing more than {@link #can}.
     *
     * @since 1.4
     */
    default boolean isSupportSession() {
        return false;
    }

    /** Network address the call came from, when known (for the audit log). */
    Optional<String> sourceAddress();
}
