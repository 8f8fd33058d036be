package dev.vlmconsole.app.account;

import static dev.vlmconsole.app.db.Tables.USERS;

import dev.vlmconsole.app.db.tables.records.UsersRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** People: the {@code users} table. */
@Repository
@Transactional(propagation = Propagation.MANDATORY)
public class UserRepository {

    private final DSLContext db;

    UserRepository(DSLContext db) {
        this.db = db;
    }

    /** A person, their password hash and the epoch their sessions must have reached (see SessionEpochs). */
    public record UserRow(
            UUID id,
            String email,
            String displayName,
            String passwordHash,
            boolean operator,
            int version,
            int sessionEpoch) {}

    public Optional<UserRow> findByEmail(String email) {
        return db.selectFrom(USERS)
                .where(USERS.EMAIL.eq(Emails.normalize(email)))
                .fetchOptional()
                .map(UserRepository::toRow);
    }

    public Optional<UserRow> findById(UUID id) {
        return db.selectFrom(USERS).where(USERS.ID.eq(id)).fetchOptional().map(UserRepository::toRow);
    }

    private static UserRow toRow(UsersRecord r) {
        return new UserRow(
                r.getId(),
                r.getEmail(),
                r.getDisplayName(),
                r.getPasswordHash(),
                r.getOperator(),
                r.getVersion(),
                r.getSessionEpoch());
    }

    public boolean anyExists() {
        return db.fetchExists(USERS);
    }

    public UUID insert(String email, String displayName, String passwordHash, boolean operator) {
        UUID id = UUID.randomUUID();
        db.insertInto(USERS)
                .set(USERS.ID, id)
                .set(USERS.EMAIL, Emails.normalize(email))
                .set(USERS.DISPLAY_NAME, displayName)
                .set(USERS.PASSWORD_HASH, passwordHash)
                .set(USERS.OPERATOR, operator)
                .set(USERS.CREATED_AT, OffsetDateTime.now())
                .execute();
        return id;
    }

    public void updateName(UUID id, String displayName) {
        db.update(USERS)
                .set(USERS.DISPLAY_NAME, displayName)
                .set(USERS.VERSION, USERS.VERSION.plus(1))
                .where(USERS.ID.eq(id))
                .execute();
    }

    public void updatePasswordHash(UUID id, String passwordHash) {
        db.update(USERS)
                .set(USERS.PASSWORD_HASH, passwordHash)
                .set(USERS.VERSION, USERS.VERSION.plus(1))
                .where(USERS.ID.eq(id))
                .execute();
    }

    /**
     * Moves each person's {@code last_active_at} forward to the time given, in one batch; never back, as
     * another node may have written a later time.
     */
    public void touchLastActive(Map<UUID, Instant> lastActive) {
        if (lastActive.isEmpty()) {
            return;
        }
        db.batch(lastActive.entrySet().stream()
                        .map(e -> {
                            OffsetDateTime at = e.getValue().atOffset(ZoneOffset.UTC);
                            return db.update(USERS)
                                    .set(USERS.LAST_ACTIVE_AT, at)
                                    .where(USERS.ID.eq(e.getKey()))
                                    .and(USERS.LAST_ACTIVE_AT.isNull().or(USERS.LAST_ACTIVE_AT.lt(at)));
                        })
                        .toList())
                .execute();
    }
}
