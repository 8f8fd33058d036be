package dev.vlmconsole.app.sso;

import static dev.vlmconsole.app.db.Tables.DOMAIN_CLAIMS;
import static dev.vlmconsole.app.db.Tables.WORKSPACES;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.app.sso.DomainClaims.Claim;
import dev.vlmconsole.app.sso.DomainClaims.Status;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SortField;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The {@code domain_claims} table (V11), read with the claiming workspace's name. */
@Repository
@Transactional(propagation = Propagation.MANDATORY)
class DomainClaimRepository {

    private final DSLContext db;

    DomainClaimRepository(DSLContext db) {
        this.db = db;
    }

    Optional<Claim> find(UUID id) {
        return select(DOMAIN_CLAIMS.ID.eq(id), DOMAIN_CLAIMS.ID.asc()).stream().findFirst();
    }

    /** Locks the claim's row until the transaction ends; empty when there is none. */
    Optional<Claim> lock(UUID id) {
        boolean found = db.select(DOMAIN_CLAIMS.ID)
                .from(DOMAIN_CLAIMS)
                .where(DOMAIN_CLAIMS.ID.eq(id))
                .forUpdate()
                .fetchOptional()
                .isPresent();
        return found ? find(id) : Optional.empty();
    }

    Optional<Claim> findByDomain(String domain) {
        return select(DOMAIN_CLAIMS.DOMAIN.eq(domain), DOMAIN_CLAIMS.ID.asc()).stream()
                .findFirst();
    }

    List<Claim> ofWorkspace(UUID workspaceId) {
        return select(DOMAIN_CLAIMS.WORKSPACE_ID.eq(workspaceId), DOMAIN_CLAIMS.DOMAIN.asc());
    }

    /** Every pending claim, oldest first. */
    List<Claim> pending() {
        return select(DOMAIN_CLAIMS.STATUS.eq(Status.PENDING.name()), DOMAIN_CLAIMS.REQUESTED_AT.asc());
    }

    /** Every approved claim, by domain. */
    List<Claim> approved() {
        return select(DOMAIN_CLAIMS.STATUS.eq(Status.APPROVED.name()), DOMAIN_CLAIMS.DOMAIN.asc());
    }

    /** Inserts a pending claim; a domain claimed meanwhile fails on the unique index. */
    void insert(UUID id, UUID workspaceId, String domain, Role role, Actor by, Instant at) {
        db.insertInto(DOMAIN_CLAIMS)
                .set(DOMAIN_CLAIMS.ID, id)
                .set(DOMAIN_CLAIMS.WORKSPACE_ID, workspaceId)
                .set(DOMAIN_CLAIMS.DOMAIN, domain)
                .set(DOMAIN_CLAIMS.DEFAULT_ROLE, role.name())
                .set(DOMAIN_CLAIMS.STATUS, Status.PENDING.name())
                .set(DOMAIN_CLAIMS.REQUESTED_AT, utc(at))
                .set(DOMAIN_CLAIMS.REQUESTED_BY_ID, by.id())
                .set(DOMAIN_CLAIMS.REQUESTED_BY_NAME, cut(by.displayName(), 320))
                .execute();
    }

    void changeRole(UUID id, Role role) {
        db.update(DOMAIN_CLAIMS)
                .set(DOMAIN_CLAIMS.DEFAULT_ROLE, role.name())
                .where(DOMAIN_CLAIMS.ID.eq(id))
                .execute();
    }

    void approve(UUID id, Actor by, Instant at) {
        db.update(DOMAIN_CLAIMS)
                .set(DOMAIN_CLAIMS.STATUS, Status.APPROVED.name())
                .set(DOMAIN_CLAIMS.DECIDED_AT, utc(at))
                .set(DOMAIN_CLAIMS.DECIDED_BY_NAME, cut(by.displayName(), 320))
                .where(DOMAIN_CLAIMS.ID.eq(id))
                .execute();
    }

    void delete(UUID id) {
        db.deleteFrom(DOMAIN_CLAIMS).where(DOMAIN_CLAIMS.ID.eq(id)).execute();
    }

    private List<Claim> select(Condition where, SortField<?> order) {
        return db.select(DOMAIN_CLAIMS.fields())
                .select(WORKSPACES.NAME)
                .from(DOMAIN_CLAIMS)
                .join(WORKSPACES)
                .on(WORKSPACES.ID.eq(DOMAIN_CLAIMS.WORKSPACE_ID))
                .where(where)
                .orderBy(order, DOMAIN_CLAIMS.ID)
                .fetch(DomainClaimRepository::claim);
    }

    private static Claim claim(Record r) {
        OffsetDateTime decided = r.get(DOMAIN_CLAIMS.DECIDED_AT);
        return new Claim(
                r.get(DOMAIN_CLAIMS.ID),
                r.get(DOMAIN_CLAIMS.WORKSPACE_ID),
                r.get(WORKSPACES.NAME),
                r.get(DOMAIN_CLAIMS.DOMAIN),
                Role.valueOf(r.get(DOMAIN_CLAIMS.DEFAULT_ROLE)),
                Status.valueOf(r.get(DOMAIN_CLAIMS.STATUS)),
                r.get(DOMAIN_CLAIMS.REQUESTED_AT).toInstant(),
                r.get(DOMAIN_CLAIMS.REQUESTED_BY_NAME),
                decided == null ? null : decided.toInstant());
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
