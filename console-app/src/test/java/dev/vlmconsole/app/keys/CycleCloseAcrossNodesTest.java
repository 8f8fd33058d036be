package dev.vlmconsole.app.keys;

import static dev.vlmconsole.billing.db.Tables.BILLING_ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.app.support.ConsoleNodes;
import dev.vlmconsole.app.support.Postgres;
import dev.vlmconsole.billing.cycles.CycleClose;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The monthly cycle close with two whole console nodes on one PostgreSQL: a Pro workspace three cycles
 * behind is closed by both nodes at once (each node's {@link CycleClose}, as their scheduled jobs would
 * when the ShedLock row is free), and each cycle is billed once: one close row, one invoice and one
 * allowance per cycle, however the two nodes interleave.
 */
class CycleCloseAcrossNodesTest {

    static final String ADMIN_KEY = TestKeys.admin();
    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;
    static ApiClient a;

    @BeforeAll
    static void startTwoNodes() {
        String url = Postgres.jdbcUrl(Postgres.newDatabase("close_nodes"));
        nodeA = ConsoleNodes.start(
                url,
                "--CONSOLE_BOOTSTRAP_OWNER_EMAIL=owner@close.test",
                "--CONSOLE_BOOTSTRAP_OWNER_PASSWORD=owner-password-long",
                "--CONSOLE_BOOTSTRAP_ADMIN_KEY=" + ADMIN_KEY);
        nodeB = ConsoleNodes.start(url);
        a = new ApiClient(ConsoleNodes.port(nodeA));
    }

    @AfterAll
    static void stopNodes() {
        if (nodeB != null) {
            nodeB.close();
        }
        if (nodeA != null) {
            nodeA.close();
        }
    }

    @Test
    void two_nodes_closing_at_once_bill_each_cycle_once() throws Exception {
        UUID ws = UUID.fromString(a.get("/api/v1/me", ADMIN_KEY).text("workspaceId"));
        LocalDate thisMonth = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1);
        LocalDate first = thisMonth.minusMonths(3);
        DSLContext db = nodeA.getBean(DSLContext.class);
        // on Pro throughout, three cycles behind (a console that was down for months)
        db.update(BILLING_ACCOUNT)
                .set(BILLING_ACCOUNT.PLAN_ID, "pro")
                .set(BILLING_ACCOUNT.CYCLE_START, first)
                .set(BILLING_ACCOUNT.CYCLE_END, first.plusMonths(1))
                .where(BILLING_ACCOUNT.WORKSPACE_ID.eq(ws))
                .execute();

        CountDownLatch start = new CountDownLatch(1);
        ExecutorService closers = Executors.newFixedThreadPool(2);
        int closed = 0;
        try {
            List<Future<List<CycleClose.Closed>>> runs = new ArrayList<>();
            for (ConfigurableApplicationContext node : List.of(nodeA, nodeB)) {
                CycleClose close = node.getBean(CycleClose.class);
                runs.add(closers.submit(() -> {
                    start.await();
                    return close.closeDue();
                }));
            }
            start.countDown();
            for (Future<List<CycleClose.Closed>> run : runs) {
                closed += run.get(120, TimeUnit.SECONDS).size();
            }
        } finally {
            closers.shutdownNow();
        }

        // the nodes' own scheduled job may have closed some first: the rows say what happened
        List<String> closes = db.fetch(
                        "select cycle_start, count(*) from billing_cycle_close where workspace_id = ?"
                                + " group by cycle_start order by cycle_start",
                        ws)
                .map(r -> r.get(0, LocalDate.class) + " x" + r.get(1, Integer.class));
        assertThat(closes)
                .as("close rows per cycle")
                .containsExactly(first + " x1", first.plusMonths(1) + " x1", first.plusMonths(2) + " x1");
        assertThat(closed).as("cycles closed by the two calls").isBetween(0, 3);
        assertThat(count(db, "select count(*) from billing_invoice where workspace_id = ? and kind = 'CYCLE'", ws))
                .as("cycle invoices")
                .isEqualTo(3);
        assertThat(count(
                        db,
                        "select count(distinct reference) from billing_invoice where workspace_id = ? and kind = 'CYCLE'",
                        ws))
                .isEqualTo(3);
        assertThat(count(
                        db,
                        "select count(*) from billing_ledger_entry where workspace_id = ? and kind = 'ALLOWANCE'",
                        ws))
                .as("one allowance per new cycle")
                .isEqualTo(3);
        assertThat(db.select(BILLING_ACCOUNT.CYCLE_START)
                        .from(BILLING_ACCOUNT)
                        .where(BILLING_ACCOUNT.WORKSPACE_ID.eq(ws))
                        .fetchOne(BILLING_ACCOUNT.CYCLE_START))
                .isEqualTo(thisMonth);
    }

    private static long count(DSLContext db, String sql, UUID ws) {
        return ((Number) db.fetchValue(sql, ws)).longValue();
    }
}
