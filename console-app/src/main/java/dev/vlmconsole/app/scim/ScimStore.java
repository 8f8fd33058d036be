package dev.vlmconsole.app.scim;

import static dev.vlmconsole.app.db.Tables.MEMBERSHIPS;
import static dev.vlmconsole.app.db.Tables.SCIM_GROUPS;
import static dev.vlmconsole.app.db.Tables.SCIM_GROUP_MEMBERS;
import static dev.vlmconsole.app.db.Tables.SCIM_USERS;
import static dev.vlmconsole.app.db.Tables.USERS;

import dev.vlmconsole.api.Role;
import dev.vlmconsole.app.account.Emails;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The SCIM tables (core V12): a workspace's SCIM users, its SCIM groups and their members. */
@Repository
@Transactional(propagation = Propagation.MANDATORY)
class ScimStore {

    /** A SCIM user as stored. */
    record UserRow(
            UUID id,
            UUID workspaceId,
            @Nullable UUID userId,
            String userName,
            @Nullable String externalId,
            @Nullable String givenName,
            @Nullable String familyName,
            @Nullable String displayName,
            boolean active,
            boolean provisioned,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt) {}

    /**
     * A SCIM user as SCIM sees it: with whether the person is a member now, their role then, and the
     * account's name.
     */
    record Person(
            UserRow row, @Nullable Role role, @Nullable String accountName) {

        boolean member() {
            return role != null;
        }

        /** Members, and pending invitations SCIM created, are active; deactivated people are not. */
        boolean active() {
            return member() || (row.userId() == null && row.active());
        }

        /** Members, and whoever SCIM created (pending or inactive); a removed member it found is gone. */
        boolean visible() {
            return member() || row.provisioned();
        }
    }

    /** A SCIM group as stored. */
    record GroupRow(
            UUID id,
            UUID workspaceId,
            String displayName,
            @Nullable String externalId,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt) {}

    private final DSLContext db;

    ScimStore(DSLContext db) {
        this.db = db;
    }

    /**
     * Brings the workspace's SCIM users up to date with its members: a pending invitation that has been
     * accepted is linked to its account, and a member SCIM has not seen yet gets a row (not provisioned),
     * so that every member has a stable SCIM id.
     */
    void sync(UUID workspaceId, OffsetDateTime now) {
        var accepted = db.select(SCIM_USERS.ID, USERS.ID)
                .from(SCIM_USERS)
                .join(USERS)
                .on(USERS.EMAIL.eq(SCIM_USERS.USER_NAME))
                .join(MEMBERSHIPS)
                .on(MEMBERSHIPS.USER_ID.eq(USERS.ID).and(MEMBERSHIPS.WORKSPACE_ID.eq(SCIM_USERS.WORKSPACE_ID)))
                .where(SCIM_USERS.WORKSPACE_ID.eq(workspaceId))
                .and(SCIM_USERS.USER_ID.isNull())
                .fetch();
        for (var r : accepted) {
            db.update(SCIM_USERS)
                    .set(SCIM_USERS.USER_ID, r.value2())
                    .set(SCIM_USERS.ACTIVE, true)
                    .set(SCIM_USERS.UPDATED_AT, now)
                    .where(SCIM_USERS.ID.eq(r.value1()))
                    .execute();
        }
        var unseen = db.select(USERS.ID, USERS.EMAIL)
                .from(MEMBERSHIPS)
                .join(USERS)
                .on(USERS.ID.eq(MEMBERSHIPS.USER_ID))
                .where(MEMBERSHIPS.WORKSPACE_ID.eq(workspaceId))
                .andNotExists(db.selectOne()
                        .from(SCIM_USERS)
                        .where(SCIM_USERS.WORKSPACE_ID.eq(workspaceId))
                        .and(SCIM_USERS.USER_ID.eq(USERS.ID)))
                .fetch();
        for (var r : unseen) {
            int linked = db.update(SCIM_USERS)
                    .set(SCIM_USERS.USER_ID, r.value1())
                    .set(SCIM_USERS.ACTIVE, true)
                    .set(SCIM_USERS.UPDATED_AT, now)
                    .where(SCIM_USERS.WORKSPACE_ID.eq(workspaceId))
                    .and(SCIM_USERS.USER_NAME.eq(r.value2()))
                    .execute();
            if (linked == 0) {
                db.insertInto(SCIM_USERS)
                        .set(SCIM_USERS.ID, UUID.randomUUID())
                        .set(SCIM_USERS.WORKSPACE_ID, workspaceId)
                        .set(SCIM_USERS.USER_ID, r.value1())
                        .set(SCIM_USERS.USER_NAME, r.value2())
                        .set(SCIM_USERS.ACTIVE, true)
                        .set(SCIM_USERS.PROVISIONED, false)
                        .set(SCIM_USERS.CREATED_AT, now)
                        .set(SCIM_USERS.UPDATED_AT, now)
                        .execute();
            }
        }
    }

    /** Every SCIM user of the workspace (visible or not), oldest first, with membership and account. */
    List<Person> people(UUID workspaceId) {
        return peopleWhere(workspaceId, null);
    }

    Optional<Person> person(UUID workspaceId, UUID id) {
        return peopleWhere(workspaceId, id).stream().findFirst();
    }

    private List<Person> peopleWhere(UUID workspaceId, @Nullable UUID id) {
        var condition = SCIM_USERS.WORKSPACE_ID.eq(workspaceId);
        if (id != null) {
            condition = condition.and(SCIM_USERS.ID.eq(id));
        }
        return db.select(SCIM_USERS.asterisk(), MEMBERSHIPS.ROLE, USERS.DISPLAY_NAME)
                .from(SCIM_USERS)
                .leftJoin(MEMBERSHIPS)
                .on(MEMBERSHIPS
                        .WORKSPACE_ID
                        .eq(SCIM_USERS.WORKSPACE_ID)
                        .and(MEMBERSHIPS.USER_ID.eq(SCIM_USERS.USER_ID)))
                .leftJoin(USERS)
                .on(USERS.ID.eq(SCIM_USERS.USER_ID))
                .where(condition)
                .orderBy(SCIM_USERS.CREATED_AT, SCIM_USERS.ID)
                .fetch(r -> new Person(
                        userRow(r),
                        r.get(MEMBERSHIPS.ROLE) == null ? null : Role.valueOf(r.get(MEMBERSHIPS.ROLE)),
                        r.get(USERS.DISPLAY_NAME)));
    }

    private static UserRow userRow(Record r) {
        return new UserRow(
                r.get(SCIM_USERS.ID),
                r.get(SCIM_USERS.WORKSPACE_ID),
                r.get(SCIM_USERS.USER_ID),
                r.get(SCIM_USERS.USER_NAME),
                r.get(SCIM_USERS.EXTERNAL_ID),
                r.get(SCIM_USERS.GIVEN_NAME),
                r.get(SCIM_USERS.FAMILY_NAME),
                r.get(SCIM_USERS.DISPLAY_NAME),
                r.get(SCIM_USERS.ACTIVE),
                r.get(SCIM_USERS.PROVISIONED),
                r.get(SCIM_USERS.CREATED_AT),
                r.get(SCIM_USERS.UPDATED_AT));
    }

    Optional<UserRow> userByName(UUID workspaceId, String userName) {
        return db.selectFrom(SCIM_USERS)
                .where(SCIM_USERS.WORKSPACE_ID.eq(workspaceId))
                .and(SCIM_USERS.USER_NAME.eq(Emails.normalize(userName)))
                .fetchOptional(ScimStore::userRow);
    }

    Optional<UserRow> userByExternalId(UUID workspaceId, String externalId) {
        return db.selectFrom(SCIM_USERS)
                .where(SCIM_USERS.WORKSPACE_ID.eq(workspaceId))
                .and(SCIM_USERS.EXTERNAL_ID.eq(externalId))
                .fetchOptional(ScimStore::userRow);
    }

    void insertUser(UserRow row) {
        db.insertInto(SCIM_USERS)
                .set(SCIM_USERS.ID, row.id())
                .set(SCIM_USERS.WORKSPACE_ID, row.workspaceId())
                .set(SCIM_USERS.USER_ID, row.userId())
                .set(SCIM_USERS.USER_NAME, row.userName())
                .set(SCIM_USERS.EXTERNAL_ID, row.externalId())
                .set(SCIM_USERS.GIVEN_NAME, row.givenName())
                .set(SCIM_USERS.FAMILY_NAME, row.familyName())
                .set(SCIM_USERS.DISPLAY_NAME, row.displayName())
                .set(SCIM_USERS.ACTIVE, row.active())
                .set(SCIM_USERS.PROVISIONED, row.provisioned())
                .set(SCIM_USERS.CREATED_AT, row.createdAt())
                .set(SCIM_USERS.UPDATED_AT, row.updatedAt())
                .execute();
    }

    void updateUser(UserRow row) {
        db.update(SCIM_USERS)
                .set(SCIM_USERS.USER_ID, row.userId())
                .set(SCIM_USERS.EXTERNAL_ID, row.externalId())
                .set(SCIM_USERS.GIVEN_NAME, row.givenName())
                .set(SCIM_USERS.FAMILY_NAME, row.familyName())
                .set(SCIM_USERS.DISPLAY_NAME, row.displayName())
                .set(SCIM_USERS.ACTIVE, row.active())
                .set(SCIM_USERS.PROVISIONED, row.provisioned())
                .set(SCIM_USERS.UPDATED_AT, row.updatedAt())
                .where(SCIM_USERS.ID.eq(row.id()))
                .and(SCIM_USERS.WORKSPACE_ID.eq(row.workspaceId()))
                .execute();
    }

    void deleteUser(UUID workspaceId, UUID id) {
        db.deleteFrom(SCIM_USERS)
                .where(SCIM_USERS.ID.eq(id))
                .and(SCIM_USERS.WORKSPACE_ID.eq(workspaceId))
                .execute();
    }

    List<GroupRow> groups(UUID workspaceId) {
        return db.selectFrom(SCIM_GROUPS)
                .where(SCIM_GROUPS.WORKSPACE_ID.eq(workspaceId))
                .orderBy(SCIM_GROUPS.CREATED_AT, SCIM_GROUPS.ID)
                .fetch(ScimStore::groupRow);
    }

    Optional<GroupRow> group(UUID workspaceId, UUID id) {
        return db.selectFrom(SCIM_GROUPS)
                .where(SCIM_GROUPS.WORKSPACE_ID.eq(workspaceId))
                .and(SCIM_GROUPS.ID.eq(id))
                .fetchOptional(ScimStore::groupRow);
    }

    Optional<GroupRow> groupByName(UUID workspaceId, String displayName) {
        return db.selectFrom(SCIM_GROUPS)
                .where(SCIM_GROUPS.WORKSPACE_ID.eq(workspaceId))
                .and(SCIM_GROUPS.DISPLAY_NAME.eq(displayName))
                .fetchOptional(ScimStore::groupRow);
    }

    Optional<GroupRow> groupByExternalId(UUID workspaceId, String externalId) {
        return db.selectFrom(SCIM_GROUPS)
                .where(SCIM_GROUPS.WORKSPACE_ID.eq(workspaceId))
                .and(SCIM_GROUPS.EXTERNAL_ID.eq(externalId))
                .fetchOptional(ScimStore::groupRow);
    }

    private static GroupRow groupRow(Record r) {
        return new GroupRow(
                r.get(SCIM_GROUPS.ID),
                r.get(SCIM_GROUPS.WORKSPACE_ID),
                r.get(SCIM_GROUPS.DISPLAY_NAME),
                r.get(SCIM_GROUPS.EXTERNAL_ID),
                r.get(SCIM_GROUPS.CREATED_AT),
                r.get(SCIM_GROUPS.UPDATED_AT));
    }

    void insertGroup(GroupRow row) {
        db.insertInto(SCIM_GROUPS)
                .set(SCIM_GROUPS.ID, row.id())
                .set(SCIM_GROUPS.WORKSPACE_ID, row.workspaceId())
                .set(SCIM_GROUPS.DISPLAY_NAME, row.displayName())
                .set(SCIM_GROUPS.EXTERNAL_ID, row.externalId())
                .set(SCIM_GROUPS.CREATED_AT, row.createdAt())
                .set(SCIM_GROUPS.UPDATED_AT, row.updatedAt())
                .execute();
    }

    void updateGroup(GroupRow row) {
        db.update(SCIM_GROUPS)
                .set(SCIM_GROUPS.DISPLAY_NAME, row.displayName())
                .set(SCIM_GROUPS.EXTERNAL_ID, row.externalId())
                .set(SCIM_GROUPS.UPDATED_AT, row.updatedAt())
                .where(SCIM_GROUPS.ID.eq(row.id()))
                .and(SCIM_GROUPS.WORKSPACE_ID.eq(row.workspaceId()))
                .execute();
    }

    void deleteGroup(UUID workspaceId, UUID id) {
        db.deleteFrom(SCIM_GROUPS)
                .where(SCIM_GROUPS.ID.eq(id))
                .and(SCIM_GROUPS.WORKSPACE_ID.eq(workspaceId))
                .execute();
    }

    /** The members of every group of the workspace: group id to SCIM user ids, in insertion order. */
    Map<UUID, List<UUID>> groupMembers(UUID workspaceId) {
        Map<UUID, List<UUID>> members = new LinkedHashMap<>();
        db.select(SCIM_GROUP_MEMBERS.GROUP_ID, SCIM_GROUP_MEMBERS.SCIM_USER_ID)
                .from(SCIM_GROUP_MEMBERS)
                .join(SCIM_GROUPS)
                .on(SCIM_GROUPS.ID.eq(SCIM_GROUP_MEMBERS.GROUP_ID))
                .where(SCIM_GROUPS.WORKSPACE_ID.eq(workspaceId))
                .orderBy(SCIM_GROUP_MEMBERS.GROUP_ID, SCIM_GROUP_MEMBERS.SCIM_USER_ID)
                .forEach(r -> members.computeIfAbsent(r.value1(), g -> new ArrayList<>())
                        .add(r.value2()));
        return members;
    }

    /** Replaces a group's members (the caller has checked they are users of the group's workspace). */
    void setGroupMembers(UUID groupId, Collection<UUID> scimUserIds) {
        db.deleteFrom(SCIM_GROUP_MEMBERS)
                .where(SCIM_GROUP_MEMBERS.GROUP_ID.eq(groupId))
                .execute();
        for (UUID u : scimUserIds) {
            db.insertInto(SCIM_GROUP_MEMBERS)
                    .set(SCIM_GROUP_MEMBERS.GROUP_ID, groupId)
                    .set(SCIM_GROUP_MEMBERS.SCIM_USER_ID, u)
                    .execute();
        }
    }

    /** The display names of the groups a SCIM user belongs to. */
    List<String> groupNamesOf(UUID scimUserId) {
        return db.select(SCIM_GROUPS.DISPLAY_NAME)
                .from(SCIM_GROUP_MEMBERS)
                .join(SCIM_GROUPS)
                .on(SCIM_GROUPS.ID.eq(SCIM_GROUP_MEMBERS.GROUP_ID))
                .where(SCIM_GROUP_MEMBERS.SCIM_USER_ID.eq(scimUserId))
                .fetch(SCIM_GROUPS.DISPLAY_NAME);
    }

    /** The display names of every group of the workspace. */
    List<String> groupNames(UUID workspaceId) {
        return db.select(SCIM_GROUPS.DISPLAY_NAME)
                .from(SCIM_GROUPS)
                .where(SCIM_GROUPS.WORKSPACE_ID.eq(workspaceId))
                .fetch(SCIM_GROUPS.DISPLAY_NAME);
    }
}
