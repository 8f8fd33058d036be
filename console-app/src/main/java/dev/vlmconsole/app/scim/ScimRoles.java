package dev.vlmconsole.app.scim;

import java.util.UUID;

/**
 * Whether a workspace's roles come from SCIM groups: once its identity provider has pushed a group
 * that maps to a role ({@code GroupRoleMappings}), SCIM group membership sets roles and the sign-in
 * claim mapping is ignored for that workspace.
 */
public interface ScimRoles {

    /** Whether SCIM groups set the roles of {@code workspaceId}'s members. Answers from a cheap query. */
    boolean managesRoles(UUID workspaceId);
}
