package dev.vlmconsole.keys;

import static dev.vlmconsole.keys.db.Tables.API_KEYS;
import static dev.vlmconsole.keys.db.Tables.API_KEY_DAILY_REQUESTS;
import static dev.vlmconsole.keys.db.Tables.API_KEY_SECRETS;
import static dev.vlmconsole.keys.db.Tables.API_KEY_USAGE_REPLAYS;
import static dev.vlmconsole.keys.db.Tables.API_KEY_WORKSPACE_LOCKS;

import dev.vlmconsole.keys.db.tables.records.ApiKeysRecord;
import dev.vlmconsole.keys.verify.KeyState;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.SortField;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Keys, their secrets' hashes and their daily request counts. */
@Transactional(propagation = Propagation.MANDATORY)
public class KeyRepository {

    private final DSLContext db;

    public KeyRepository(DSLContext db) {
        this.db = db;
    }

    /** How to narrow the key list; null fields match everything. */
    public record Filter(ApiKey.Status status, String project, UUID ownerUserId, String text) {
        public static final Filter ALL = new Filter(null, null, null, null);
    }

    /** Columns the list may be sorted by. */
    public enum SortBy {
        NAME,
        CREATED,
        EXPIRES,
        LAST_USED
    }

    /**
     * Stores a new key and its secret's hash.
     *
     * @param createdById who created it: a person's id, or a key's on the management API (null: the console)
     */
    public void insert(ApiKey key, UUID createdById, String secretHash) {
        db.insertInto(API_KEYS)
                .set(API_KEYS.ID, key.id())
                .set(API_KEYS.WORKSPACE_ID, key.workspaceId())
                .set(API_KEYS.OWNER_USER_ID, key.ownerUserId())
                .set(API_KEYS.NAME, key.name())
                .set(API_KEYS.PROJECT, key.project())
                .set(API_KEYS.SCOPE, key.scope())
                .set(API_KEYS.DISPLAY_PREFIX, key.displayPrefix())
                .set(API_KEYS.CREATED_AT, odt(key.createdAt()))
                .set(API_KEYS.EXPIRES_AT, odt(key.expiresAt()))
                .set(API_KEYS.CREATED_BY_ID, createdById)
                .set(API_KEYS.CREATED_BY_LABEL, key.createdBy())
                .execute();
        insertSecret(key.id(), secretHash, key.createdAt());
    }

    public void insertSecret(UUID keyId, String secretHash, Instant now) {
        db.insertInto(API_KEY_SECRETS)
                .set(API_KEY_SECRETS.SECRET_HASH, secretHash)
                .set(API_KEY_SECRETS.KEY_ID, keyId)
                .set(API_KEY_SECRETS.CREATED_AT, odt(now))
                .execute();
    }

    /** Ends the current secrets of a key at {@code validUntil} (a roll's grace period). */
    public List<String> retireCurrentSecrets(UUID keyId, Instant validUntil) {
        List<String> hashes = db.select(API_KEY_SECRETS.SECRET_HASH)
                .from(API_KEY_SECRETS)
                .where(API_KEY_SECRETS
                        .KEY_ID
                        .eq(keyId)
                        .and(API_KEY_SECRETS.VALID_UNTIL.isNull().or(API_KEY_SECRETS.VALID_UNTIL.gt(odt(validUntil)))))
                .fetch(API_KEY_SECRETS.SECRET_HASH);
        db.update(API_KEY_SECRETS)
                .set(API_KEY_SECRETS.VALID_UNTIL, odt(validUntil))
                .where(API_KEY_SECRETS.SECRET_HASH.in(hashes))
                .execute();
        return hashes;
    }

    /** The verification state of the key owning {@code secretHash}. */
    public Optional<KeyState> stateByHash(String secretHash) {
        return db.select(
                        API_KEYS.ID,
                        API_KEYS.WORKSPACE_ID,
                        API_KEYS.OWNER_USER_ID,
                        API_KEYS.NAME,
                        API_KEYS.SCOPE,
                        API_KEYS.EXPIRES_AT,
                        API_KEYS.REVOKED_AT,
                        API_KEY_SECRETS.VALID_UNTIL)
                .from(API_KEY_SECRETS)
                .join(API_KEYS)
                .on(API_KEYS.ID.eq(API_KEY_SECRETS.KEY_ID))
                .where(API_KEY_SECRETS.SECRET_HASH.eq(secretHash))
                .fetchOptional(r -> new KeyState(
                        r.value1(),
                        r.value2(),
                        r.value3(),
                        r.value4(),
                        r.value5(),
                        instant(r.value6()),
                        instant(r.value7()),
                        instant(r.value8())));
    }

    /** Every stored secret hash, streamed to {@code sink} (for the in-memory index). */
    public void forEachHash(Consumer<String> sink) {
        try (var cursor = db.select(API_KEY_SECRETS.SECRET_HASH)
                .from(API_KEY_SECRETS)
                .fetchSize(1000)
                .fetchLazy()) {
            cursor.forEach(r -> sink.accept(r.value1()));
        }
    }

    public Optional<ApiKey> find(UUID workspaceId, UUID keyId) {
        return db.selectFrom(API_KEYS)
                .where(API_KEYS.ID.eq(keyId).and(API_KEYS.WORKSPACE_ID.eq(workspaceId)))
                .fetchOptional(KeyRepository::toKey);
    }

    public List<ApiKey> list(
            UUID workspaceId, Filter filter, SortBy sort, boolean ascending, int offset, int limit, Instant now) {
        return db.selectFrom(API_KEYS)
                .where(conditions(workspaceId, filter, now))
                .orderBy(sortField(sort, ascending), API_KEYS.ID.asc())
                .offset(Math.max(0, offset))
                .limit(Math.clamp(limit, 1, 1000))
                .fetch(KeyRepository::toKey);
    }

    public int count(UUID workspaceId, Filter filter, Instant now) {
        return db.fetchCount(API_KEYS, conditions(workspaceId, filter, now));
    }

    /** Distinct project labels in the workspace, for the filter. */
    public List<String> projects(UUID workspaceId) {
        return db.selectDistinct(API_KEYS.PROJECT)
                .from(API_KEYS)
                .where(API_KEYS.WORKSPACE_ID.eq(workspaceId).and(API_KEYS.PROJECT.isNotNull()))
                .orderBy(API_KEYS.PROJECT)
                .fetch(API_KEYS.PROJECT);
    }

    /** Active (not revoked) keys of a member. */
    public List<ApiKey> activeKeysOf(UUID workspaceId, UUID ownerUserId) {
        return db.selectFrom(API_KEYS)
                .where(API_KEYS.WORKSPACE_ID
                        .eq(workspaceId)
                        .and(API_KEYS.OWNER_USER_ID.eq(ownerUserId))
                        .and(API_KEYS.REVOKED_AT.isNull()))
                .fetch(KeyRepository::toKey);
    }

    /** Keys of {@code ownerUserIds} in the workspace that are neither revoked nor expired at {@code now}, by name. */
    public List<ApiKey> activeKeysOf(UUID workspaceId, Collection<UUID> ownerUserIds, Instant now) {
        if (ownerUserIds.isEmpty()) {
            return List.of();
        }
        return db.selectFrom(API_KEYS)
                .where(API_KEYS.WORKSPACE_ID
                        .eq(workspaceId)
                        .and(API_KEYS.OWNER_USER_ID.in(ownerUserIds))
                        .and(API_KEYS.REVOKED_AT.isNull())
                        .and(API_KEYS.EXPIRES_AT.isNull().or(API_KEYS.EXPIRES_AT.gt(odt(now)))))
                .orderBy(API_KEYS.NAME, API_KEYS.ID)
                .fetch(KeyRepository::toKey);
    }

    /**
     * The workspace's service keys (owned by the workspace, DD037) of {@code scope} that are neither
     * revoked nor expired at {@code now}, newest first.
     */
    public List<ApiKey> activeServiceKeys(UUID workspaceId, String scope, Instant now) {
        return db.selectFrom(API_KEYS)
                .where(API_KEYS.WORKSPACE_ID
                        .eq(workspaceId)
                        .and(API_KEYS.OWNER_USER_ID.isNull())
                        .and(API_KEYS.SCOPE.eq(scope))
                        .and(API_KEYS.REVOKED_AT.isNull())
                        .and(API_KEYS.EXPIRES_AT.isNull().or(API_KEYS.EXPIRES_AT.gt(odt(now)))))
                .orderBy(API_KEYS.CREATED_AT.desc(), API_KEYS.ID)
                .fetch(KeyRepository::toKey);
    }

    /**
     * Locks the workspace's key creations until the transaction ends (its lock row is created on
     * first use; two first uses at once may collide on H2, whose merge is not atomic, and then
     * the row exists anyway).
     */
    public void lockWorkspace(UUID workspaceId) {
        try {
            db.insertInto(API_KEY_WORKSPACE_LOCKS)
                    .set(API_KEY_WORKSPACE_LOCKS.WORKSPACE_ID, workspaceId)
                    .onConflictDoNothing()
                    .execute();
        } catch (IntegrityConstraintViolationException | DataIntegrityViolationException e) {
            // created by a parallel first creation (H2 only: PostgreSQL's ON CONFLICT waits instead)
        }
        db.select(API_KEY_WORKSPACE_LOCKS.WORKSPACE_ID)
                .from(API_KEY_WORKSPACE_LOCKS)
                .where(API_KEY_WORKSPACE_LOCKS.WORKSPACE_ID.eq(workspaceId))
                .forUpdate()
                .fetch();
    }

    /** Keys of the workspace that are neither revoked nor expired at {@code now}. */
    public int countActive(UUID workspaceId, Instant now) {
        return db.fetchCount(
                API_KEYS,
                API_KEYS.WORKSPACE_ID
                        .eq(workspaceId)
                        .and(API_KEYS.REVOKED_AT.isNull())
                        .and(API_KEYS.EXPIRES_AT.isNull().or(API_KEYS.EXPIRES_AT.gt(odt(now)))));
    }

    /** Locks a key's row until the transaction ends. */
    public void lock(UUID keyId) {
        db.select(API_KEYS.ID)
                .from(API_KEYS)
                .where(API_KEYS.ID.eq(keyId))
                .forUpdate()
                .fetch();
    }

    public boolean revoke(UUID keyId, Instant now) {
        return db.update(API_KEYS)
                        .set(API_KEYS.REVOKED_AT, odt(now))
                        .set(API_KEYS.VERSION, API_KEYS.VERSION.plus(1))
                        .where(API_KEYS.ID.eq(keyId).and(API_KEYS.REVOKED_AT.isNull()))
                        .execute()
                == 1;
    }

    public void update(UUID keyId, Consumer<ApiKeysRecord> change) {
        ApiKeysRecord r =
                db.selectFrom(API_KEYS).where(API_KEYS.ID.eq(keyId)).forUpdate().fetchSingle();
        change.accept(r);
        r.setVersion(r.getVersion() + 1);
        r.store();
    }

    /** Adds coalesced verification counts: one statement per key and day. */
    public void addUsage(UUID keyId, LocalDate day, long requests, Instant lastUsed) {
        db.update(API_KEYS)
                .set(
                        API_KEYS.LAST_USED_AT,
                        DSL.greatest(DSL.coalesce(API_KEYS.LAST_USED_AT, odt(lastUsed)), DSL.val(odt(lastUsed))))
                .where(API_KEYS.ID.eq(keyId))
                .execute();
        db.insertInto(API_KEY_DAILY_REQUESTS)
                .set(API_KEY_DAILY_REQUESTS.KEY_ID, keyId)
                .set(API_KEY_DAILY_REQUESTS.USAGE_DAY, day)
                .set(API_KEY_DAILY_REQUESTS.REQUESTS, requests)
                .onDuplicateKeyUpdate()
                .set(API_KEY_DAILY_REQUESTS.REQUESTS, API_KEY_DAILY_REQUESTS.REQUESTS.plus(requests))
                .execute();
    }

    /**
     * Records that a batch of usage kept at shutdown is being written; false if it already was (the
     * caller then writes nothing). On PostgreSQL a concurrent replay of the same batch waits here.
     */
    public boolean startUsageReplay(UUID batchId, Instant now) {
        return db.insertInto(API_KEY_USAGE_REPLAYS)
                        .set(API_KEY_USAGE_REPLAYS.BATCH_ID, batchId)
                        .set(API_KEY_USAGE_REPLAYS.REPLAYED_AT, odt(now))
                        .onDuplicateKeyIgnore()
                        .execute()
                == 1;
    }

    /** Which of {@code keyIds} exist. */
    public Set<UUID> existing(Collection<UUID> keyIds) {
        return db.select(API_KEYS.ID)
                .from(API_KEYS)
                .where(API_KEYS.ID.in(keyIds))
                .fetchSet(API_KEYS.ID);
    }

    /** Requests per key of a workspace between two days (inclusive). */
    public Map<UUID, Long> requestsByKey(UUID workspaceId, LocalDate from, LocalDate to) {
        Map<UUID, Long> out = new HashMap<>();
        db.select(API_KEY_DAILY_REQUESTS.KEY_ID, DSL.sum(API_KEY_DAILY_REQUESTS.REQUESTS))
                .from(API_KEY_DAILY_REQUESTS)
                .join(API_KEYS)
                .on(API_KEYS.ID.eq(API_KEY_DAILY_REQUESTS.KEY_ID))
                .where(API_KEYS.WORKSPACE_ID.eq(workspaceId).and(API_KEY_DAILY_REQUESTS.USAGE_DAY.between(from, to)))
                .groupBy(API_KEY_DAILY_REQUESTS.KEY_ID)
                .forEach(r ->
                        out.put(r.value1(), r.value2() == null ? 0L : r.value2().longValue()));
        return out;
    }

    /** Requests of one key per day between two days (inclusive); missing days are zero. */
    public Map<LocalDate, Long> dailyRequests(UUID keyId, LocalDate from, LocalDate to) {
        Map<LocalDate, Long> out = new HashMap<>();
        db.select(API_KEY_DAILY_REQUESTS.USAGE_DAY, API_KEY_DAILY_REQUESTS.REQUESTS)
                .from(API_KEY_DAILY_REQUESTS)
                .where(API_KEY_DAILY_REQUESTS.KEY_ID.eq(keyId).and(API_KEY_DAILY_REQUESTS.USAGE_DAY.between(from, to)))
                .forEach(r -> out.put(r.value1(), r.value2()));
        return out;
    }

    public boolean hashExists(String secretHash) {
        return db.fetchExists(API_KEY_SECRETS, API_KEY_SECRETS.SECRET_HASH.eq(secretHash));
    }

    private static Condition conditions(UUID workspaceId, Filter f, Instant now) {
        List<Condition> c = new ArrayList<>();
        c.add(API_KEYS.WORKSPACE_ID.eq(workspaceId));
        if (f.ownerUserId() != null) {
            c.add(API_KEYS.OWNER_USER_ID.eq(f.ownerUserId()));
        }
        if (f.project() != null && !f.project().isBlank()) {
            c.add(API_KEYS.PROJECT.eq(f.project()));
        }
        if (f.text() != null && !f.text().isBlank()) {
            String t = f.text().trim().toLowerCase();
            c.add(DSL.lower(API_KEYS.NAME)
                    .contains(t)
                    .or(DSL.lower(API_KEYS.DISPLAY_PREFIX).contains(t))
                    .or(DSL.lower(API_KEYS.PROJECT).contains(t)));
        }
        if (f.status() != null) {
            OffsetDateTime n = odt(now);
            OffsetDateTime soon = odt(now.plus(ApiKey.EXPIRING_WITHIN));
            c.add(
                    switch (f.status()) {
                        case REVOKED -> API_KEYS.REVOKED_AT.isNotNull();
                        case EXPIRED -> API_KEYS.REVOKED_AT.isNull().and(API_KEYS.EXPIRES_AT.le(n));
                        case EXPIRING ->
                            API_KEYS.REVOKED_AT
                                    .isNull()
                                    .and(API_KEYS.EXPIRES_AT.gt(n))
                                    .and(API_KEYS.EXPIRES_AT.lt(soon));
                        case ACTIVE ->
                            API_KEYS.REVOKED_AT
                                    .isNull()
                                    .and(API_KEYS.EXPIRES_AT.isNull().or(API_KEYS.EXPIRES_AT.ge(soon)));
                    });
        }
        return DSL.and(c);
    }

    private static SortField<?> sortField(SortBy sort, boolean asc) {
        var field = switch (sort == null ? SortBy.CREATED : sort) {
            case NAME -> API_KEYS.NAME;
            case CREATED -> API_KEYS.CREATED_AT;
            case EXPIRES -> API_KEYS.EXPIRES_AT;
            case LAST_USED -> API_KEYS.LAST_USED_AT;
        };
        return asc ? field.asc().nullsLast() : field.desc().nullsLast();
    }

    static ApiKey toKey(ApiKeysRecord r) {
        return new ApiKey(
                r.getId(),
                r.getWorkspaceId(),
                r.getOwnerUserId(),
                r.getName(),
                r.getProject(),
                r.getScope(),
                r.getDisplayPrefix(),
                instant(r.getCreatedAt()),
                instant(r.getExpiresAt()),
                instant(r.getRevokedAt()),
                instant(r.getLastUsedAt()),
                r.getCreatedByLabel());
    }

    static OffsetDateTime odt(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
