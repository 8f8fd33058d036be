package dev.vlmconsole.billing.cycles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.Role;
import dev.vlmconsole.billing.ledger.Ledger;
import dev.vlmconsole.testsupport.ModuleDatabase;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link CycleCloseTests} on PostgreSQL, and two closers at once (two nodes without the ShedLock). */
class CycleCloseOnPostgresTest extends CycleCloseTests {

    @Override
    ModuleDatabase database() {
        return ModuleDatabase.postgres();
    }

    @Test
    void twoClosersAtOnceBillEachCycleOnceAndGrantOneAllowance() throws Exception {
        List<UUID> workspaces = new ArrayList<>(List.of(f.ws()));
        f.at("2026-11-16T10:00:00Z");
        f.subscriptions.changePlan("pro");
        for (int i = 0; i < 11; i++) {
            TestWorkspace w = f.members.newWorkspace("W" + i);
            f.people.signIn(f.members.newMember(w, Role.OWNER), w);
            f.subscriptions.changePlan("pro");
            workspaces.add(w.id());
        }
        f.at("2026-12-01T00:00:00Z");

        CountDownLatch start = new CountDownLatch(1);
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<CycleClose.Closed>>> runs = new ArrayList<>();
            for (CycleClose closer : List.of(f.newCycleClose(), f.newCycleClose())) {
                runs.add(nodes.submit(() -> {
                    start.await();
                    return closer.closeDue();
                }));
            }
            start.countDown();
            int closed = 0;
            for (Future<List<CycleClose.Closed>> run : runs) {
                closed += run.get(60, TimeUnit.SECONDS).size();
            }
            assertThat(closed).isEqualTo(workspaces.size());
        } finally {
            nodes.shutdownNow();
        }

        assertThat(f.invoices.calls()).hasSize(workspaces.size());
        for (UUID ws : workspaces) {
            assertThat(f.invoices.callsOf(ws)).hasSize(1);
            assertThat(f.ledger.entries(ws, LocalDate.of(2026, 12, 1)))
                    .filteredOn(e -> e.kind() == Ledger.Kind.ALLOWANCE)
                    .hasSize(1);
            assertThat(f.ledger.balance(ws).allowance()).isEqualByComparingTo("100000");
            assertThat(f.ledger.balance(ws)).isEqualTo(f.ledger.derivedBalance(ws));
        }
        assertThat(f.db.dsl().fetchValue("select count(*) from billing_cycle_close"))
                .isEqualTo((long) workspaces.size());
    }
}
