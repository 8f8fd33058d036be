package dev.vlmconsole.billing.invoices;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What the install's operators do about billing across workspaces: mark invoices paid when an offline
 * payment arrives, and see the "Contact sales" requests. Every method requires the operator permission
 * ({@link dev.vlmconsole.api.Permissions#OPERATOR}); changes are audited in the workspace concerned.
 */
public interface BillingOperations {

    /** Where a "Contact sales" request stands. */
    enum RequestStatus {
        OPEN,
        HANDLED
    }

    /**
     * A "Contact sales" request.
     *
     * @param id             its id
     * @param workspaceId    the workspace it came from
     * @param workspaceName  the workspace's name when it was sent
     * @param requesterId    the person who sent it
     * @param requesterEmail their email when they sent it
     * @param requesterName  their name when they sent it
     * @param message        what they wrote
     * @param status         open or handled
     * @param createdAt      when it was sent
     * @param handledAt      when an operator marked it handled, if
     * @param handledBy      who did, if
     */
    record SalesRequest(
            UUID id,
            UUID workspaceId,
            String workspaceName,
            UUID requesterId,
            String requesterEmail,
            String requesterName,
            String message,
            RequestStatus status,
            Instant createdAt,
            @Nullable Instant handledAt,
            @Nullable String handledBy) {}

    /**
     * Marks an open invoice of any workspace paid (an offline payment arrived), granting what it buys
     * if that was not granted yet. Marking a paid invoice again changes nothing.
     *
     * @param reason what was received, such as "Bank transfer 2026-11-03, ref 8812"; required
     * @throws java.util.NoSuchElementException for an unknown invoice
     * @throws dev.vlmconsole.api.InvalidInputException without a reason, or when nothing is due
     */
    Invoices.Invoice markPaid(UUID invoiceId, String reason);

    /**
     * The invoices of one workspace, newest first (at most 500), for the operators' page of that
     * workspace.
     *
     * @since issue 10
     */
    List<Invoices.Invoice> invoicesOf(UUID workspaceId);

    /** Open invoices of every workspace, oldest first (at most 500). */
    List<Invoices.Invoice> openInvoices();

    /** Every "Contact sales" request, newest first (at most 500). */
    List<SalesRequest> salesRequests();

    /**
     * Marks a request handled; a handled one stays so.
     *
     * @throws java.util.NoSuchElementException for an unknown request
     */
    SalesRequest markHandled(UUID requestId);
}
