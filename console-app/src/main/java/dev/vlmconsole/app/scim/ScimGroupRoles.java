package dev.vlmconsole.app.scim;

import dev.vlmconsole.app.sso.GroupRoleMappings;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The console's {@link ScimRoles}: a workspace's roles come from SCIM groups once its identity provider
 * has pushed a group whose display name the workspace maps to a role ({@link GroupRoleMappings}).
 * Without the mappings service nothing maps, and sign-in keeps applying the claim mapping (DD036).
 */
@Service
class ScimGroupRoles implements ScimRoles {

    private final ScimStore store;
    private final ObjectProvider<GroupRoleMappings> mappings;

    ScimGroupRoles(ScimStore store, ObjectProvider<GroupRoleMappings> mappings) {
        this.store = store;
        this.mappings = mappings;
    }

    @Override
    @Transactional(readOnly = true)
    public boolean managesRoles(UUID workspaceId) {
        GroupRoleMappings m = mappings.getIfAvailable();
        if (m == null) {
            return false;
        }
        List<String> groups = store.groupNames(workspaceId);
        return !groups.isEmpty() && m.roleFor(workspaceId, groups).isPresent();
    }
}
