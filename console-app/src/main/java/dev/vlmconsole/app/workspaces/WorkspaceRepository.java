package dev.vlmconsole.app.workspaces;

import static dev.vlmconsole.app.db.Tables.MEMBERSHIPS;
import static dev.vlmconsole.app.db.Tables.WORKSPACES;

import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.WorkspaceRef;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Workspaces and memberships. */
@Repository
@Transactional(propagation = Propagation.MANDATORY)
public class WorkspaceRepository {

    private final DSLContext db;

    WorkspaceRepository(DSLContext db) {
        this.db = db;
    }

    public UUID insertWorkspace(String name) {
        UUID id = UUID.randomUUID();
        db.insertInto(WORKSPACES)
                .set(WORKSPACES.ID, id)
                .set(WORKSPACES.NAME, name)
                .set(WORKSPACES.CREATED_AT, OffsetDateTime.now())
                .execute();
        return id;
    }

    public void insertMembership(UUID workspaceId, UUID userId, Role role) {
        db.insertInto(MEMBERSHIPS)
                .set(MEMBERSHIPS.WORKSPACE_ID, workspaceId)
                .set(MEMBERSHIPS.USER_ID, userId)
                .set(MEMBERSHIPS.ROLE, role.name())
                .set(MEMBERSHIPS.JOINED_AT, OffsetDateTime.now())
                .execute();
    }

    /** The person's membership of one workspace. */
    public Optional<WorkspaceRef> membership(UUID workspaceId, UUID userId) {
        return db.select(WORKSPACES.ID, WORKSPACES.NAME, MEMBERSHIPS.ROLE)
                .from(MEMBERSHIPS)
                .join(WORKSPACES)
                .on(WORKSPACES.ID.eq(MEMBERSHIPS.WORKSPACE_ID))
                .where(MEMBERSHIPS.WORKSPACE_ID.eq(workspaceId).and(MEMBERSHIPS.USER_ID.eq(userId)))
                .fetchOptional(r -> new WorkspaceRef(r.value1(), r.value2(), Role.valueOf(r.value3())));
    }

    /** The workspace's name, if there is such a workspace. */
    public Optional<String> name(UUID workspaceId) {
        return db.select(WORKSPACES.NAME)
                .from(WORKSPACES)
                .where(WORKSPACES.ID.eq(workspaceId))
                .fetchOptional(WORKSPACES.NAME);
    }

    /** Every workspace the person belongs to, by name. */
    public List<WorkspaceRef> memberships(UUID userId) {
        return db.select(WORKSPACES.ID, WORKSPACES.NAME, MEMBERSHIPS.ROLE)
                .from(MEMBERSHIPS)
                .join(WORKSPACES)
                .on(WORKSPACES.ID.eq(MEMBERSHIPS.WORKSPACE_ID))
                .where(MEMBERSHIPS.USER_ID.eq(userId))
                .orderBy(WORKSPACES.NAME, WORKSPACES.ID)
                .fetch(r -> new WorkspaceRef(r.value1(), r.value2(), Role.valueOf(r.value3())));
    }

    /**
     * Locks the workspace's row until the transaction ends, so that membership changes of one
     * workspace happen one after the other (see DD011); false when there is no such workspace.
     */
    public boolean lockForMembershipChange(UUID workspaceId) {
        return db.select(WORKSPACES.ID)
                .from(WORKSPACES)
                .where(WORKSPACES.ID.eq(workspaceId))
                .forUpdate()
                .fetchOptional()
                .isPresent();
    }

    /** How many Owners the workspace has. */
    public int ownerCount(UUID workspaceId) {
        return db.fetchCount(
                MEMBERSHIPS, MEMBERSHIPS.WORKSPACE_ID.eq(workspaceId).and(MEMBERSHIPS.ROLE.eq(Role.OWNER.name())));
    }

    public void updateRole(UUID workspaceId, UUID userId, Role role) {
        db.update(MEMBERSHIPS)
                .set(MEMBERSHIPS.ROLE, role.name())
                .where(MEMBERSHIPS.WORKSPACE_ID.eq(workspaceId).and(MEMBERSHIPS.USER_ID.eq(userId)))
                .execute();
    }

    public void deleteMembership(UUID workspaceId, UUID userId) {
        db.deleteFrom(MEMBERSHIPS)
                .where(MEMBERSHIPS.WORKSPACE_ID.eq(workspaceId).and(MEMBERSHIPS.USER_ID.eq(userId)))
                .execute();
    }
}
