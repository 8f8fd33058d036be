package dev.vlmconsole.billing.operators;

import static dev.vlmconsole.billing.db.Tables.BILLING_ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.WorkspaceAccounts;
import dev.vlmconsole.api.services.WorkspaceAccounts.AccountSummary;
import dev.vlmconsole.billing.BillingModule;
import dev.vlmconsole.billing.plans.Plan;
import dev.vlmconsole.testsupport.ModuleDatabase;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.junit.jupiter.api.Test;

/**
 * The module-api {@link WorkspaceAccounts} of the billing module: plan, credits available and used this
 * cycle per workspace, for operators only; every account in one query, measured over 10,000 accounts
 * on H2 and on PostgreSQL.
 */
class BillingWorkspaceAccountsTest {

    @Test
    void summaries_show_plan_credits_available_and_used_this_cycle_to_operators_only() {
        OperatorsFixture.Ops ops = OperatorsFixture.h2();
        TestWorkspace w = ops.newWorkspace();
        ops.signInOperator();
        ops.adjustments().adjust(w.id(), new BigDecimal("120.5"), "Trial");
        TestWorkspace without = ops.members().newWorkspace();
        WorkspaceAccounts accounts = ops.bean(WorkspaceAccounts.class);

        Map<UUID, AccountSummary> some = accounts.summaries(List.of(w.id(), without.id()));

        assertThat(some).containsOnlyKeys(w.id());
        AccountSummary s = some.get(w.id());
        assertThat(s.planId()).isEqualTo(Plan.PAYG);
        assertThat(s.planName()).isEqualTo("Pay-as-you-go");
        assertThat(s.creditsAvailable()).isEqualByComparingTo("120.5");
        assertThat(s.creditsUsedThisCycle()).isEqualByComparingTo("0");
        assertThat(accounts.allSummaries()).containsEntry(w.id(), s);

        ops.context().signIn(ops.members().newMember(w, Role.OWNER), w);
        assertThatThrownBy(() -> accounts.summaries(List.of(w.id()))).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(accounts::allSummaries).isInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void every_account_of_ten_thousand_is_read_in_one_query_on_h2() {
        measure(ModuleDatabase.h2().withCoreTables().migrate(new BillingModule()), "H2");
    }

    @Test
    void every_account_of_ten_thousand_is_read_in_one_query_on_postgres() {
        measure(ModuleDatabase.postgres().withCoreTables().migrate(new BillingModule()), "PostgreSQL");
    }

    private static void measure(ModuleDatabase db, String name) {
        try (db) {
            OperatorsFixture.Ops ops = OperatorsFixture.start(db);
            insertAccounts(db.dsl(), 10_000);
            ops.signInOperator();
            WorkspaceAccounts accounts = ops.bean(WorkspaceAccounts.class);
            accounts.allSummaries(); // warm up
            long best = Long.MAX_VALUE;
            Map<UUID, AccountSummary> all = Map.of();
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                all = accounts.allSummaries();
                best = Math.min(best, System.nanoTime() - start);
            }
            System.out.printf(
                    "WorkspaceAccounts.allSummaries over %d accounts on %s: %.1f ms (best of 5)%n",
                    all.size(), name, best / 1e6);
            assertThat(all).hasSize(10_000);
            assertThat(all.values()).allSatisfy(s -> assertThat(s.planName()).isNotBlank());
            assertThat(best / 1e6).as("ms for 10,000 accounts").isLessThan(1500);
            ops.spring().close();
        }
    }

    private static void insertAccounts(DSLContext db, int n) {
        OffsetDateTime now = OffsetDateTime.of(2026, 11, 16, 10, 0, 0, 0, ZoneOffset.UTC);
        List<Query> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(db.insertInto(BILLING_ACCOUNT)
                    .set(BILLING_ACCOUNT.WORKSPACE_ID, UUID.randomUUID())
                    .set(BILLING_ACCOUNT.PLAN_ID, Plan.IDS.get(i % 3))
                    .set(BILLING_ACCOUNT.CYCLE_START, LocalDate.of(2026, 11, 1))
                    .set(BILLING_ACCOUNT.CYCLE_END, LocalDate.of(2026, 12, 1))
                    .set(BILLING_ACCOUNT.GRANT_CREDITS, new BigDecimal(i % 1000))
                    .set(BILLING_ACCOUNT.CYCLE_USAGE_CREDITS, new BigDecimal("12.5"))
                    .set(BILLING_ACCOUNT.CREATED_AT, now)
                    .set(BILLING_ACCOUNT.UPDATED_AT, now));
            if (batch.size() == 1000) {
                db.batch(batch).execute();
                batch.clear();
            }
        }
    }
}
