package dev.vlmconsole.keys.platform;

import static dev.vlmconsole.keys.db.Tables.PLATFORM_KEYS;

import dev.vlmconsole.api.services.PlatformKeyPrincipal;
import dev.vlmconsole.keys.db.tables.records.PlatformKeysRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Platform keys and their secrets' hashes. */
@Transactional(propagation = Propagation.MANDATORY)
public class PlatformKeyRepository {

    private final DSLContext db;

    public PlatformKeyRepository(DSLContext db) {
        this.db = db;
    }

    /** What verification needs of a stored secret: the key, and whether it was revoked. */
    public record Stored(PlatformKeyPrincipal principal, boolean revoked) {}

    public void insert(PlatformKey key, String secretHash, @Nullable UUID createdById) {
        db.insertInto(PLATFORM_KEYS)
                .set(PLATFORM_KEYS.ID, key.id())
                .set(PLATFORM_KEYS.NAME, key.name())
                .set(PLATFORM_KEYS.SECRET_HASH, secretHash)
                .set(PLATFORM_KEYS.DISPLAY_PREFIX, key.displayPrefix())
                .set(PLATFORM_KEYS.SCOPES, PlatformKey.join(key.scopes()))
                .set(PLATFORM_KEYS.CREATED_BY_ID, createdById)
                .set(PLATFORM_KEYS.CREATED_BY_LABEL, key.createdBy())
                .set(PLATFORM_KEYS.CREATED_AT, odt(key.createdAt()))
                .execute();
    }

    /** The key of {@code secretHash}, revoked or not. */
    public Optional<Stored> byHash(String secretHash) {
        return db.selectFrom(PLATFORM_KEYS)
                .where(PLATFORM_KEYS.SECRET_HASH.eq(secretHash))
                .fetchOptional(r -> new Stored(
                        new PlatformKeyPrincipal(r.getId(), r.getName(), PlatformKey.split(r.getScopes())),
                        r.getRevokedAt() != null));
    }

    public boolean hashExists(String secretHash) {
        return db.fetchExists(PLATFORM_KEYS, PLATFORM_KEYS.SECRET_HASH.eq(secretHash));
    }

    /** Every platform key, active ones first, then newest first. */
    public List<PlatformKey> all() {
        return db.selectFrom(PLATFORM_KEYS)
                .orderBy(
                        DSL.when(PLATFORM_KEYS.REVOKED_AT.isNull(), 0).otherwise(1),
                        PLATFORM_KEYS.CREATED_AT.desc(),
                        PLATFORM_KEYS.ID)
                .fetch(PlatformKeyRepository::toKey);
    }

    public Optional<PlatformKey> find(UUID id) {
        return db.selectFrom(PLATFORM_KEYS).where(PLATFORM_KEYS.ID.eq(id)).fetchOptional(PlatformKeyRepository::toKey);
    }

    /** Revokes a key; false if it was revoked already (or does not exist). */
    public boolean revoke(UUID id, Instant now) {
        return db.update(PLATFORM_KEYS)
                        .set(PLATFORM_KEYS.REVOKED_AT, odt(now))
                        .where(PLATFORM_KEYS.ID.eq(id).and(PLATFORM_KEYS.REVOKED_AT.isNull()))
                        .execute()
                == 1;
    }

    /** Moves each key's last use forward (never back: nodes write in any order). */
    public void touch(Map<UUID, Instant> lastUsed) {
        lastUsed.forEach((id, at) -> db.update(PLATFORM_KEYS)
                .set(
                        PLATFORM_KEYS.LAST_USED_AT,
                        DSL.greatest(DSL.coalesce(PLATFORM_KEYS.LAST_USED_AT, odt(at)), DSL.val(odt(at))))
                .where(PLATFORM_KEYS.ID.eq(id))
                .execute());
    }

    private static PlatformKey toKey(PlatformKeysRecord r) {
        return new PlatformKey(
                r.getId(),
                r.getName(),
                r.getDisplayPrefix(),
                PlatformKey.split(r.getScopes()),
                r.getCreatedByLabel(),
                r.getCreatedAt().toInstant(),
                r.getLastUsedAt() == null ? null : r.getLastUsedAt().toInstant(),
                r.getRevokedAt() == null ? null : r.getRevokedAt().toInstant());
    }

    private static OffsetDateTime odt(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }
}
