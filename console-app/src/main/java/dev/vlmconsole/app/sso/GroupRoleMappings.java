package dev.vlmconsole.app.sso;

import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A workspace's mapping of identity-provider groups (the {@code groups} claim of single sign-on, or the
 * display names of SCIM groups) to roles. Applied to the workspace's members at every SSO sign-in
 * (a changed role is audited; the last-Owner rule holds), unless the workspace's roles come from SCIM
 * groups ({@code app.scim.ScimRoles#managesRoles}); a mapping never adds a person to a workspace.
 *
 * <p>Owners change it ({@link DomainClaims#SETTINGS}); Owners and Admins read it.
 */
public interface GroupRoleMappings {

    /** Input name of the group in {@link InvalidInputException#fieldErrors()}. */
    String GROUP = "group";

    record Mapping(String group, Role role) {}

    /** The current workspace's mappings, by group. */
    List<Mapping> ofCurrentWorkspace();

    /**
     * Maps {@code group} (exact, case-sensitive as the provider sends it, 1–200 characters) to {@code role}
     * in the current workspace, replacing an earlier mapping of that group. Audited.
     *
     * @throws InvalidInputException     on {@link #GROUP}
     * @throws PermissionDeniedException when the actor is not an Owner
     */
    Mapping put(String group, Role role);

    /** Removes the mapping of {@code group} (nothing happens when there is none). Audited. */
    void remove(String group);

    /**
     * The role {@code groups} give in {@code workspaceId}: the highest role any of them maps to, or
     * empty when none is mapped (the member's role then stays as it is). No permission needed.
     */
    Optional<Role> roleFor(UUID workspaceId, Collection<String> groups);
}
