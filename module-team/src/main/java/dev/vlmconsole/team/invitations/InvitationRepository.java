package dev.vlmconsole.team.invitations;

import static dev.vlmconsole.team.db.Tables.TEAM_INVITATIONS;
import static dev.vlmconsole.team.db.Tables.TEAM_INVITATION_TOKENS;
import static dev.vlmconsole.team.db.Tables.TEAM_INVITERS;
import static dev.vlmconsole.team.db.Tables.TEAM_SETTINGS;

import dev.vlmconsole.api.Role;
import dev.vlmconsole.team.Invitations.Status;
import dev.vlmconsole.team.db.tables.records.TeamInvitationsRecord;
import java.time.Instant;
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
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The Team module's invitations, their link tokens' hashes and the workspaces' Team settings. */
@Transactional(propagation = Propagation.MANDATORY)
public class InvitationRepository {

    /** How an invitation ended. */
    enum EndReason {
        ACCEPTED,
        REVOKED
    }

    /**
     * An invitation as stored: a member's ({@code invitedBy} set) or one the workspace's SCIM
     * provisioning made ({@code provisioningKeyId} set, {@code invitedBy} null; DD038).
     */
    record Row(
            UUID id,
            UUID workspaceId,
            String email,
            Role role,
            @Nullable UUID invitedBy,
            String invitedByName,
            Instant createdAt,
            Instant expiresAt,
            @Nullable Instant endedAt,
            @Nullable EndReason endReason,
            @Nullable UUID provisioningKeyId) {

        /** Whether SCIM provisioning made it (then no member's authority stands behind it). */
        boolean provisioned() {
            return provisioningKeyId != null;
        }

        Status status(Instant now) {
            if (endReason != null) {
                return endReason == EndReason.ACCEPTED ? Status.ACCEPTED : Status.REVOKED;
            }
            return expiresAt.isAfter(now) ? Status.PENDING : Status.EXPIRED;
        }
    }

    /** An invitation found by one of its links, and whether a resend replaced that link. */
    record ByToken(Row invitation, boolean replaced) {}

    private final DSLContext db;

    public InvitationRepository(DSLContext db) {
        this.db = db;
    }

    /**
     * Locks the workspace's invitations until the transaction ends (its settings row is created on
     * first use; two first uses at once may collide on H2, and then the row exists anyway).
     */
    void lockWorkspace(UUID workspaceId) {
        try {
            db.insertInto(TEAM_SETTINGS)
                    .set(TEAM_SETTINGS.WORKSPACE_ID, workspaceId)
                    .set(TEAM_SETTINGS.ALLOWED_DOMAINS, "")
                    .onConflictDoNothing()
                    .execute();
        } catch (IntegrityConstraintViolationException | DataIntegrityViolationException e) {
            // created by a parallel first use (H2 only: PostgreSQL's ON CONFLICT waits instead)
        }
        db.select(TEAM_SETTINGS.WORKSPACE_ID)
                .from(TEAM_SETTINGS)
                .where(TEAM_SETTINGS.WORKSPACE_ID.eq(workspaceId))
                .forUpdate()
                .fetch();
    }

    /**
     * Locks the person's row of {@code team_inviters} (creating it on first use) until the transaction
     * ends, so that their invitations across workspaces count each other. Taken after
     * {@link #lockWorkspace}, always in that order.
     */
    void lockInviter(UUID userId) {
        try {
            db.insertInto(TEAM_INVITERS)
                    .set(TEAM_INVITERS.USER_ID, userId)
                    .onConflictDoNothing()
                    .execute();
        } catch (IntegrityConstraintViolationException | DataIntegrityViolationException e) {
            // created by a parallel first use (H2 only: PostgreSQL's ON CONFLICT waits instead)
        }
        db.select(TEAM_INVITERS.USER_ID)
                .from(TEAM_INVITERS)
                .where(TEAM_INVITERS.USER_ID.eq(userId))
                .forUpdate()
                .fetch();
    }

    /** How many invitation emails (links) of invitations the person made were sent since {@code since}, in any workspace. */
    int linksSentForInviterSince(UUID userId, Instant since) {
        return db.fetchCount(db.select(TEAM_INVITATION_TOKENS.TOKEN_HASH)
                .from(TEAM_INVITATION_TOKENS)
                .join(TEAM_INVITATIONS)
                .on(TEAM_INVITATIONS.ID.eq(TEAM_INVITATION_TOKENS.INVITATION_ID))
                .where(TEAM_INVITATIONS.INVITED_BY.eq(userId))
                .and(TEAM_INVITATION_TOKENS.CREATED_AT.gt(odt(since))));
    }

    /** The workspace's allowed domains, lower case; empty when any domain is allowed. */
    List<String> allowedDomains(UUID workspaceId) {
        String stored = db.select(TEAM_SETTINGS.ALLOWED_DOMAINS)
                .from(TEAM_SETTINGS)
                .where(TEAM_SETTINGS.WORKSPACE_ID.eq(workspaceId))
                .fetchOptional(TEAM_SETTINGS.ALLOWED_DOMAINS)
                .orElse("");
        return stored.isBlank() ? List.of() : List.of(stored.split(","));
    }

    /** Stores the allowed domains (after {@link #lockWorkspace}, which created the row). */
    void setAllowedDomains(UUID workspaceId, List<String> domains) {
        db.update(TEAM_SETTINGS)
                .set(TEAM_SETTINGS.ALLOWED_DOMAINS, String.join(",", domains))
                .where(TEAM_SETTINGS.WORKSPACE_ID.eq(workspaceId))
                .execute();
    }

    /**
     * How many invitation emails (links) the workspace sent since {@code since} that count against its
     * daily limit (those of provisioned invitations do not).
     */
    int linksSentSince(UUID workspaceId, Instant since) {
        return db.fetchCount(
                TEAM_INVITATION_TOKENS,
                TEAM_INVITATION_TOKENS
                        .WORKSPACE_ID
                        .eq(workspaceId)
                        .and(TEAM_INVITATION_TOKENS.CREATED_AT.gt(odt(since)))
                        .and(TEAM_INVITATION_TOKENS.COUNTED.isTrue()));
    }

    /** The workspace's open (not accepted, not revoked) invitation of {@code emailKey}, expired or not. */
    Optional<Row> openFor(UUID workspaceId, String emailKey) {
        return db.selectFrom(TEAM_INVITATIONS)
                .where(TEAM_INVITATIONS.WORKSPACE_ID.eq(workspaceId).and(TEAM_INVITATIONS.OPEN_EMAIL.eq(emailKey)))
                .fetchOptional(InvitationRepository::toRow);
    }

    void insert(Row row, String emailKey) {
        db.insertInto(TEAM_INVITATIONS)
                .set(TEAM_INVITATIONS.ID, row.id())
                .set(TEAM_INVITATIONS.WORKSPACE_ID, row.workspaceId())
                .set(TEAM_INVITATIONS.EMAIL, row.email())
                .set(TEAM_INVITATIONS.OPEN_EMAIL, emailKey)
                .set(TEAM_INVITATIONS.ROLE, row.role().name())
                .set(TEAM_INVITATIONS.INVITED_BY, row.invitedBy())
                .set(TEAM_INVITATIONS.INVITED_BY_NAME, row.invitedByName())
                .set(TEAM_INVITATIONS.CREATED_AT, odt(row.createdAt()))
                .set(TEAM_INVITATIONS.EXPIRES_AT, odt(row.expiresAt()))
                .set(TEAM_INVITATIONS.PROVISIONING_KEY_ID, row.provisioningKeyId())
                .execute();
    }

    /**
     * Makes an open invitation a provisioned one (DD038): no member invited it any more, the SCIM key
     * {@code keyId} did, with {@code role}.
     */
    void provisionedBy(UUID invitationId, UUID keyId, String invitedByName, Role role) {
        db.update(TEAM_INVITATIONS)
                .set(TEAM_INVITATIONS.INVITED_BY, (UUID) null)
                .set(TEAM_INVITATIONS.INVITED_BY_NAME, invitedByName)
                .set(TEAM_INVITATIONS.PROVISIONING_KEY_ID, keyId)
                .set(TEAM_INVITATIONS.ROLE, role.name())
                .where(TEAM_INVITATIONS.ID.eq(invitationId).and(TEAM_INVITATIONS.ENDED_AT.isNull()))
                .execute();
    }

    /**
     * The pending invitations (open, not expired at {@code now}) of {@code emailKey} in every
     * workspace, oldest first.
     */
    List<Row> pendingFor(String emailKey, Instant now) {
        return db.selectFrom(TEAM_INVITATIONS)
                .where(TEAM_INVITATIONS
                        .OPEN_EMAIL
                        .eq(emailKey)
                        .and(TEAM_INVITATIONS.ENDED_AT.isNull())
                        .and(TEAM_INVITATIONS.EXPIRES_AT.gt(odt(now))))
                .orderBy(TEAM_INVITATIONS.CREATED_AT.asc(), TEAM_INVITATIONS.ID.asc())
                .fetch(InvitationRepository::toRow);
    }

    /** One invitation of any workspace (accepting by id), its row locked until the transaction ends. */
    Optional<Row> lockAny(UUID invitationId) {
        return db.selectFrom(TEAM_INVITATIONS)
                .where(TEAM_INVITATIONS.ID.eq(invitationId))
                .forUpdate()
                .fetchOptional(InvitationRepository::toRow);
    }

    /**
     * Records a link sent for an invitation, with the outbox id of its email ({@code null} when
     * the link was shown to copy) and whether it counts against the daily limit; the links sent
     * before for it stop working.
     */
    void issueToken(
            UUID invitationId,
            UUID workspaceId,
            String tokenHash,
            @Nullable UUID mailId,
            boolean counted,
            Instant now) {
        db.update(TEAM_INVITATION_TOKENS)
                .set(TEAM_INVITATION_TOKENS.REPLACED_AT, odt(now))
                .where(TEAM_INVITATION_TOKENS
                        .INVITATION_ID
                        .eq(invitationId)
                        .and(TEAM_INVITATION_TOKENS.REPLACED_AT.isNull()))
                .execute();
        db.insertInto(TEAM_INVITATION_TOKENS)
                .set(TEAM_INVITATION_TOKENS.TOKEN_HASH, tokenHash)
                .set(TEAM_INVITATION_TOKENS.INVITATION_ID, invitationId)
                .set(TEAM_INVITATION_TOKENS.WORKSPACE_ID, workspaceId)
                .set(TEAM_INVITATION_TOKENS.CREATED_AT, odt(now))
                .set(TEAM_INVITATION_TOKENS.MAIL_ID, mailId)
                .set(TEAM_INVITATION_TOKENS.COUNTED, counted)
                .execute();
    }

    /**
     * The outbox id of the email of each invitation's current link, in one query; an invitation
     * whose current link was not emailed has no entry.
     */
    Map<UUID, UUID> currentMailIds(Collection<UUID> invitationIds) {
        Map<UUID, UUID> found = new HashMap<>();
        if (invitationIds.isEmpty()) {
            return found;
        }
        db.select(TEAM_INVITATION_TOKENS.INVITATION_ID, TEAM_INVITATION_TOKENS.MAIL_ID)
                .from(TEAM_INVITATION_TOKENS)
                .where(TEAM_INVITATION_TOKENS
                        .INVITATION_ID
                        .in(invitationIds)
                        .and(TEAM_INVITATION_TOKENS.REPLACED_AT.isNull())
                        .and(TEAM_INVITATION_TOKENS.MAIL_ID.isNotNull()))
                .forEach(r -> found.put(r.value1(), r.value2()));
        return found;
    }

    void setExpiry(UUID invitationId, Instant expiresAt) {
        db.update(TEAM_INVITATIONS)
                .set(TEAM_INVITATIONS.EXPIRES_AT, odt(expiresAt))
                .where(TEAM_INVITATIONS.ID.eq(invitationId))
                .execute();
    }

    /** One invitation of the workspace, its row locked until the transaction ends when {@code lock}. */
    Optional<Row> find(UUID workspaceId, UUID invitationId, boolean lock) {
        var query = db.selectFrom(TEAM_INVITATIONS)
                .where(TEAM_INVITATIONS.ID.eq(invitationId).and(TEAM_INVITATIONS.WORKSPACE_ID.eq(workspaceId)));
        return (lock ? query.forUpdate() : query).fetchOptional(InvitationRepository::toRow);
    }

    /** The workspace's invitations with one of {@code statuses} at {@code now}, newest first. */
    List<Row> list(UUID workspaceId, Set<Status> statuses, Instant now) {
        if (statuses.isEmpty()) {
            return List.of();
        }
        OffsetDateTime n = odt(now);
        List<Condition> any = new ArrayList<>();
        for (Status s : statuses) {
            any.add(
                    switch (s) {
                        case PENDING -> TEAM_INVITATIONS.ENDED_AT.isNull().and(TEAM_INVITATIONS.EXPIRES_AT.gt(n));
                        case EXPIRED -> TEAM_INVITATIONS.ENDED_AT.isNull().and(TEAM_INVITATIONS.EXPIRES_AT.le(n));
                        case ACCEPTED -> TEAM_INVITATIONS.END_REASON.eq(EndReason.ACCEPTED.name());
                        case REVOKED -> TEAM_INVITATIONS.END_REASON.eq(EndReason.REVOKED.name());
                    });
        }
        return db.selectFrom(TEAM_INVITATIONS)
                .where(TEAM_INVITATIONS.WORKSPACE_ID.eq(workspaceId).and(DSL.or(any)))
                .orderBy(TEAM_INVITATIONS.CREATED_AT.desc(), TEAM_INVITATIONS.ID.asc())
                .fetch(InvitationRepository::toRow);
    }

    /** The invitation one of whose links has this hash, its row locked when {@code lock}. */
    Optional<ByToken> byToken(String tokenHash, boolean lock) {
        var query = db.select(TEAM_INVITATIONS.fields())
                .select(TEAM_INVITATION_TOKENS.REPLACED_AT)
                .from(TEAM_INVITATION_TOKENS)
                .join(TEAM_INVITATIONS)
                .on(TEAM_INVITATIONS.ID.eq(TEAM_INVITATION_TOKENS.INVITATION_ID))
                .where(TEAM_INVITATION_TOKENS.TOKEN_HASH.eq(tokenHash));
        return (lock ? query.forUpdate().of(TEAM_INVITATIONS) : query)
                .fetchOptional(r -> new ByToken(
                        toRow(r.into(TEAM_INVITATIONS)), r.get(TEAM_INVITATION_TOKENS.REPLACED_AT) != null));
    }

    /**
     * Ends an open invitation.
     *
     * @return whether it was open
     */
    boolean end(UUID invitationId, EndReason reason, Instant now, @Nullable UUID acceptedBy) {
        return db.update(TEAM_INVITATIONS)
                        .set(TEAM_INVITATIONS.ENDED_AT, odt(now))
                        .set(TEAM_INVITATIONS.END_REASON, reason.name())
                        .set(TEAM_INVITATIONS.OPEN_EMAIL, (String) null)
                        .set(TEAM_INVITATIONS.ACCEPTED_BY, acceptedBy)
                        .where(TEAM_INVITATIONS.ID.eq(invitationId).and(TEAM_INVITATIONS.ENDED_AT.isNull()))
                        .execute()
                == 1;
    }

    private static Row toRow(TeamInvitationsRecord r) {
        return new Row(
                r.getId(),
                r.getWorkspaceId(),
                r.getEmail(),
                Role.valueOf(r.getRole()),
                r.getInvitedBy(),
                r.getInvitedByName(),
                r.getCreatedAt().toInstant(),
                r.getExpiresAt().toInstant(),
                r.getEndedAt() == null ? null : r.getEndedAt().toInstant(),
                r.getEndReason() == null ? null : EndReason.valueOf(r.getEndReason()),
                r.getProvisioningKeyId());
    }

    private static OffsetDateTime odt(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}
