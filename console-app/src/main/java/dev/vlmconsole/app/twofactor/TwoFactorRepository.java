package dev.vlmconsole.app.twofactor;

import static dev.vlmconsole.app.db.Tables.TWO_FACTOR;
import static dev.vlmconsole.app.db.Tables.TWO_FACTOR_RECOVERY_CODE;
import static dev.vlmconsole.app.db.Tables.WORKSPACE_SECURITY;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Two-factor sign-in: the {@code two_factor}, {@code two_factor_recovery_code} and {@code workspace_security} tables. */
@Repository
@Transactional(propagation = Propagation.MANDATORY)
class TwoFactorRepository {

    private final DSLContext db;

    TwoFactorRepository(DSLContext db) {
        this.db = db;
    }

    /** A person's second factor; never logged, never shown (the secret is in it). */
    record Stored(String secret, OffsetDateTime enabledAt, long lastUsedStep) {

        @Override
        public String toString() {
            return "Stored[enabledAt=" + enabledAt + "]";
        }
    }

    Optional<Stored> find(UUID userId) {
        return db.select(TWO_FACTOR.SECRET, TWO_FACTOR.ENABLED_AT, TWO_FACTOR.LAST_USED_STEP)
                .from(TWO_FACTOR)
                .where(TWO_FACTOR.USER_ID.eq(userId))
                .fetchOptional(r -> new Stored(r.value1(), r.value2(), r.value3()));
    }

    boolean isEnabled(UUID userId) {
        return db.fetchExists(TWO_FACTOR, TWO_FACTOR.USER_ID.eq(userId));
    }

    /** Turns it on; false when it already was (another tab confirmed first). */
    boolean insert(UUID userId, String secret, OffsetDateTime enabledAt, long usedStep) {
        return db.insertInto(TWO_FACTOR)
                        .set(TWO_FACTOR.USER_ID, userId)
                        .set(TWO_FACTOR.SECRET, secret)
                        .set(TWO_FACTOR.ENABLED_AT, enabledAt)
                        .set(TWO_FACTOR.LAST_USED_STEP, usedStep)
                        .onDuplicateKeyIgnore()
                        .execute()
                == 1;
    }

    /**
     * Records that the code of time step {@code step} was used: true only for the first use of a step
     * later than the last one, so two requests with one code (on two nodes at once) sign in once.
     */
    boolean useStep(UUID userId, long step) {
        return db.update(TWO_FACTOR)
                        .set(TWO_FACTOR.LAST_USED_STEP, step)
                        .where(TWO_FACTOR.USER_ID.eq(userId))
                        .and(TWO_FACTOR.LAST_USED_STEP.lt(step))
                        .execute()
                == 1;
    }

    void delete(UUID userId) {
        db.deleteFrom(TWO_FACTOR_RECOVERY_CODE)
                .where(TWO_FACTOR_RECOVERY_CODE.USER_ID.eq(userId))
                .execute();
        db.deleteFrom(TWO_FACTOR).where(TWO_FACTOR.USER_ID.eq(userId)).execute();
    }

    /** Replaces every recovery code of the person, used or not, by these (hashes). */
    void replaceRecoveryCodes(UUID userId, Collection<String> hashes) {
        db.deleteFrom(TWO_FACTOR_RECOVERY_CODE)
                .where(TWO_FACTOR_RECOVERY_CODE.USER_ID.eq(userId))
                .execute();
        var insert = db.insertInto(
                TWO_FACTOR_RECOVERY_CODE, TWO_FACTOR_RECOVERY_CODE.USER_ID, TWO_FACTOR_RECOVERY_CODE.CODE_HASH);
        for (String hash : hashes) {
            insert = insert.values(userId, hash);
        }
        insert.execute();
    }

    /** Uses up a recovery code: true only for the first use of an unused code of this person. */
    boolean useRecoveryCode(UUID userId, String hash, OffsetDateTime now) {
        return db.update(TWO_FACTOR_RECOVERY_CODE)
                        .set(TWO_FACTOR_RECOVERY_CODE.USED_AT, now)
                        .where(TWO_FACTOR_RECOVERY_CODE.USER_ID.eq(userId))
                        .and(TWO_FACTOR_RECOVERY_CODE.CODE_HASH.eq(hash))
                        .and(TWO_FACTOR_RECOVERY_CODE.USED_AT.isNull())
                        .execute()
                == 1;
    }

    int recoveryCodesLeft(UUID userId) {
        return db.fetchCount(
                TWO_FACTOR_RECOVERY_CODE,
                TWO_FACTOR_RECOVERY_CODE.USER_ID.eq(userId).and(TWO_FACTOR_RECOVERY_CODE.USED_AT.isNull()));
    }

    boolean workspaceRequires(UUID workspaceId) {
        return db.fetchExists(
                WORKSPACE_SECURITY,
                WORKSPACE_SECURITY.WORKSPACE_ID.eq(workspaceId).and(WORKSPACE_SECURITY.REQUIRE_TWO_FACTOR));
    }

    /** Those of {@code workspaceIds} that require two-factor sign-in of their members. */
    Set<UUID> requiring(Collection<UUID> workspaceIds) {
        if (workspaceIds.isEmpty()) {
            return Set.of();
        }
        return db.select(WORKSPACE_SECURITY.WORKSPACE_ID)
                .from(WORKSPACE_SECURITY)
                .where(WORKSPACE_SECURITY.WORKSPACE_ID.in(workspaceIds))
                .and(WORKSPACE_SECURITY.REQUIRE_TWO_FACTOR)
                .fetchSet(WORKSPACE_SECURITY.WORKSPACE_ID);
    }

    void setWorkspaceRequires(UUID workspaceId, boolean require) {
        if (db.update(WORKSPACE_SECURITY)
                        .set(WORKSPACE_SECURITY.REQUIRE_TWO_FACTOR, require)
                        .where(WORKSPACE_SECURITY.WORKSPACE_ID.eq(workspaceId))
                        .execute()
                == 0) {
            db.insertInto(WORKSPACE_SECURITY)
                    .set(WORKSPACE_SECURITY.WORKSPACE_ID, workspaceId)
                    .set(WORKSPACE_SECURITY.REQUIRE_TWO_FACTOR, require)
                    .onDuplicateKeyUpdate()
                    .set(WORKSPACE_SECURITY.REQUIRE_TWO_FACTOR, require)
                    .execute();
        }
    }

    static List<String> hashes(Collection<String> codes) {
        return codes.stream().map(TotpCodes::hashRecoveryCode).collect(Collectors.toList());
    }
}
