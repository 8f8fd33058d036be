package dev.vlmconsole.webhooks;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * The {@code webhook_endpoints} table, through jOOQ's DSL over plain names (no generated classes).
 * Every statement is bounded by a workspace id: callers pass the current workspace, never a
 * workspace id that came from input.
 */
public class WebhookRepository {

    static final Table<Record> ENDPOINTS = table(name("webhook_endpoints"));
    static final Field<UUID> ID = field(name("id"), SQLDataType.UUID);
    static final Field<UUID> WORKSPACE_ID = field(name("workspace_id"), SQLDataType.UUID);
    static final Field<String> URL = field(name("url"), SQLDataType.VARCHAR(500));
    static final Field<String> DESCRIPTION = field(name("description"), SQLDataType.VARCHAR(200));
    static final Field<String> EVENTS = field(name("events"), SQLDataType.VARCHAR(1000));
    static final Field<Boolean> ENABLED = field(name("enabled"), SQLDataType.BOOLEAN);
    static final Field<OffsetDateTime> CREATED_AT = field(name("created_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    static final Field<UUID> CREATED_BY = field(name("created_by"), SQLDataType.UUID);
    static final Field<OffsetDateTime> UPDATED_AT = field(name("updated_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);

    private final DSLContext db;

    public WebhookRepository(DSLContext db) {
        this.db = db;
    }

    /** The workspace's endpoints, oldest first. */
    public List<WebhookEndpoint> list(UUID workspaceId) {
        return db.select(ID, URL, DESCRIPTION, EVENTS, ENABLED, CREATED_AT)
                .from(ENDPOINTS)
                .where(WORKSPACE_ID.eq(workspaceId))
                .orderBy(CREATED_AT, ID)
                .fetch(r -> new WebhookEndpoint(
                        r.value1(), r.value2(), r.value3(), decode(r.value4()), r.value5(), r.value6()));
    }

    public Optional<WebhookEndpoint> find(UUID workspaceId, UUID id) {
        return list(workspaceId).stream().filter(e -> e.id().equals(id)).findFirst();
    }

    public int count(UUID workspaceId) {
        return db.fetchCount(ENDPOINTS, WORKSPACE_ID.eq(workspaceId));
    }

    public boolean urlExists(UUID workspaceId, String url) {
        return db.fetchExists(ENDPOINTS, WORKSPACE_ID.eq(workspaceId).and(URL.eq(url)));
    }

    public void insert(UUID workspaceId, WebhookEndpoint e, UUID createdBy) {
        db.insertInto(ENDPOINTS)
                .set(ID, e.id())
                .set(WORKSPACE_ID, workspaceId)
                .set(URL, e.url())
                .set(DESCRIPTION, e.description())
                .set(EVENTS, encode(e.events()))
                .set(ENABLED, e.enabled())
                .set(CREATED_AT, e.createdAt())
                .set(CREATED_BY, createdBy)
                .set(UPDATED_AT, e.createdAt())
                .execute();
    }

    /** @return whether the endpoint exists in the workspace */
    public boolean setEnabled(UUID workspaceId, UUID id, boolean enabled, OffsetDateTime now) {
        return db.update(ENDPOINTS)
                        .set(ENABLED, enabled)
                        .set(UPDATED_AT, now)
                        .where(WORKSPACE_ID.eq(workspaceId).and(ID.eq(id)))
                        .execute()
                == 1;
    }

    /** @return whether the endpoint existed in the workspace */
    public boolean delete(UUID workspaceId, UUID id) {
        return db.deleteFrom(ENDPOINTS)
                        .where(WORKSPACE_ID.eq(workspaceId).and(ID.eq(id)))
                        .execute()
                == 1;
    }

    static String encode(Set<WebhookEvent> events) {
        return events.stream().map(WebhookEvent::key).sorted().collect(Collectors.joining(","));
    }

    /** Unknown keys (an event a newer version removed) are skipped. */
    static Set<WebhookEvent> decode(String events) {
        Set<WebhookEvent> set = EnumSet.noneOf(WebhookEvent.class);
        Arrays.stream(events.split(","))
                .map(String::trim)
                .map(WebhookEvent::byKey)
                .flatMap(Optional::stream)
                .forEach(set::add);
        return set;
    }
}
