package dev.vlmconsole.billing.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The append-only credit ledger of every workspace and its cached balance. Every method that writes
 * joins the caller's transaction (or opens one), appends entries, and updates the cached balance row
 * in that same transaction; entries are never updated or deleted. Usage draws from the allowance,
 * then grants by soonest expiry, then top-ups, and what is left becomes overage. No permission checks
 * here: callers (the services behind pages and calls) check.
 *
 * <p>Every write that a retry could repeat takes an idempotency reference: writing again with the same
 * {@code (workspace, kind, reference)} changes nothing and answers the first write's entry.
 */
public interface Ledger {

    /** Kinds of entries. */
    enum Kind {
        /** Credits granted once per workspace when it is created. */
        SIGNUP_GRANT,
        /** A cycle's allowance; expires at the cycle's end. */
        ALLOWANCE,
        /** The unused allowance at a cycle's end (negative). */
        ALLOWANCE_EXPIRY,
        /** A grant's unused credits at its expiry (negative). */
        GRANT_EXPIRY,
        /** Bought credits; never expire. */
        TOP_UP,
        /** Credits used (negative), drawn from one bucket, or overage when no bucket is left. */
        USAGE,
        /** An operator's grant (positive) or debit (negative), with a reason. */
        ADJUSTMENT
    }

    /**
     * One entry.
     *
     * @param id          its sequence number
     * @param workspaceId the workspace
     * @param kind        what it is
     * @param credits     signed: positive adds credits, negative takes them
     * @param cycleStart  the cycle it counts in
     * @param reference   its idempotency reference (invoice number, idempotency key, cycle), if any
     * @param reason      why (adjustments), if any
     * @param actor       who (adjustments, top-ups), if any
     * @param at          when it was written
     * @param overage     for {@link Kind#USAGE}: whether it is overage (drawn from no bucket)
     */
    record Entry(
            long id,
            UUID workspaceId,
            Kind kind,
            BigDecimal credits,
            LocalDate cycleStart,
            @Nullable String reference,
            @Nullable String reason,
            @Nullable String actor,
            Instant at,
            boolean overage) {}

    /** The cached balance of {@code workspaceId}, opening its account (on Pay-as-you-go) if needed. */
    Balance balance(UUID workspaceId);

    /** The balance derived from the entries alone: equals {@link #balance} (a test reconciles them). */
    Balance derivedBalance(UUID workspaceId);

    /**
     * Grants credits: a sign-up grant, a cycle's allowance, a top-up or an operator's positive
     * adjustment.
     *
     * @param kind      {@link Kind#SIGNUP_GRANT}, {@link Kind#ALLOWANCE}, {@link Kind#TOP_UP} or
     *                  {@link Kind#ADJUSTMENT}
     * @param expiresAt when unused credits expire ({@code null}: never; allowances expire at their
     *                  cycle's end)
     * @param reference idempotency reference, such as the invoice number of a top-up, {@code signup},
     *                  or {@code allowance:2026-11-01}
     * @return the entry (the first one, when {@code reference} was written before)
     */
    Entry grant(
            UUID workspaceId,
            Kind kind,
            BigDecimal credits,
            @Nullable Instant expiresAt,
            String reference,
            @Nullable String reason,
            @Nullable String actor);

    /**
     * An operator's debit of {@code credits} (positive number), drawn like usage but never becoming
     * overage: at most the workspace's available credits are taken.
     */
    Entry debit(UUID workspaceId, BigDecimal credits, String reference, String reason, String actor);

    /**
     * Expires what is left of the allowance of the cycle that started on {@code cycleStart}, and every
     * grant whose expiry has passed by {@code now}. Idempotent.
     */
    List<Entry> expire(UUID workspaceId, LocalDate cycleStart, Instant now);

    /**
     * Moves the workspace's current cycle to the one starting {@code nextCycleStart}: from then on
     * usage and overage count there. Idempotent.
     */
    void startCycle(UUID workspaceId, LocalDate nextCycleStart);

    /** Entries of {@code workspaceId} in the cycle that started on {@code cycleStart}, oldest first. */
    List<Entry> entries(UUID workspaceId, LocalDate cycleStart);

    /** The entry written with {@code reference}, if any. */
    Optional<Entry> byReference(UUID workspaceId, Kind kind, String reference);
}
