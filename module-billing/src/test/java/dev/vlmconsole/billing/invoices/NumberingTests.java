package dev.vlmconsole.billing.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.Money;
import dev.vlmconsole.billing.invoices.Invoices.Draft;
import dev.vlmconsole.billing.invoices.Invoices.Kind;
import dev.vlmconsole.billing.ledger.Ledger;
import dev.vlmconsole.testsupport.ModuleDatabase;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The install-wide numbering under concurrency, on a database of its own: 8 threads issue 200 invoices
 * for several workspaces while one issue in the middle rolls back; the numbers are 1 to 200 of the
 * year, each once. Runs on PostgreSQL ({@link NumberingOnPostgresTest}) and H2 ({@link NumberingOnH2Test}).
 */
abstract class NumberingTests {

    static final int THREADS = 8;
    static final int PER_THREAD = 25;

    InvoicesContexts.Billing billing;
    ModuleDatabase database;

    abstract ModuleDatabase database();

    @BeforeEach
    void start() {
        database = database();
        billing = InvoicesContexts.fresh(database);
    }

    @AfterEach
    void stop() {
        billing.spring().close();
        database.close();
    }

    Draft draft(TestWorkspace ws, String reference) {
        Money price = Money.of("12.34", "USD");
        return new Draft(
                ws.id(),
                Kind.TOP_UP,
                LocalDate.of(2026, 11, 10),
                LocalDate.of(2026, 11, 10),
                List.of(InvoiceLines.line("Top-up", BigDecimal.ONE, price)),
                reference);
    }

    @Test
    void concurrent_issues_are_numbered_once_each_without_a_gap_even_around_a_rollback() throws Exception {
        List<TestWorkspace> workspaces = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            TestWorkspace ws = billing.members().newWorkspace();
            billing.members().newMember(ws, Role.OWNER);
            workspaces.add(ws);
            // accounts open before the race: opening one is the ledger's business, numbering is tested here
            billing.bean(Ledger.class).balance(ws.id());
        }
        InvoiceService invoices = billing.bean(InvoiceService.class);
        Set<String> issued = ConcurrentHashMap.newKeySet();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < PER_THREAD; i++) {
                        TestWorkspace ws = workspaces.get((thread + i) % workspaces.size());
                        if (thread == 3 && i == PER_THREAD / 2) {
                            database.tx().executeWithoutResult(tx -> {
                                invoices.issue(draft(ws, "rolled-back:" + UUID.randomUUID()));
                                tx.setRollbackOnly();
                            });
                        }
                        issued.add(invoices.issue(draft(ws, "t" + thread + ":" + i))
                                .number());
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        List<String> stored = billing.bean(InvoiceRepository.class).numbersOf(2026);
        assertThat(issued).hasSize(THREADS * PER_THREAD);
        assertThat(stored).containsExactlyInAnyOrderElementsOf(issued);
        assertThat(stored.stream().map(InvoiceNumbers::sequenceOf))
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, THREADS * PER_THREAD).boxed().toList());
        assertThat(stored.getFirst()).isEqualTo("INV-2026-000001");
        assertThat(stored.getLast()).isEqualTo("INV-2026-000200");
    }

    @Test
    void each_year_of_issue_starts_its_own_sequence() {
        TestWorkspace ws = billing.members().newWorkspace();
        InvoiceService invoices = billing.bean(InvoiceService.class);
        assertThat(invoices.issue(draft(ws, "a")).number()).isEqualTo("INV-2026-000001");
        assertThat(invoices.issue(draft(ws, "b")).number()).isEqualTo("INV-2026-000002");
        billing.clock().advance(Duration.ofDays(60)); // 9 January 2027
        assertThat(invoices.issue(draft(ws, "c")).number()).isEqualTo("INV-2027-000001");
    }
}
