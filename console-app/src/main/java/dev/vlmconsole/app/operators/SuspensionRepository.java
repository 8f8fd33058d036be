package dev.vlmconsole.app.operators;

import static dev.vlmconsole.app.db.Tables.WORKSPACES;
import static dev.vlmconsole.app.db.Tables.WORKSPACE_SUSPENSION;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.services.WorkspaceStatus.Suspension;
import dev.vlmconsole.app.db.tables.records.WorkspaceSuspensionRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The suspended workspaces (one row each while suspended, V9) and the workspace names they need. */
@Repository
@Transactional(propagation = Propagation.MANDATORY)
class SuspensionRepository {

    private final DSLContext db;

    SuspensionRepository(DSLContext db) {
        this.db = db;
    }

    /** Locks the workspace's row until the transaction ends and answers its name; empty when there is none. */
    Optional<String> lockWorkspace(UUID workspaceId) {
        return db.select(WORKSPACES.NAME)
                .from(WORKSPACES)
                .where(WORKSPACES.ID.eq(workspaceId))
                .forUpdate()
                .fetchOptional(WORKSPACES.NAME);
    }

    Optional<Suspension> find(UUID workspaceId) {
        return db.selectFrom(WORKSPACE_SUSPENSION)
                .where(WORKSPACE_SUSPENSION.WORKSPACE_ID.eq(workspaceId))
                .fetchOptional(SuspensionRepository::suspension);
    }

    List<Suspension> all() {
        return db.selectFrom(WORKSPACE_SUSPENSION).fetch(SuspensionRepository::suspension);
    }

    void insert(UUID workspaceId, String reason, Actor by, Instant at) {
        db.insertInto(WORKSPACE_SUSPENSION)
                .set(WORKSPACE_SUSPENSION.WORKSPACE_ID, workspaceId)
                .set(WORKSPACE_SUSPENSION.SUSPENDED_AT, OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .set(WORKSPACE_SUSPENSION.REASON, reason)
                .set(WORKSPACE_SUSPENSION.SUSPENDED_BY_KIND, by.kind().name())
                .set(WORKSPACE_SUSPENSION.SUSPENDED_BY_ID, by.id())
                .set(WORKSPACE_SUSPENSION.SUSPENDED_BY_NAME, cut(by.displayName(), 320))
                .execute();
    }

    void delete(UUID workspaceId) {
        db.deleteFrom(WORKSPACE_SUSPENSION)
                .where(WORKSPACE_SUSPENSION.WORKSPACE_ID.eq(workspaceId))
                .execute();
    }

    private static Suspension suspension(WorkspaceSuspensionRecord r) {
        return new Suspension(
                r.getWorkspaceId(), r.getReason(), r.getSuspendedAt().toInstant());
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
