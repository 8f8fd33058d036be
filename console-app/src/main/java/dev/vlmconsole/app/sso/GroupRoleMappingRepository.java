package dev.vlmconsole.app.sso;

import static dev.vlmconsole.app.db.Tables.GROUP_ROLE_MAPPINGS;
import static dev.vlmconsole.app.db.Tables.WORKSPACES;

import dev.vlmconsole.api.Role;
import dev.vlmconsole.app.sso.GroupRoleMappings.Mapping;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The {@code group_role_mappings} table (V11). */
@Repository
@Transactional(propagation = Propagation.MANDATORY)
class GroupRoleMappingRepository {

    private final DSLContext db;

    GroupRoleMappingRepository(DSLContext db) {
        this.db = db;
    }

    /** Locks the workspace's row until the transaction ends (one change of its mappings at a time). */
    boolean lockWorkspace(UUID workspaceId) {
        return db.select(WORKSPACES.ID)
                .from(WORKSPACES)
                .where(WORKSPACES.ID.eq(workspaceId))
                .forUpdate()
                .fetchOptional()
                .isPresent();
    }

    List<Mapping> ofWorkspace(UUID workspaceId) {
        return db.select(GROUP_ROLE_MAPPINGS.GROUP_NAME, GROUP_ROLE_MAPPINGS.ROLE)
                .from(GROUP_ROLE_MAPPINGS)
                .where(GROUP_ROLE_MAPPINGS.WORKSPACE_ID.eq(workspaceId))
                .orderBy(GROUP_ROLE_MAPPINGS.GROUP_NAME)
                .fetch(r -> new Mapping(r.value1(), Role.valueOf(r.value2())));
    }

    Optional<Role> roleOf(UUID workspaceId, String group) {
        return db.select(GROUP_ROLE_MAPPINGS.ROLE)
                .from(GROUP_ROLE_MAPPINGS)
                .where(GROUP_ROLE_MAPPINGS.WORKSPACE_ID.eq(workspaceId), GROUP_ROLE_MAPPINGS.GROUP_NAME.eq(group))
                .fetchOptional(r -> Role.valueOf(r.value1()));
    }

    /** The roles {@code groups} map to in the workspace, each once. */
    List<Role> rolesOf(UUID workspaceId, Collection<String> groups) {
        return db.selectDistinct(GROUP_ROLE_MAPPINGS.ROLE)
                .from(GROUP_ROLE_MAPPINGS)
                .where(GROUP_ROLE_MAPPINGS.WORKSPACE_ID.eq(workspaceId), GROUP_ROLE_MAPPINGS.GROUP_NAME.in(groups))
                .fetch(r -> Role.valueOf(r.value1()));
    }

    void insert(UUID workspaceId, String group, Role role) {
        db.insertInto(GROUP_ROLE_MAPPINGS)
                .set(GROUP_ROLE_MAPPINGS.WORKSPACE_ID, workspaceId)
                .set(GROUP_ROLE_MAPPINGS.GROUP_NAME, group)
                .set(GROUP_ROLE_MAPPINGS.ROLE, role.name())
                .execute();
    }

    void update(UUID workspaceId, String group, Role role) {
        db.update(GROUP_ROLE_MAPPINGS)
                .set(GROUP_ROLE_MAPPINGS.ROLE, role.name())
                .where(GROUP_ROLE_MAPPINGS.WORKSPACE_ID.eq(workspaceId), GROUP_ROLE_MAPPINGS.GROUP_NAME.eq(group))
                .execute();
    }

    void delete(UUID workspaceId, String group) {
        db.deleteFrom(GROUP_ROLE_MAPPINGS)
                .where(GROUP_ROLE_MAPPINGS.WORKSPACE_ID.eq(workspaceId), GROUP_ROLE_MAPPINGS.GROUP_NAME.eq(group))
                .execute();
    }
}
