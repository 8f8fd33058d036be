package dev.vlmconsole.app.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.services.ChangeFeed;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The feed of a single node on H2: a change is delivered after its transaction commits, never after
 * a rollback, at once without a transaction; topics and payloads are checked.
 */
class InProcessChangeFeedTest {

    InProcessChangeFeed feed = new InProcessChangeFeed();
    Recorder listener = new Recorder();
    TransactionTemplate tx;

    @BeforeEach
    void transactions() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:change-feed;DB_CLOSE_DELAY=-1");
        tx = new TransactionTemplate(new DataSourceTransactionManager(h2));
        feed.subscribe("test.things", listener);
    }

    @Test
    void a_listener_starts_with_resumed_and_the_feed_is_live() {
        assertThat(listener.events).containsExactly("resumed");
        assertThat(feed.isLive()).isTrue();
    }

    @Test
    void a_change_is_delivered_after_its_transaction_commits() {
        tx.executeWithoutResult(s -> {
            feed.publish("test.things", "1");
            feed.publish("test.things", "2");
            assertThat(listener.changes()).as("not before the commit").isEmpty();
        });
        assertThat(listener.changes()).containsExactly("1", "2");
    }

    @Test
    void a_change_of_a_transaction_that_rolls_back_is_never_delivered() {
        tx.executeWithoutResult(s -> {
            feed.publish("test.things", "lost");
            s.setRollbackOnly();
        });
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
                    feed.publish("test.things", "lost too");
                    throw new IllegalStateException("failed");
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(listener.changes()).isEmpty();
    }

    @Test
    void without_a_transaction_a_change_is_delivered_at_once() {
        feed.publish("test.things", "now");
        assertThat(listener.changes()).containsExactly("now");
    }

    @Test
    void an_identical_change_in_one_transaction_is_delivered_once_as_postgresql_does() {
        tx.executeWithoutResult(s -> {
            feed.publish("test.things", "a");
            feed.publish("test.things", "b");
            feed.publish("test.things", "a");
        });
        assertThat(listener.changes()).containsExactly("a", "b");
    }

    @Test
    void a_change_in_an_inner_new_transaction_is_delivered_when_that_one_commits() {
        TransactionTemplate inner = new TransactionTemplate(tx.getTransactionManager());
        inner.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        tx.executeWithoutResult(s -> {
            feed.publish("test.things", "outer");
            inner.executeWithoutResult(i -> feed.publish("test.things", "inner"));
            assertThat(listener.changes()).containsExactly("inner");
            s.setRollbackOnly();
        });
        assertThat(listener.changes()).containsExactly("inner");
    }

    @Test
    void only_the_topics_subscribers_hear_of_it_and_a_closed_subscription_hears_nothing() {
        Recorder other = new Recorder();
        ChangeFeed.Subscription subscription = feed.subscribe("test.other", other);
        feed.publish("test.things", "x");
        assertThat(other.changes()).isEmpty();
        subscription.close();
        feed.publish("test.other", "y");
        assertThat(other.changes()).isEmpty();
    }

    @Test
    void a_failing_listener_does_not_keep_a_change_from_the_others() {
        feed.subscribe("test.things", payload -> {
            throw new IllegalStateException("a broken listener (expected in this test)");
        });
        Recorder after = new Recorder();
        feed.subscribe("test.things", after);
        feed.publish("test.things", "still delivered");
        assertThat(listener.changes()).containsExactly("still delivered");
        assertThat(after.changes()).containsExactly("still delivered");
    }

    @Test
    void topics_follow_the_naming_rule() {
        for (String good : List.of("keys.changes", "billing.balances", "core.memberships", "my_module.a.b-c")) {
            assertThat(ChangeFeed.checkTopic(good)).isEqualTo(good);
        }
        for (String bad : List.of(
                "",
                "keys",
                "Keys.changes",
                "keys.",
                ".changes",
                "1keys.changes",
                "keys changes",
                "keys.ch anges",
                "keys:changes",
                "a." + "b".repeat(62))) {
            assertThatThrownBy(() -> feed.publish(bad, "x")).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> feed.subscribe(bad, listener))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> feed.publish(null, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_payload_has_at_most_7000_bytes_in_utf8_and_no_nul() {
        feed.publish("test.things", "x".repeat(ChangeFeed.MAX_PAYLOAD_BYTES));
        feed.publish("test.things", "");
        assertThatThrownBy(() -> feed.publish("test.things", "x".repeat(ChangeFeed.MAX_PAYLOAD_BYTES + 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> feed.publish("test.things", "é".repeat(ChangeFeed.MAX_PAYLOAD_BYTES / 2 + 1)))
                .as("counted in bytes, not characters")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> feed.publish("test.things", "a\0b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> feed.publish("test.things", null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(listener.changes()).hasSize(2);
    }
}
