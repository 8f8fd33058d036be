package dev.vlmconsole.billing.caps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.services.Entitlements;
import dev.vlmconsole.billing.plans.Plan;
import dev.vlmconsole.testsupport.ModuleDatabase;
import dev.vlmconsole.testsupport.TestChangeFeed;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The entitlements verification reads: from memory, kept true by the change feed, loaded again when
 * the feed resumes, and never served stale for longer than the keys module serves its cached keys
 * while the feed is interrupted.
 */
class EntitlementCacheTest {

    CapsFixture f;
    UUID ws;

    @BeforeEach
    void setUp() {
        f = new CapsFixture(ModuleDatabase.h2());
        ws = UUID.randomUUID();
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void a_workspace_without_an_account_is_on_pay_as_you_go_with_credits() {
        Entitlements e = f.cache.entitlementsOf(ws, UUID.randomUUID());
        assertThat(e).isEqualTo(new Entitlements("payg", "Pay-as-you-go", 10, Duration.ofMinutes(1), true));
        assertThat(f.cache.isTrusted()).isTrue();
    }

    @Test
    void answers_from_memory_until_the_feed_names_the_workspace() {
        f.account(ws, Plan.PRO);
        assertThat(f.cache.entitlementsOf(ws).planId())
                .as("the account was written without telling anyone")
                .isEqualTo(Plan.PAYG);
        f.feed.publish(EntitlementCache.TOPIC, ws.toString());
        f.cache.awaitIdle(Duration.ofSeconds(5));
        assertThat(f.cache.entitlementsOf(ws).planId()).isEqualTo(Plan.PRO);
        assertThat(f.cache.entitlementsOf(ws).requestsAllowed()).isEqualTo(100);
    }

    @Test
    void a_change_published_in_a_rolled_back_transaction_changes_nothing() {
        f.account(ws, Plan.PAYG);
        f.database.tx().executeWithoutResult(s -> {
            f.plan(ws, Plan.PRO);
            f.feed.publish(EntitlementCache.TOPIC, ws.toString());
            s.setRollbackOnly();
        });
        f.cache.awaitIdle(Duration.ofSeconds(5));
        assertThat(f.cache.entitlementsOf(ws).planId()).isEqualTo(Plan.PAYG);
    }

    @Test
    void a_payload_that_names_no_workspace_is_ignored() {
        f.feed.publish(EntitlementCache.TOPIC, "not-a-uuid");
        f.cache.awaitIdle(Duration.ofSeconds(5));
        assertThat(f.cache.entitlementsOf(ws).hasCredits()).isTrue();
    }

    @Test
    void while_interrupted_cached_entitlements_are_served_for_the_keys_maximum_staleness_then_read_again() {
        f.account(ws, Plan.PAYG);
        f.change(ws, () -> {}); // this node knows the account
        f.feed.interrupt();
        assertThat(f.cache.isTrusted()).isFalse();
        f.change(ws, () -> f.limit(ws, "0", true)); // another node blocks it; this one is not told
        assertThat(f.cache.entitlementsOf(ws).hasCredits())
                .as("within the bound: the cached value")
                .isTrue();
        f.clock.advance(CapsFixture.MAX_STALENESS.plusMinutes(1));
        assertThat(f.cache.entitlementsOf(ws).hasCredits())
                .as("past the bound: read from the database")
                .isFalse();
        UUID unknown = UUID.randomUUID();
        f.account(unknown, Plan.PRO);
        assertThat(f.cache.entitlementsOf(unknown).planId())
                .as("an absence is not trusted past the bound either")
                .isEqualTo(Plan.PRO);
    }

    @Test
    void while_interrupted_a_database_that_does_not_answer_fails_the_call_instead_of_a_stale_answer() {
        f.account(ws, Plan.PAYG);
        f.feed.interrupt();
        f.clock.advance(CapsFixture.MAX_STALENESS.plusSeconds(1));
        f.database.close();
        assertThatThrownBy(() -> f.cache.entitlementsOf(ws)).isInstanceOf(EntitlementsUnavailableException.class);
    }

    @Test
    void on_resuming_everything_is_loaded_again_and_trusted() {
        f.account(ws, Plan.PAYG);
        f.feed.interrupt();
        f.change(ws, () -> {
            f.limit(ws, "0", true);
            f.plan(ws, Plan.PRO);
        });
        f.feed.resume();
        f.cache.awaitIdle(Duration.ofSeconds(5));
        assertThat(f.cache.isTrusted()).isTrue();
        f.clock.advance(Duration.ofHours(1));
        Entitlements e = f.cache.entitlementsOf(ws);
        assertThat(e.planId()).isEqualTo(Plan.PRO);
        assertThat(e.hasCredits()).isFalse();
    }

    @Test
    void a_second_node_learns_a_cap_and_a_key_budget_through_its_own_feed() {
        TestChangeFeed feedB = new TestChangeFeed();
        try (EntitlementCache nodeB = f.newCache(feedB)) {
            nodeB.start();
            // node B hears what node A publishes after A's commit, as PostgreSQL's NOTIFY would carry it
            f.feed.subscribe(EntitlementCache.TOPIC, nodeB::changed);
            UUID key = UUID.randomUUID();
            f.account(ws, Plan.PAYG);
            f.budget(ws, key, "10");
            nodeB.awaitIdle(Duration.ofSeconds(5));
            assertThat(nodeB.entitlementsOf(ws, key).hasCredits()).isTrue();

            f.change(ws, List.of(key), () -> f.used(ws, key, CapsFixture.CYCLE_START, "10"));
            nodeB.awaitIdle(Duration.ofSeconds(5));
            assertThat(nodeB.entitlementsOf(ws, key).hasCredits()).isFalse();
            assertThat(nodeB.entitlementsOf(ws, UUID.randomUUID()).hasCredits()).isTrue();

            f.change(ws, () -> {
                f.limit(ws, "0", true);
                f.balance(ws, "0", "0");
            });
            nodeB.awaitIdle(Duration.ofSeconds(5));
            assertThat(nodeB.entitlementsOf(ws).hasCredits()).isFalse();
        }
    }
}
