package dev.vlmconsole.app.operators;

import static dev.vlmconsole.app.db.Tables.AUDIT_LOG;
import static dev.vlmconsole.app.db.Tables.MEMBERSHIPS;
import static dev.vlmconsole.app.db.Tables.USERS;
import static dev.vlmconsole.app.db.Tables.WORKSPACES;

import dev.vlmconsole.api.Role;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SortField;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every workspace, as the operators' list reads it: in pages sorted in SQL (name, members, created,
 * last activity), filtered by a part of a name or of a member's email, or by ids (the workspaces of the
 * keys a prefix found). A page is read in two steps: the ids of the page in order, then what is shown
 * of those ids only, so that a page costs the same however many workspaces match (DD028).
 */
@Repository
@Transactional(propagation = Propagation.MANDATORY)
public class OperatorWorkspaceRepository {

    /** What the list's SQL can sort by. */
    public enum Order {
        NAME,
        MEMBERS,
        CREATED,
        LAST_ACTIVITY
    }

    /**
     * Which workspaces: {@code text} in the name or in a member's email (case-insensitive), or exactly
     * those of {@code ids}; neither for every workspace.
     */
    public record Filter(@Nullable String text, @Nullable Set<UUID> ids) {

        public static final Filter ALL = new Filter(null, null);

        public static Filter text(String text) {
            return new Filter(text, null);
        }

        public static Filter ids(Set<UUID> ids) {
            return new Filter(null, Set.copyOf(ids));
        }
    }

    /** One workspace of the list. */
    public record Row(
            UUID id,
            String name,
            Instant createdAt,
            int members,
            @Nullable Instant lastActivityAt) {}

    /** One member of a workspace. */
    public record Member(
            UUID userId,
            String displayName,
            String email,
            Role role,
            @Nullable Instant lastActiveAt) {}

    private final DSLContext db;

    OperatorWorkspaceRepository(DSLContext db) {
        this.db = db;
    }

    /** The ids of one page of the matching workspaces, in order; ties (and nulls, last) by id. */
    public List<UUID> pageIds(Filter filter, Order order, boolean descending, int offset, int limit) {
        Field<?> key = switch (order) {
            case NAME -> DSL.lower(WORKSPACES.NAME);
            case MEMBERS -> memberCount();
            case CREATED -> WORKSPACES.CREATED_AT;
            case LAST_ACTIVITY -> lastActivity();
        };
        SortField<?> sort = descending ? key.desc().nullsLast() : key.asc().nullsLast();
        return db.select(WORKSPACES.ID)
                .from(WORKSPACES)
                .where(condition(filter))
                .orderBy(sort, WORKSPACES.ID)
                .limit(limit)
                .offset(offset)
                .fetch(WORKSPACES.ID);
    }

    /** How many workspaces match. */
    public int count(Filter filter) {
        return db.fetchCount(WORKSPACES, condition(filter));
    }

    /** Every matching workspace's id (for sorting by what billing knows, in memory). */
    public List<UUID> allIds(Filter filter) {
        return db.select(WORKSPACES.ID)
                .from(WORKSPACES)
                .where(condition(filter))
                .fetch(WORKSPACES.ID);
    }

    /** The rows of these workspaces, in the order of {@code ids}; unknown ids are left out. */
    public List<Row> rows(List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<UUID, Row> byId = new HashMap<>();
        db.select(WORKSPACES.ID, WORKSPACES.NAME, WORKSPACES.CREATED_AT, memberCount(), lastActivity())
                .from(WORKSPACES)
                .where(WORKSPACES.ID.in(ids))
                .forEach(r -> byId.put(
                        r.value1(),
                        new Row(r.value1(), r.value2(), r.value3().toInstant(), r.value4(), instant(r.value5()))));
        List<Row> out = new ArrayList<>(ids.size());
        for (UUID id : ids) {
            Row row = byId.get(id);
            if (row != null) {
                out.add(row);
            }
        }
        return out;
    }

    public Optional<Row> find(UUID id) {
        return rows(List.of(id)).stream().findFirst();
    }

    /** The workspace's members, Owners first, then by name. */
    public List<Member> members(UUID workspaceId) {
        return db
                .select(USERS.ID, USERS.DISPLAY_NAME, USERS.EMAIL, MEMBERSHIPS.ROLE, USERS.LAST_ACTIVE_AT)
                .from(MEMBERSHIPS)
                .join(USERS)
                .on(USERS.ID.eq(MEMBERSHIPS.USER_ID))
                .where(MEMBERSHIPS.WORKSPACE_ID.eq(workspaceId))
                .fetch(r ->
                        new Member(r.value1(), r.value2(), r.value3(), Role.valueOf(r.value4()), instant(r.value5())))
                .stream()
                .sorted(Comparator.comparing((Member m) -> m.role().ordinal())
                        .thenComparing(m -> m.displayName().toLowerCase(Locale.ROOT)))
                .toList();
    }

    private static Condition condition(Filter filter) {
        Condition where = DSL.trueCondition();
        if (filter.ids() != null) {
            where = filter.ids().isEmpty() ? DSL.falseCondition() : WORKSPACES.ID.in(filter.ids());
        }
        String text = filter.text();
        if (text != null && !text.isBlank()) {
            String t = text.strip();
            where = where.and(WORKSPACES
                    .NAME
                    .containsIgnoreCase(t)
                    .or(WORKSPACES.ID.in(DSL.select(MEMBERSHIPS.WORKSPACE_ID)
                            .from(MEMBERSHIPS)
                            .join(USERS)
                            .on(USERS.ID.eq(MEMBERSHIPS.USER_ID))
                            .where(USERS.EMAIL.containsIgnoreCase(t)))));
        }
        return where;
    }

    private static Field<Integer> memberCount() {
        return DSL.field(DSL.selectCount().from(MEMBERSHIPS).where(MEMBERSHIPS.WORKSPACE_ID.eq(WORKSPACES.ID)));
    }

    /**
     * The latest of the members' last activity and the workspace's latest audit entry (DD028); each is
     * one index range per workspace (memberships' primary key, audit_log_workspace_time_ix).
     */
    private static Field<OffsetDateTime> lastActivity() {
        Field<OffsetDateTime> members = DSL.field(DSL.select(DSL.max(USERS.LAST_ACTIVE_AT))
                .from(MEMBERSHIPS)
                .join(USERS)
                .on(USERS.ID.eq(MEMBERSHIPS.USER_ID))
                .where(MEMBERSHIPS.WORKSPACE_ID.eq(WORKSPACES.ID)));
        Field<OffsetDateTime> audited = DSL.field(DSL.select(DSL.max(AUDIT_LOG.OCCURRED_AT))
                .from(AUDIT_LOG)
                .where(AUDIT_LOG.WORKSPACE_ID.eq(WORKSPACES.ID)));
        // GREATEST answers null when one argument is (H2, the standard) or ignores it (PostgreSQL): never give it one
        return DSL.greatest(DSL.coalesce(members, audited), DSL.coalesce(audited, members));
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
