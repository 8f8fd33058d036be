package dev.vlmconsole.app.workspaces;

import static dev.vlmconsole.app.db.Tables.MEMBERSHIPS;
import static dev.vlmconsole.app.db.Tables.USERS;
import static dev.vlmconsole.app.db.Tables.WORKSPACES;

import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.api.services.MemberDirectory;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record4;
import org.jooq.SelectConditionStep;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The console's answer to {@link MemberDirectory}, from its users and memberships tables. */
@Service
class ConsoleMemberDirectory implements MemberDirectory {

    private final DSLContext db;

    ConsoleMemberDirectory(DSLContext db) {
        this.db = db;
    }

    @Override
    @Transactional(readOnly = true)
    public List<Member> members(UUID workspaceId) {
        return query(MEMBERSHIPS.WORKSPACE_ID.eq(workspaceId))
                .orderBy(USERS.DISPLAY_NAME, USERS.EMAIL)
                .fetch(this::toMember);
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Member> member(UUID workspaceId, UUID userId) {
        return query(MEMBERSHIPS.WORKSPACE_ID.eq(workspaceId).and(MEMBERSHIPS.USER_ID.eq(userId)))
                .fetchOptional(this::toMember);
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Member> firstOwner(UUID workspaceId) {
        return query(MEMBERSHIPS.WORKSPACE_ID.eq(workspaceId).and(MEMBERSHIPS.ROLE.eq(Role.OWNER.name())))
                .orderBy(MEMBERSHIPS.JOINED_AT)
                .limit(1)
                .fetchOptional(this::toMember);
    }

    @Override
    @Transactional(readOnly = true)
    public List<MemberDetails> roster(UUID workspaceId) {
        return db.select(
                        USERS.ID,
                        USERS.EMAIL,
                        USERS.DISPLAY_NAME,
                        MEMBERSHIPS.ROLE,
                        MEMBERSHIPS.JOINED_AT,
                        USERS.LAST_ACTIVE_AT)
                .from(MEMBERSHIPS)
                .join(USERS)
                .on(USERS.ID.eq(MEMBERSHIPS.USER_ID))
                .where(MEMBERSHIPS.WORKSPACE_ID.eq(workspaceId))
                .orderBy(USERS.DISPLAY_NAME, USERS.EMAIL)
                .fetch(r -> new MemberDetails(
                        r.value1(),
                        r.value2(),
                        r.value3(),
                        Role.valueOf(r.value4()),
                        r.value5().toInstant(),
                        r.value6() == null ? null : r.value6().toInstant()));
    }

    /** The name of any workspace; the role says nothing about anyone (as documented: VIEWER). */
    @Override
    @Transactional(readOnly = true)
    public Optional<WorkspaceRef> workspace(UUID workspaceId) {
        return db.select(WORKSPACES.NAME)
                .from(WORKSPACES)
                .where(WORKSPACES.ID.eq(workspaceId))
                .fetchOptional(WORKSPACES.NAME)
                .map(name -> new WorkspaceRef(workspaceId, name, Role.VIEWER));
    }

    private SelectConditionStep<Record4<UUID, String, String, String>> query(Condition where) {
        return db.select(USERS.ID, USERS.EMAIL, USERS.DISPLAY_NAME, MEMBERSHIPS.ROLE)
                .from(MEMBERSHIPS)
                .join(USERS)
                .on(USERS.ID.eq(MEMBERSHIPS.USER_ID))
                .where(where);
    }

    private Member toMember(Record4<UUID, String, String, String> r) {
        return new Member(r.value1(), r.value2(), r.value3(), Role.valueOf(r.value4()));
    }
}
