package dev.vlmconsole.billing.cycles;

import static dev.vlmconsole.billing.db.Tables.BILLING_ACCOUNT;
import static dev.vlmconsole.billing.db.Tables.BILLING_CYCLE_CLOSE;
import static dev.vlmconsole.billing.db.Tables.BILLING_KEY_BUDGET;
import static dev.vlmconsole.billing.db.Tables.BILLING_LEDGER_ENTRY;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.services.Money;
import dev.vlmconsole.billing.db.tables.records.BillingAccountRecord;
import dev.vlmconsole.billing.invoices.Invoices;
import dev.vlmconsole.billing.ledger.Balance;
import dev.vlmconsole.billing.ledger.Ledger;
import dev.vlmconsole.billing.plans.BillingCalendar;
import dev.vlmconsole.billing.plans.Caps;
import dev.vlmconsole.billing.plans.CycleCharges;
import dev.vlmconsole.billing.plans.Plan;
import dev.vlmconsole.billing.plans.PlanCatalog;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Closes billing cycles: for each workspace whose cycle has ended (its {@code cycle_end} is today or
 * earlier in the billing time zone), one cycle at a time, oldest first, each in one transaction:
 * issues the cycle's invoice (fees per plan period, overage at each plan's price with its tiers,
 * adjustments), expires the unused allowance and the grants expired by the cycle's end, applies a
 * scheduled downgrade, starts the next cycle and grants its allowance.
 *
 * <p>Idempotent and safe with several closers at once (DD021): the account row is locked first, a
 * cycle is closed only while it is still the account's current one, a {@code billing_cycle_close}
 * row records each closed cycle, and the invoice ({@code cycle:<start>}) and the allowance
 * ({@code allowance:<start>}) carry idempotency references. A close that fails rolls back as a whole
 * and is tried again on the next run. {@link CycleCloseJob} runs it on one node at a time.
 */
public final class CycleClose {

    /**
     * One closed cycle.
     *
     * @param workspaceId the workspace
     * @param cycleStart  first day of the closed cycle
     * @param cycleEnd    first day of the next cycle
     * @param planId      the plan of the next cycle
     * @param invoice     the cycle's invoice, or {@code null} when it charged nothing
     */
    public record Closed(
            UUID workspaceId,
            LocalDate cycleStart,
            LocalDate cycleEnd,
            String planId,
            Invoices.@Nullable Invoice invoice) {}

    private static final Logger log = LoggerFactory.getLogger(CycleClose.class);
    /** Most cycles one workspace catches up in one run (100 years of months). */
    private static final int MAX_CYCLES_PER_RUN = 1200;

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);

    private final DSLContext db;
    private final Ledger ledger;
    private final Supplier<@Nullable Invoices> invoices;
    private final PlanCatalog catalog;
    private final CycleCharges charges;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final BillingCalendar calendar;
    private final Currency currency;
    private final Supplier<@Nullable Caps> caps;

    public CycleClose(
            DSLContext db,
            Ledger ledger,
            Supplier<@Nullable Invoices> invoices,
            PlanCatalog catalog,
            CycleCharges charges,
            AuditLog audit,
            TransactionTemplate tx,
            BillingCalendar calendar,
            Currency currency,
            Supplier<@Nullable Caps> caps) {
        this.db = db;
        this.ledger = ledger;
        this.invoices = invoices;
        this.catalog = catalog;
        this.charges = charges;
        this.audit = audit;
        this.tx = tx;
        this.calendar = calendar;
        this.currency = currency;
        this.caps = caps;
    }

    /**
     * Closes every cycle that has ended, of every workspace, each workspace's oldest first (a console
     * that was down for months closes each missed cycle in order). A workspace whose close fails is
     * logged and left for the next run; the others go on.
     *
     * @return what was closed now (nothing, when another closer was first)
     */
    public List<Closed> closeDue() {
        LocalDate today = calendar.today();
        List<UUID> due = db.select(BILLING_ACCOUNT.WORKSPACE_ID)
                .from(BILLING_ACCOUNT)
                .where(BILLING_ACCOUNT.CYCLE_END.le(today))
                .orderBy(BILLING_ACCOUNT.CYCLE_END, BILLING_ACCOUNT.WORKSPACE_ID)
                .fetch(BILLING_ACCOUNT.WORKSPACE_ID);
        List<Closed> closed = new ArrayList<>();
        for (UUID ws : due) {
            try {
                closed.addAll(closeDue(ws));
            } catch (RuntimeException e) {
                log.error("Closing the billing cycle of workspace {} failed; it is tried again on the next run", ws, e);
            }
        }
        return closed;
    }

    /** Closes every cycle of {@code workspaceId} that has ended, oldest first. */
    public List<Closed> closeDue(UUID workspaceId) {
        LocalDate today = calendar.today();
        List<Closed> closed = new ArrayList<>();
        for (int i = 0; i < MAX_CYCLES_PER_RUN; i++) {
            Closed one = tx.execute(status -> closeOne(workspaceId, today));
            if (one == null) {
                break;
            }
            closed.add(one);
        }
        return closed;
    }

    private @Nullable Closed closeOne(UUID ws, LocalDate today) {
        BillingAccountRecord row = db.selectFrom(BILLING_ACCOUNT)
                .where(BILLING_ACCOUNT.WORKSPACE_ID.eq(ws))
                .forUpdate()
                .fetchOne();
        if (row == null || row.getCycleEnd().isAfter(today)) {
            return null; // not due, or another closer moved it on while this one waited for the lock
        }
        LocalDate start = row.getCycleStart();
        LocalDate end = row.getCycleEnd();
        LocalDate nextEnd = BillingCalendar.nextCycleStart(end);
        boolean closedBefore = db.fetchExists(db.selectOne()
                .from(BILLING_CYCLE_CLOSE)
                .where(BILLING_CYCLE_CLOSE.WORKSPACE_ID.eq(ws))
                .and(BILLING_CYCLE_CLOSE.CYCLE_START.eq(start)));
        if (closedBefore) {
            // billed already: only the move to the next cycle is missing (never expected; all is one transaction)
            log.warn("Cycle {} of workspace {} was closed but not left; moving on without billing it again", start, ws);
            ledger.startCycle(ws, end);
            moveAccount(ws, row.getPlanId(), end, nextEnd);
            return null;
        }

        Balance balance = ledger.balance(ws);
        CycleCharges.Charges cycle = charges.of(ws, start, end, row.getPlanId(), balance);
        List<Invoices.Line> lines = new ArrayList<>(cycle.lines());
        lines.addAll(adjustmentLines(ws, start));
        Invoices.Invoice invoice = null;
        if (!lines.isEmpty()) {
            Invoices issuer = invoices.get();
            if (issuer == null) {
                throw new IllegalStateException("No invoices service: cannot bill the cycle " + start);
            }
            invoice = issuer.issue(
                    new Invoices.Draft(ws, Invoices.Kind.CYCLE, start, end.minusDays(1), lines, "cycle:" + start));
        }

        ledger.expire(ws, start, calendar.startOf(end));
        String nextPlanId = row.getScheduledPlanId() != null ? row.getScheduledPlanId() : row.getPlanId();
        ledger.startCycle(ws, end);
        moveAccount(ws, nextPlanId, end, nextEnd);
        Plan next = catalog.plan(nextPlanId, ws);
        if (next.allowance().signum() > 0) {
            ledger.grant(
                    ws,
                    Ledger.Kind.ALLOWANCE,
                    next.allowance(),
                    calendar.startOf(nextEnd),
                    "allowance:" + end,
                    next.name() + " allowance for " + MONTH.format(end),
                    Actor.SYSTEM.displayName());
        }
        db.insertInto(BILLING_CYCLE_CLOSE)
                .set(BILLING_CYCLE_CLOSE.WORKSPACE_ID, ws)
                .set(BILLING_CYCLE_CLOSE.CYCLE_START, start)
                .set(BILLING_CYCLE_CLOSE.CYCLE_END, end)
                .set(BILLING_CYCLE_CLOSE.PLAN_ID, row.getPlanId())
                .set(BILLING_CYCLE_CLOSE.INVOICE_ID, invoice == null ? null : invoice.id())
                .set(BILLING_CYCLE_CLOSE.INVOICE_NUMBER, invoice == null ? null : invoice.number())
                .set(BILLING_CYCLE_CLOSE.CLOSED_AT, now())
                .execute();

        AuditTarget target = AuditTarget.workspace(ws, null);
        if (!nextPlanId.equals(row.getPlanId())) {
            record(
                    ws,
                    "billing.plan.changed",
                    target,
                    "From " + catalog.plan(row.getPlanId(), ws).name() + " to " + next.name()
                            + " at the end of the cycle, as scheduled.");
        }
        Money total = invoice == null ? Money.zero(currency) : invoice.total();
        record(
                ws,
                "billing.cycle.closed",
                target,
                "Cycle " + start + " to " + end.minusDays(1) + " closed: "
                        + (invoice == null ? "nothing to invoice" : "invoice " + invoice.number() + ", " + total)
                        + "; next cycle on " + next.name()
                        + (next.allowance().signum() > 0
                                ? " with "
                                        + next.allowance().stripTrailingZeros().toPlainString() + " credits"
                                : "")
                        + ".");
        Caps c = caps.get();
        if (c != null) {
            c.afterChange(ws, budgetKeys(ws));
        }
        return new Closed(ws, start, end, nextPlanId, invoice);
    }

    private void moveAccount(UUID ws, String planId, LocalDate start, LocalDate end) {
        db.update(BILLING_ACCOUNT)
                .set(BILLING_ACCOUNT.PLAN_ID, planId)
                .setNull(BILLING_ACCOUNT.SCHEDULED_PLAN_ID)
                .set(BILLING_ACCOUNT.CYCLE_START, start)
                .set(BILLING_ACCOUNT.CYCLE_END, end)
                .set(BILLING_ACCOUNT.UPDATED_AT, now())
                .where(BILLING_ACCOUNT.WORKSPACE_ID.eq(ws))
                .execute();
    }

    /** Operators' adjustments in the cycle, as lines of no amount: credits are not money, but the invoice shows them. */
    private List<Invoices.Line> adjustmentLines(UUID ws, LocalDate cycleStart) {
        Money zero = Money.zero(currency);
        return db.select(BILLING_LEDGER_ENTRY.CREDITS, BILLING_LEDGER_ENTRY.REASON)
                .from(BILLING_LEDGER_ENTRY)
                .where(BILLING_LEDGER_ENTRY.WORKSPACE_ID.eq(ws))
                .and(BILLING_LEDGER_ENTRY.CYCLE_START.eq(cycleStart))
                .and(BILLING_LEDGER_ENTRY.KIND.eq(Ledger.Kind.ADJUSTMENT.name()))
                .orderBy(BILLING_LEDGER_ENTRY.ID)
                .fetch(r -> new Invoices.Line(
                        cut("Credit adjustment"
                                + (r.value2() == null || r.value2().isBlank()
                                        ? ""
                                        : ": " + r.value2().strip())),
                        r.value1().stripTrailingZeros(),
                        zero,
                        zero));
    }

    /** Invoice lines carry at most 300 characters. */
    private static String cut(String description) {
        return description.length() <= 300 ? description : description.substring(0, 299) + "\u2026";
    }

    private List<UUID> budgetKeys(UUID ws) {
        return db.select(BILLING_KEY_BUDGET.KEY_ID)
                .from(BILLING_KEY_BUDGET)
                .where(BILLING_KEY_BUDGET.WORKSPACE_ID.eq(ws))
                .fetch(BILLING_KEY_BUDGET.KEY_ID);
    }

    private void record(UUID ws, String action, AuditTarget target, String details) {
        audit.record(new AuditEntry(ws, Actor.SYSTEM, action, target, details, ""));
    }

    private OffsetDateTime now() {
        return calendar.now().atOffset(ZoneOffset.UTC);
    }
}
