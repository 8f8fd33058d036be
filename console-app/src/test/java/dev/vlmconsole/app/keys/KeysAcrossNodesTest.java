package dev.vlmconsole.app.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.app.support.ConsoleNodes;
import dev.vlmconsole.app.support.Postgres;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two console nodes on one real PostgreSQL, as behind a load balancer: a key revoked on one node
 * fails on the other within a second, and the workspace's rate limit holds across both.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeysAcrossNodesTest {

    static final String ADMIN_KEY = TestKeys.admin();
    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;
    static ApiClient a;
    static ApiClient b;

    @BeforeAll
    static void startTwoNodes() {
        String url = Postgres.jdbcUrl(Postgres.newDatabase("two_nodes"));
        nodeA = ConsoleNodes.start(
                url,
                "--CONSOLE_BOOTSTRAP_OWNER_EMAIL=owner@nodes.test",
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
    void a_key_revoked_on_one_node_fails_on_the_other_within_a_second() throws Exception {
        String[] key = a.create(ADMIN_KEY, "{\"name\":\"shared\"}");
        // the workspace's window may be used up by the rate-limit test: RATE_LIMITED is also a key found
        // valid in every other respect (revocation is checked first), and cached on node B
        assertThat(b.code(key[1])).as("node B caches the key as valid").isIn("VALID", "RATE_LIMITED");
        assertThat(a.delete("/api/v1/keys/" + key[0], ADMIN_KEY).status()).isEqualTo(204);
        long revokedAt = System.nanoTime();
        String code = b.code(key[1]);
        while (!code.equals("REVOKED") && System.nanoTime() - revokedAt < 2_000_000_000L) {
            Thread.sleep(10);
            code = b.code(key[1]);
        }
        long millis = (System.nanoTime() - revokedAt) / 1_000_000;
        assertThat(code).isEqualTo("REVOKED");
        assertThat(millis).as("revocation reached node B after %d ms", millis).isLessThan(1000);
    }

    @Test
    void the_bootstrap_admin_key_verifies_on_both_nodes() {
        // RATE_LIMITED once the rate-limit test has used the workspace's window: found, not revoked
        assertThat(a.code(ADMIN_KEY)).isIn("VALID", "RATE_LIMITED");
        assertThat(b.code(ADMIN_KEY)).isIn("VALID", "RATE_LIMITED");
    }

    @Test
    void a_key_created_on_one_node_verifies_on_the_other_at_once() {
        String[] key = a.create(ADMIN_KEY, "{\"name\":\"fresh\"}");
        assertThat(b.code(key[1])).isIn("VALID", "RATE_LIMITED");
    }

    /**
     * First, so that the workspace's window is untouched: pay-as-you-go allows 10 verifications a minute,
     * and calls alternating between the nodes get exactly 10 {@code VALID}, then only {@code RATE_LIMITED}
     * (below 64 a minute each node leases one token at a time from the shared bucket, DD004).
     */
    @Test
    @Order(1)
    void the_rate_limit_holds_across_nodes() {
        String[] key = a.create(ADMIN_KEY, "{\"name\":\"busy\"}");
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            codes.add((i % 2 == 0 ? a : b).code(key[1]));
        }
        assertThat(codes.subList(0, 10)).as("%s", codes).containsOnly("VALID");
        assertThat(codes.subList(10, 30)).as("%s", codes).containsOnly("RATE_LIMITED");
    }
}
