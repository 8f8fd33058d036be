package dev.vlmconsole.app.keys;

import static dev.vlmconsole.billing.db.Tables.BILLING_ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.app.support.ConsoleNodes;
import dev.vlmconsole.app.support.Postgres;
import dev.vlmconsole.billing.ledger.Ledger;
import dev.vlmconsole.billing.plans.Caps;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two console nodes on one real PostgreSQL with the billing module: a hard spending limit reached on
 * node A makes {@code POST /api/v1/keys/verify} answer {@code INSUFFICIENT_CREDITS} on node B within a
 * second, and lifting it lets node B's calls through again as quickly (the billing change feed, DD022).
 */
class CapsAcrossNodesTest {

    static final String ADMIN_KEY = TestKeys.admin();
    static final Set<String> LET_THROUGH = Set.of("VALID", "RATE_LIMITED");
    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;
    static ApiClient a;
    static ApiClient b;

    @BeforeAll
    static void startTwoNodes() {
        String url = Postgres.jdbcUrl(Postgres.newDatabase("caps_nodes"));
        nodeA = ConsoleNodes.start(
                url,
                "--CONSOLE_BOOTSTRAP_OWNER_EMAIL=owner@caps.test",
                "--CONSOLE_BOOTSTRAP_OWNER_PASSWORD=owner-password-long",
                "--CONSOLE_BOOTSTRAP_ADMIN_KEY=" + ADMIN_KEY);
        nodeB = ConsoleNodes.start(url);
        a = new ApiClient(ConsoleNodes.port(nodeA));
        b = new ApiClient(ConsoleNodes.port(nodeB));
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
    void a_hard_cap_reached_on_node_a_answers_insufficient_credits_on_node_b_within_a_second() throws Exception {
        String[] key = a.create(ADMIN_KEY, "{\"name\":\"capped\"}");
        ApiClient.Answer first = b.verify(key[1]);
        assertThat(first.text("code"))
                .as("node B has the workspace cached with credits")
                .isIn(LET_THROUGH);
        UUID workspaceId = UUID.fromString(first.text("workspaceId"));

        // on node A: the workspace's credits are used up and a hard limit of 0 is set (nothing beyond
        // its credits), in one transaction that ends with the caps' recomputation, as every change does
        inTransactionOnA(() -> {
            Ledger ledger = nodeA.getBean(Ledger.class);
            BigDecimal available = ledger.balance(workspaceId).available();
            if (available.signum() > 0) {
                ledger.debit(workspaceId, available, "caps-across-nodes", "test: use every credit", "test");
            }
            setLimit(workspaceId, BigDecimal.ZERO, true);
            nodeA.getBean(Caps.class).afterChange(workspaceId, List.of());
        });
        long capped = System.nanoTime();
        assertThat(codeOnBWithin(key[1], "INSUFFICIENT_CREDITS", capped)).isEqualTo("INSUFFICIENT_CREDITS");
        long millis = (System.nanoTime() - capped) / 1_000_000;
        assertThat(millis).as("the cap reached node B after %d ms", millis).isLessThan(1000);
        assertThat(a.code(key[1])).isEqualTo("INSUFFICIENT_CREDITS");

        inTransactionOnA(() -> {
            setLimit(workspaceId, null, false);
            nodeA.getBean(Caps.class).afterChange(workspaceId, List.of());
        });
        long lifted = System.nanoTime();
        String code = codeOnBWithin(key[1], null, lifted);
        millis = (System.nanoTime() - lifted) / 1_000_000;
        assertThat(code).isIn(LET_THROUGH);
        assertThat(millis)
                .as("lifting the cap reached node B after %d ms", millis)
                .isLessThan(1000);
    }

    /** Verifies on node B until it answers {@code wanted} (or, for null, lets the call through), for 2 s at most. */
    private static String codeOnBWithin(String key, String wanted, long since) throws InterruptedException {
        String code = b.code(key);
        while (!(wanted == null ? LET_THROUGH.contains(code) : code.equals(wanted))
                && System.nanoTime() - since < 2_000_000_000L) {
            Thread.sleep(10);
            code = b.code(key);
        }
        return code;
    }

    private static void inTransactionOnA(Runnable work) {
        nodeA.getBean(TransactionTemplate.class).executeWithoutResult(s -> work.run());
    }

    /** What the Billing page's limit form stores. */
    private static void setLimit(UUID workspaceId, BigDecimal amount, boolean hard) {
        nodeA.getBean(DSLContext.class)
                .update(BILLING_ACCOUNT)
                .set(BILLING_ACCOUNT.SPEND_LIMIT, amount)
                .set(BILLING_ACCOUNT.LIMIT_HARD, hard)
                .where(BILLING_ACCOUNT.WORKSPACE_ID.eq(workspaceId))
                .execute();
    }
}
