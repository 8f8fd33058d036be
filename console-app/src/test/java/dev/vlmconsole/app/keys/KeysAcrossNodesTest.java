package dev.vlmconsole.app.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.app.support.ConsoleNodes;
import dev.vlmconsole.app.support.Postgres;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two console nodes on one real PostgreSQL, as behind a load balancer: a key revoked on one node
 * fails on the other within a second, and the workspace's rate limit holds across both.
 */
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
        assertThat(b.code(key[1])).as("node B caches the key as valid").isEqualTo("VALID");
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
        assertThat(a.verify(ADMIN_KEY).body()).contains("\"VALID\"");
        assertThat(b.verify(ADMIN_KEY).body()).contains("\"VALID\"");
    }

    @Test
    void a_key_created_on_one_node_verifies_on_the_other_at_once() {
        String[] key = a.create(ADMIN_KEY, "{\"name\":\"fresh\"}");
        assertThat(b.code(key[1])).isIn("VALID", "RATE_LIMITED");
    }

    @Test
    void the_rate_limit_holds_across_nodes() {
        String[] key = a.create(ADMIN_KEY, "{\"name\":\"busy\"}");
        // the workspace may already have used part of its window in other tests: count what is left
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            codes.add((i % 2 == 0 ? a : b).code(key[1]));
        }
        long valid = codes.stream().filter("VALID"::equals).count();
        assertThat(valid).isLessThanOrEqualTo(10);
        assertThat(codes).contains("RATE_LIMITED");
        assertThat(codes.subList(codes.indexOf("RATE_LIMITED"), codes.size())).containsOnly("RATE_LIMITED");
    }
}
