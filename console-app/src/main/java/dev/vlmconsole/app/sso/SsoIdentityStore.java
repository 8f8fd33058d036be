package dev.vlmconsole.app.sso;

import static dev.vlmconsole.app.db.Tables.USERS;
import static dev.vlmconsole.app.db.Tables.USER_IDENTITIES;

import dev.vlmconsole.app.db.tables.records.UserIdentitiesRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@code user_identities} table: which provider subject an account is linked to (one per account,
 * one account per subject of an issuer), and the console's {@link SsoIdentities}.
 */
@Repository
class SsoIdentityStore implements SsoIdentities {

    private final DSLContext db;

    SsoIdentityStore(DSLContext db) {
        this.db = db;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Identity> identityOf(UUID userId) {
        return db.selectFrom(USER_IDENTITIES)
                .where(USER_IDENTITIES.USER_ID.eq(userId))
                .fetchOptional()
                .map(SsoIdentityStore::identity);
    }

    @Override
    @Transactional(readOnly = true)
    public boolean hasPassword(UUID userId) {
        return db.fetchExists(USERS, USERS.ID.eq(userId).and(USERS.PASSWORD_HASH.isNotNull()));
    }

    /** The account linked to {@code subject} of {@code issuer}, if any. */
    @Transactional(propagation = Propagation.MANDATORY)
    Optional<UUID> accountOf(String issuer, String subject) {
        return db.select(USER_IDENTITIES.USER_ID)
                .from(USER_IDENTITIES)
                .where(USER_IDENTITIES.ISSUER.eq(issuer), USER_IDENTITIES.SUBJECT.eq(subject))
                .fetchOptional(USER_IDENTITIES.USER_ID);
    }

    /** Links an account that has no identity yet to {@code subject} of {@code issuer}. */
    @Transactional(propagation = Propagation.MANDATORY)
    void link(UUID userId, String issuer, String subject, Instant now) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        db.insertInto(USER_IDENTITIES)
                .set(USER_IDENTITIES.USER_ID, userId)
                .set(USER_IDENTITIES.ISSUER, issuer)
                .set(USER_IDENTITIES.SUBJECT, subject)
                .set(USER_IDENTITIES.LINKED_AT, at)
                .set(USER_IDENTITIES.LAST_SIGN_IN_AT, at)
                .execute();
    }

    /** Notes an SSO sign-in of the account. */
    @Transactional(propagation = Propagation.MANDATORY)
    void touch(UUID userId, Instant now) {
        db.update(USER_IDENTITIES)
                .set(USER_IDENTITIES.LAST_SIGN_IN_AT, now.atOffset(ZoneOffset.UTC))
                .where(USER_IDENTITIES.USER_ID.eq(userId))
                .execute();
    }

    private static Identity identity(UserIdentitiesRecord r) {
        return new Identity(
                r.getIssuer(),
                r.getSubject(),
                r.getLinkedAt().toInstant(),
                r.getLastSignInAt().toInstant());
    }
}
