package dev.vlmconsole.billing.operators;

import static dev.vlmconsole.billing.db.Tables.BILLING_ACCOUNT;

import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.WorkspaceRef;
import dev.vlmconsole.api.services.MemberDirectory;
import dev.vlmconsole.billing.invoices.BillingOperations;
import dev.vlmconsole.billing.invoices.BillingProfileService;
import dev.vlmconsole.billing.invoices.Invoices;
import dev.vlmconsole.billing.ledger.Ledger;
import dev.vlmconsole.billing.plans.EnterpriseTerms;
import dev.vlmconsole.billing.plans.Plan;
import dev.vlmconsole.billing.plans.SubscriptionService;
import dev.vlmconsole.billing.plans.Subscriptions;
import java.math.BigDecimal;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the operators' Billing section of one workspace reads and does, over the billing services that
 * own each change: the account and its balance, its Enterprise terms, invoices and tax rate; setting
 * Enterprise terms (moving the workspace to Enterprise when it is not there yet, in the same
 * transaction), marking an invoice paid and setting the tax rate. Every method requires the operator
 * permission; every change requires a reason and is audited in that workspace's log as an operator
 * action (the services it calls record with {@code actor().asOperator()}).
 */
public final class OperatorBilling {

    /**
     * One workspace's billing as operators see it.
     *
     * @param workspace   the workspace (its name; the role says nothing)
     * @param account     plan, cycle, balance, limit, upcoming invoice
     * @param terms       its own Enterprise terms, if operators set them
     * @param taxRate     its tax rate in percent
     * @param invoices    its invoices, newest first
     * @param adjustments operators' adjustments of the current cycle, oldest first
     */
    public record Overview(
            WorkspaceRef workspace,
            Subscriptions.Account account,
            EnterpriseTerms.@Nullable Terms terms,
            BigDecimal taxRate,
            List<Invoices.Invoice> invoices,
            List<Ledger.Entry> adjustments) {}

    private final DSLContext db;
    private final ConsoleContext context;
    private final MemberDirectory directory;
    private final SubscriptionService subscriptions;
    private final EnterpriseTerms terms;
    private final BillingOperations operations;
    private final BillingProfileService profiles;
    private final Ledger ledger;
    private final TransactionTemplate tx;

    public OperatorBilling(
            DSLContext db,
            ConsoleContext context,
            MemberDirectory directory,
            SubscriptionService subscriptions,
            EnterpriseTerms terms,
            BillingOperations operations,
            BillingProfileService profiles,
            Ledger ledger,
            TransactionTemplate tx) {
        this.db = db;
        this.context = context;
        this.directory = directory;
        this.subscriptions = subscriptions;
        this.terms = terms;
        this.operations = operations;
        this.profiles = profiles;
        this.ledger = ledger;
        this.tx = tx;
    }

    /**
     * The workspace's billing now (opening its account on Pay-as-you-go if it has none).
     *
     * @throws NoSuchElementException for an unknown workspace
     */
    public Overview overview(UUID workspaceId) {
        OperatorActs.requireOperator(context);
        WorkspaceRef workspace = workspace(workspaceId);
        Subscriptions.Account account = subscriptions.accountFor(workspaceId);
        BigDecimal taxRate = db.select(BILLING_ACCOUNT.TAX_RATE)
                .from(BILLING_ACCOUNT)
                .where(BILLING_ACCOUNT.WORKSPACE_ID.eq(workspaceId))
                .fetchOptional(BILLING_ACCOUNT.TAX_RATE)
                .orElse(BigDecimal.ZERO);
        List<Ledger.Entry> adjustments = ledger.entries(workspaceId, account.cycleStart()).stream()
                .filter(e -> e.kind() == Ledger.Kind.ADJUSTMENT)
                .toList();
        return new Overview(
                workspace,
                account,
                terms.termsOf(workspaceId).orElse(null),
                plain(taxRate),
                operations.invoicesOf(workspaceId),
                adjustments);
    }

    /**
     * Sets the workspace's Enterprise terms and, when it is on another plan, moves it to Enterprise at
     * once (an upgrade: fee and allowance pro-rated for the rest of the cycle), in one transaction.
     *
     * @return whether the workspace moved to Enterprise (false: its terms changed)
     * @throws InvalidInputException naming each refused field ({@code monthlyFee}, {@code allowance},
     *     {@code pricePerCredit}, {@code rateLimit}, {@code tiers[i].fromCredits}, {@code reason}, ...)
     */
    public boolean setEnterpriseTerms(UUID workspaceId, EnterpriseTerms.Terms newTerms, String reason) {
        OperatorActs.requireOperator(context);
        Objects.requireNonNull(newTerms, "terms");
        String why = OperatorActs.reason(reason);
        workspace(workspaceId);
        return Boolean.TRUE.equals(tx.execute(status -> {
            terms.set(workspaceId, newTerms, why);
            boolean onEnterprise =
                    subscriptions.accountFor(workspaceId).plan().id().equals(Plan.ENTERPRISE);
            if (!onEnterprise) {
                subscriptions.moveToEnterprise(workspaceId, why);
            }
            return !onEnterprise;
        }));
    }

    /**
     * Marks an open invoice of the workspace paid (an offline payment arrived), granting what it buys.
     *
     * @throws NoSuchElementException for an invoice of another workspace or none
     * @throws InvalidInputException without a reason, or when nothing is due
     */
    public Invoices.Invoice markPaid(UUID workspaceId, UUID invoiceId, String reason) {
        OperatorActs.requireOperator(context);
        String why = OperatorActs.reason(reason);
        boolean ofWorkspace = operations.invoicesOf(workspaceId).stream().anyMatch(i -> i.id().equals(invoiceId));
        if (!ofWorkspace) {
            throw new NoSuchElementException("No such invoice in this workspace");
        }
        return operations.markPaid(invoiceId, why);
    }

    /**
     * Sets the workspace's tax rate (percent, 0 to 100, at most 4 decimals), charged on invoices issued
     * from now on.
     *
     * @throws InvalidInputException naming {@code taxRate} or {@code reason}
     */
    public void setTaxRate(UUID workspaceId, @Nullable BigDecimal percent, String reason) {
        OperatorActs.requireOperator(context);
        InvalidInputException.Builder invalid = InvalidInputException.builder();
        if (percent == null) {
            invalid.add("taxRate", "Enter a percentage from 0 to 100, with at most 4 decimals.");
        }
        String why = OperatorActs.reason(reason, invalid);
        invalid.throwIfAny();
        profiles.setTaxRate(workspaceId, percent, why);
    }

    private WorkspaceRef workspace(UUID workspaceId) {
        Objects.requireNonNull(workspaceId, "workspaceId");
        return directory.workspace(workspaceId).orElseThrow(() -> new NoSuchElementException("No such workspace"));
    }

    private static BigDecimal plain(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
