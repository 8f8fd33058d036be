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
import org.jooq.Table;
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
        if (order == Order.LAST_ACTIVITY) {
            return pageIdsByLastActivity(filter, descending, offset, limit);
        }
        Field<?> key = switch (order) {
            case MEMBERS -> memberCount();
            case CREATED -> WORKSPACES.CREATED_AT;
            default -> DSL.lower(WORKSPACES.NAME);
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

    /**
     * Last activity needs both of its sources per workspace: each is computed once in a derived table,
     * then the later of the two is the sort key.
     */
    private List<UUID> pageIdsByLastActivity(Filter filter, boolean descending, int offset, int limit) {
        Table<?> t = db.select(
                        WORKSPACES.ID.as("id"),
                        membersLastActive().as("members_at"),
                        lastAudited().as("audited_at"))
                .from(WORKSPACES)
                .where(condition(filter))
                .asTable("t");
        Field<UUID> id = t.field("id", UUID.class);
        Field<OffsetDateTime> members = t.field("members_at", OffsetDateTime.class);
        Field<OffsetDateTime> audited = t.field("audited_at", OffsetDateTime.class);
        Field<OffsetDateTime> key = later(members, audited);
        SortField<?> sort = descending ? key.desc().nullsLast() : key.asc().nullsLast();
        return db.select(id)
                .from(t)
                .orderBy(sort, id)
                .limit(limit)
                .offset(offset)
                .fetch(id);
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

    /**
     * The rows of these workspaces (at most a page), in the order of {@code ids}; unknown ids are left
     * out. Four queries over the page's ids, each on an index, rather than subqueries per row.
     */
    public List<Row> rows(List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<UUID, Integer> counts = new HashMap<>();
        db.select(MEMBERSHIPS.WORKSPACE_ID, DSL.count())
                .from(MEMBERSHIPS)
                .where(MEMBERSHIPS.WORKSPACE_ID.in(ids))
                .groupBy(MEMBERSHIPS.WORKSPACE_ID)
                .forEach(r -> counts.put(r.value1(), r.value2()));
        Map<UUID, OffsetDateTime> active = new HashMap<>();
        db.select(MEMBERSHIPS.WORKSPACE_ID, DSL.max(USERS.LAST_ACTIVE_AT))
                .from(MEMBERSHIPS)
                .join(USERS)
                .on(USERS.ID.eq(MEMBERSHIPS.USER_ID))
                .where(MEMBERSHIPS.WORKSPACE_ID.in(ids))
                .groupBy(MEMBERSHIPS.WORKSPACE_ID)
                .forEach(r -> active.put(r.value1(), r.value2()));
        Map<UUID, OffsetDateTime> audited = new HashMap<>();
        db.select(AUDIT_LOG.WORKSPACE_ID, DSL.max(AUDIT_LOG.OCCURRED_AT))
                .from(AUDIT_LOG)
                .where(AUDIT_LOG.WORKSPACE_ID.in(ids))
                .groupBy(AUDIT_LOG.WORKSPACE_ID)
                .forEach(r -> audited.put(r.value1(), r.value2()));
        Map<UUID, Row> byId = new HashMap<>();
        db.select(WORKSPACES.ID, WORKSPACES.NAME, WORKSPACES.CREATED_AT)
                .from(WORKSPACES)
                .where(WORKSPACES.ID.in(ids))
                .forEach(r -> byId.put(
                        r.value1(),
                        new Row(
                                r.value1(),
                                r.value2(),
                                r.value3().toInstant(),
                                counts.getOrDefault(r.value1(), 0),
                                instant(later(active.get(r.value1()), audited.get(r.value1()))))));
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

    /**
     * Which workspaces: those of the given ids; for a text search, the ids of the workspaces whose name
     * or one of whose members' email contains it, read first in one query (a union of two scans: names,
     * and people joined to their memberships; the pattern is built here, escaped, and bound as one value,
     * so that the database compiles it once), then matched by primary key.
     */
    private Condition condition(Filter filter) {
        if (filter.ids() != null) {
            return filter.ids().isEmpty() ? DSL.falseCondition() : WORKSPACES.ID.in(filter.ids());
        }
        String text = filter.text();
        if (text == null || text.isBlank()) {
            return DSL.noCondition();
        }
        String pattern = "%" + escapeLike(text.strip().toLowerCase(Locale.ROOT)) + "%";
        List<UUID> ids = db.select(WORKSPACES.ID)
                .from(WORKSPACES)
                .where(DSL.lower(WORKSPACES.NAME).like(pattern, LIKE_ESCAPE))
                .union(DSL.select(MEMBERSHIPS.WORKSPACE_ID)
                        .from(MEMBERSHIPS)
                        .join(USERS)
                        .on(USERS.ID.eq(MEMBERSHIPS.USER_ID))
                        .where(DSL.lower(USERS.EMAIL).like(pattern, LIKE_ESCAPE)))
                .fetch(0, UUID.class);
        return ids.isEmpty() ? DSL.falseCondition() : WORKSPACES.ID.in(ids);
    }

    private static final char LIKE_ESCAPE = '!';

    private static String escapeLike(String text) {
        StringBuilder b = new StringBuilder(text.length() + 4);
        for (char c : text.toCharArray()) {
            if (c == '%' || c == '_' || c == LIKE_ESCAPE) {
                b.append(LIKE_ESCAPE);
            }
            b.append(c);
        }
        return b.toString();
    }

    private static Field<Integer> memberCount() {
        return DSL.field(DSL.selectCount().from(MEMBERSHIPS).where(MEMBERSHIPS.WORKSPACE_ID.eq(WORKSPACES.ID)));
    }

    /** The members' latest activity (one index range of memberships per workspace, then users by id). */
    private static Field<OffsetDateTime> membersLastActive() {
        return DSL.field(DSL.select(DSL.max(USERS.LAST_ACTIVE_AT))
                .from(MEMBERSHIPS)
                .join(USERS)
                .on(USERS.ID.eq(MEMBERSHIPS.USER_ID))
                .where(MEMBERSHIPS.WORKSPACE_ID.eq(WORKSPACES.ID)));
    }

    /** The workspace's latest audit entry (audit_log_workspace_time_ix). */
    private static Field<OffsetDateTime> lastAudited() {
        return DSL.field(DSL.select(DSL.max(AUDIT_LOG.OCCURRED_AT))
                .from(AUDIT_LOG)
                .where(AUDIT_LOG.WORKSPACE_ID.eq(WORKSPACES.ID)));
    }

    /**
     * The later of two times, either of which may be null (DD028: last activity is the later of the
     * members' and the audit log's). GREATEST answers null when one argument is (H2, the standard) or
     * ignores it (PostgreSQL): never give it one.
     */
    private static Field<OffsetDateTime> later(Field<OffsetDateTime> a, Field<OffsetDateTime> b) {
        return DSL.greatest(DSL.coalesce(a, b), DSL.coalesce(b, a));
    }

    private static @Nullable OffsetDateTime later(@Nullable OffsetDateTime a, @Nullable OffsetDateTime b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return a.isAfter(b) ? a : b;
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
