package dev.vlmconsole.app.operators;

import static dev.vlmconsole.app.db.Tables.USERS;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record4;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The operator flag of people ({@code users.operator}). */
@Repository
@Transactional(propagation = Propagation.MANDATORY)
public class OperatorRepository {

    /** A person, as the Operators page shows them. */
    public record Person(
            UUID id,
            String email,
            String displayName,
            boolean operator,
            @Nullable Instant lastActiveAt) {}

    private final DSLContext db;

    OperatorRepository(DSLContext db) {
        this.db = db;
    }

    /** Every operator, by name. */
    public List<Person> operators() {
        return db.select(USERS.ID, USERS.EMAIL, USERS.DISPLAY_NAME, USERS.LAST_ACTIVE_AT)
                .from(USERS)
                .where(USERS.OPERATOR.isTrue())
                .orderBy(USERS.DISPLAY_NAME, USERS.EMAIL)
                .fetch(r -> person(r, true));
    }

    /**
     * Locks every operator's row until the transaction ends: two withdrawals at once then happen one
     * after the other, so that they cannot both leave the other as the last one and withdraw it too.
     * Read the operators again after it ({@link #operatorIds()}): a statement that waited for the lock
     * may have chosen its rows before the other transaction committed.
     */
    public void lockOperators() {
        db.select(USERS.ID)
                .from(USERS)
                .where(USERS.OPERATOR.isTrue())
                .orderBy(USERS.ID)
                .forUpdate()
                .fetch();
    }

    /** The ids of every operator, as committed now. */
    public List<UUID> operatorIds() {
        return db.select(USERS.ID).from(USERS).where(USERS.OPERATOR.isTrue()).fetch(USERS.ID);
    }

    /** The person with this (normalised) email. */
    public Optional<Person> findByEmail(String normalisedEmail) {
        return db.select(USERS.ID, USERS.EMAIL, USERS.DISPLAY_NAME, USERS.LAST_ACTIVE_AT, USERS.OPERATOR)
                .from(USERS)
                .where(USERS.EMAIL.eq(normalisedEmail))
                .fetchOptional(r ->
                        person(r.into(USERS.ID, USERS.EMAIL, USERS.DISPLAY_NAME, USERS.LAST_ACTIVE_AT), r.value5()));
    }

    public Optional<Person> findById(UUID id) {
        return db.select(USERS.ID, USERS.EMAIL, USERS.DISPLAY_NAME, USERS.LAST_ACTIVE_AT, USERS.OPERATOR)
                .from(USERS)
                .where(USERS.ID.eq(id))
                .fetchOptional(r ->
                        person(r.into(USERS.ID, USERS.EMAIL, USERS.DISPLAY_NAME, USERS.LAST_ACTIVE_AT), r.value5()));
    }

    /** Sets the flag; false when it already had that value. */
    public boolean setOperator(UUID id, boolean operator) {
        return db.update(USERS)
                        .set(USERS.OPERATOR, operator)
                        .where(USERS.ID.eq(id))
                        .and(USERS.OPERATOR.ne(operator))
                        .execute()
                == 1;
    }

    private static Person person(Record4<UUID, String, String, OffsetDateTime> r, boolean operator) {
        OffsetDateTime active = r.value4();
        return new Person(r.value1(), r.value2(), r.value3(), operator, active == null ? null : active.toInstant());
    }
}
