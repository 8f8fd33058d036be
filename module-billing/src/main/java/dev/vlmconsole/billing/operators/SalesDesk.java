package dev.vlmconsole.billing.operators;

import static dev.vlmconsole.billing.db.Tables.BILLING_SALES_REQUEST;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.services.MailMessage;
import dev.vlmconsole.api.services.OutboundMail;
import dev.vlmconsole.billing.db.tables.records.BillingSalesRequestRecord;
import dev.vlmconsole.billing.invoices.BillingOperations.RequestStatus;
import dev.vlmconsole.billing.invoices.InvoiceAudit;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The operators' side of "Contact sales": the requests of every workspace, open and handled, and
 * answering one: the reply is emailed (plain text, through the console's outbox, sent after commit) to
 * the person who asked, the request is marked handled, and the answer is recorded in that workspace's
 * audit log as an operator action, all in one transaction. A request answered some other way (a call)
 * is marked handled with a note instead. Every method requires the operator permission.
 */
public final class SalesDesk {

    /** Audit action of an answer by email. */
    public static final String ANSWERED = "billing.sales_request.answered";

    /** Most requests listed per status. */
    static final int MAX_LIST = 500;
    /** Longest reply. */
    public static final int MAX_REPLY = 4000;
    /** Characters of the reply quoted in the audit entry. */
    static final int AUDIT_QUOTE = 300;

    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\n]]");
    private static final DateTimeFormatter SENT = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm z", Locale.ENGLISH);

    /**
     * A "Contact sales" request.
     *
     * @param id             its id
     * @param workspaceId    the workspace it came from
     * @param workspaceName  the workspace's name when it was sent
     * @param requesterName  who asked (their name then)
     * @param requesterEmail their email then, where the answer goes
     * @param message        what they wrote
     * @param status         open or handled
     * @param createdAt      when it was sent
     * @param handledAt      when it was answered or marked handled, if
     * @param handledBy      by whom, if
     * @param reply          the answer emailed, or the note given when marked handled, if any
     */
    public record Request(
            UUID id,
            UUID workspaceId,
            String workspaceName,
            String requesterName,
            String requesterEmail,
            String message,
            RequestStatus status,
            Instant createdAt,
            @Nullable Instant handledAt,
            @Nullable String handledBy,
            @Nullable String reply) {}

    private final DSLContext db;
    private final ConsoleContext context;
    private final AuditLog audit;
    private final Supplier<@Nullable OutboundMail> mail;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ZoneId zone;

    public SalesDesk(
            DSLContext db,
            ConsoleContext context,
            AuditLog audit,
            Supplier<@Nullable OutboundMail> mail,
            TransactionTemplate tx,
            Clock clock,
            ZoneId zone) {
        this.db = db;
        this.context = context;
        this.audit = audit;
        this.mail = mail;
        this.tx = tx;
        this.clock = clock;
        this.zone = zone;
    }

    /** Open requests oldest first (the queue), handled ones newest first; at most {@value #MAX_LIST}. */
    public List<Request> requests(RequestStatus status) {
        OperatorActs.requireOperator(context);
        var created = BILLING_SALES_REQUEST.CREATED_AT;
        return db.selectFrom(BILLING_SALES_REQUEST)
                .where(BILLING_SALES_REQUEST.STATUS.eq(status.name()))
                .orderBy(
                        status == RequestStatus.OPEN ? created.asc() : BILLING_SALES_REQUEST.HANDLED_AT.desc(),
                        BILLING_SALES_REQUEST.ID)
                .limit(MAX_LIST)
                .fetch(SalesDesk::view);
    }

    /** Whether answers can be emailed (a mail server is configured). */
    public boolean canEmail() {
        OutboundMail outbox = mail.get();
        return outbox != null && outbox.isConfigured();
    }

    /** Why answers cannot be emailed, in words for the page; empty when they can. */
    public String whyNoEmail() {
        OutboundMail outbox = mail.get();
        if (outbox == null) {
            return "The console has no outbox: answer from your own mail and mark the request handled.";
        }
        return outbox.isConfigured() ? "" : outbox.notConfiguredReason();
    }

    /**
     * Emails {@code reply} to the person who sent the open request, and marks it handled.
     *
     * @throws InvalidInputException naming {@code reply} (empty, too long, or no mail server), or
     *     {@code request} when it was handled already
     * @throws NoSuchElementException for an unknown request
     */
    public Request answer(UUID requestId, String reply) {
        Actor actor = OperatorActs.requireOperator(context);
        String text = clean(reply);
        if (text.isEmpty()) {
            throw InvalidInputException.of("reply", "Write the answer to send.");
        }
        if (text.length() > MAX_REPLY) {
            throw InvalidInputException.of("reply", "Keep the answer to " + MAX_REPLY + " characters.");
        }
        OutboundMail outbox = mail.get();
        if (outbox == null || !outbox.isConfigured()) {
            throw InvalidInputException.of(
                    "reply", "Answers cannot be emailed: " + whyNoEmail() + " Mark the request handled instead.");
        }
        return Objects.requireNonNull(tx.execute(status -> {
            BillingSalesRequestRecord row = openForUpdate(requestId);
            outbox.queue(new MailMessage(
                    row.getRequesterEmail(),
                    "Re: your Enterprise enquiry for " + oneLine(row.getWorkspaceName()),
                    mailText(row, text, actor),
                    null,
                    "billing.sales_answer"));
            handle(row, text, actor);
            audit.record(new AuditEntry(
                    row.getWorkspaceId(),
                    actor,
                    ANSWERED,
                    AuditTarget.of(InvoiceAudit.SALES_REQUEST, row.getId(), "Contact sales"),
                    "Answered by email to " + row.getRequesterEmail() + ": " + quote(text),
                    context.sourceAddress().orElse("")));
            return view(row);
        }));
    }

    /**
     * Marks an open request handled without an email (answered by phone, or by sales directly), with a
     * note.
     *
     * @throws InvalidInputException naming {@code reason}, or {@code request} when it was handled already
     */
    public Request markHandled(UUID requestId, String reason) {
        Actor actor = OperatorActs.requireOperator(context);
        String why = OperatorActs.reason(reason);
        return Objects.requireNonNull(tx.execute(status -> {
            BillingSalesRequestRecord row = openForUpdate(requestId);
            handle(row, why, actor);
            audit.record(new AuditEntry(
                    row.getWorkspaceId(),
                    actor,
                    InvoiceAudit.SALES_HANDLED,
                    AuditTarget.of(InvoiceAudit.SALES_REQUEST, row.getId(), "Contact sales"),
                    "Marked handled without an email. Reason: " + why,
                    context.sourceAddress().orElse("")));
            return view(row);
        }));
    }

    private BillingSalesRequestRecord openForUpdate(UUID requestId) {
        BillingSalesRequestRecord row = db.selectFrom(BILLING_SALES_REQUEST)
                .where(BILLING_SALES_REQUEST.ID.eq(Objects.requireNonNull(requestId, "requestId")))
                .forUpdate()
                .fetchOptional()
                .orElseThrow(() -> new NoSuchElementException("No such request"));
        if (!RequestStatus.OPEN.name().equals(row.getStatus())) {
            throw InvalidInputException.of(
                    "request",
                    "This request was handled already" + (row.getHandledBy() == null ? "" : " by " + row.getHandledBy())
                            + ".");
        }
        return row;
    }

    private void handle(BillingSalesRequestRecord row, String reply, Actor actor) {
        row.setStatus(RequestStatus.HANDLED.name());
        row.setHandledAt(clock.instant().atOffset(ZoneOffset.UTC));
        row.setHandledBy(OperatorActs.cut(actor.displayName(), 200));
        row.setReply(reply);
        row.update();
    }

    private String mailText(BillingSalesRequestRecord row, String reply, Actor actor) {
        StringBuilder s = new StringBuilder()
                .append(reply)
                .append("\n\n-- \n")
                .append(actor.displayName())
                .append("\n\n")
                .append("You wrote on ")
                .append(SENT.format(row.getCreatedAt().toInstant().atZone(zone)))
                .append(" about the workspace \"")
                .append(oneLine(row.getWorkspaceName()))
                .append("\":\n");
        row.getMessage().lines().forEach(line -> s.append("> ").append(line).append('\n'));
        return s.toString();
    }

    private static Request view(BillingSalesRequestRecord r) {
        return new Request(
                r.getId(),
                r.getWorkspaceId(),
                r.getWorkspaceName(),
                r.getRequesterName(),
                r.getRequesterEmail(),
                r.getMessage(),
                RequestStatus.valueOf(r.getStatus()),
                r.getCreatedAt().toInstant(),
                r.getHandledAt() == null ? null : r.getHandledAt().toInstant(),
                r.getHandledBy(),
                r.getReply());
    }

    private static String clean(@Nullable String text) {
        return text == null
                ? ""
                : CONTROL.matcher(text.replace("\r\n", "\n")).replaceAll("").strip();
    }

    private static String quote(String text) {
        String one = text.replace('\n', ' ');
        return one.length() <= AUDIT_QUOTE ? one : one.substring(0, AUDIT_QUOTE - 1) + "\u2026";
    }

    private static String oneLine(String s) {
        return CONTROL.matcher(s.replace('\n', ' ')).replaceAll("");
    }
}
