package dev.vlmconsole.billing.operators;

import static dev.vlmconsole.billing.db.Tables.BILLING_ACCOUNT;

import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.services.WorkspaceAccounts;
import dev.vlmconsole.billing.plans.Plan;
import dev.vlmconsole.billing.plans.PlanCatalog;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record4;
import org.jooq.impl.DSL;

/**
 * The billing module's {@link WorkspaceAccounts}: plan, credits available and credits used this cycle
 * from the cached balance row of each account ({@code billing_account}), which the ledger keeps in step
 * with its entries. {@link #allSummaries} is one query over that table alone (no join, no ledger scan):
 * tens of thousands of rows read in a few tens of milliseconds. The caller must be an operator (or a
 * platform key of scope {@code operator}); refused otherwise.
 */
public final class BillingWorkspaceAccounts implements WorkspaceAccounts {

    /** Ids per query of {@link #summaries} (an IN list; a page of the operators' list is far fewer). */
    static final int CHUNK = 1000;

    private static final Field<BigDecimal> AVAILABLE = BILLING_ACCOUNT
            .ALLOWANCE_CREDITS
            .plus(BILLING_ACCOUNT.GRANT_CREDITS)
            .plus(BILLING_ACCOUNT.TOPUP_CREDITS);

    private final DSLContext db;
    private final ConsoleContext context;
    private final PlanCatalog catalog;

    public BillingWorkspaceAccounts(DSLContext db, ConsoleContext context, PlanCatalog catalog) {
        this.db = db;
        this.context = context;
        this.catalog = catalog;
    }

    @Override
    public Map<UUID, AccountSummary> summaries(Collection<UUID> workspaceIds) {
        OperatorActs.requireOperator(context);
        List<UUID> ids = new ArrayList<>(new LinkedHashSet<>(workspaceIds));
        Map<UUID, AccountSummary> out = new HashMap<>();
        Map<String, String> names = planNames();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            read(BILLING_ACCOUNT.WORKSPACE_ID.in(ids.subList(from, Math.min(ids.size(), from + CHUNK))), names, out);
        }
        return out;
    }

    @Override
    public Map<UUID, AccountSummary> allSummaries() {
        OperatorActs.requireOperator(context);
        Map<UUID, AccountSummary> out = new HashMap<>();
        read(DSL.noCondition(), planNames(), out);
        return out;
    }

    private void read(Condition where, Map<String, String> names, Map<UUID, AccountSummary> out) {
        for (Record4<UUID, String, BigDecimal, BigDecimal> r : db.select(
                        BILLING_ACCOUNT.WORKSPACE_ID,
                        BILLING_ACCOUNT.PLAN_ID,
                        AVAILABLE,
                        BILLING_ACCOUNT.CYCLE_USAGE_CREDITS)
                .from(BILLING_ACCOUNT)
                .where(where)
                .fetch()) {
            String plan = r.value2();
            out.put(
                    r.value1(),
                    new AccountSummary(plan, names.getOrDefault(plan, plan), plain(r.value3()), plain(r.value4())));
        }
    }

    private Map<String, String> planNames() {
        Map<String, String> names = new HashMap<>();
        for (Plan p : catalog.plans()) {
            names.put(p.id(), p.name());
        }
        return names;
    }

    /** Exact, without trailing zeros, never in exponent form ("100", "0.5"). */
    private static BigDecimal plain(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
