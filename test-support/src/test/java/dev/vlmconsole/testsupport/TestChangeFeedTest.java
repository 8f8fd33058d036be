package dev.vlmconsole.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.services.ChangeFeed;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The test feed keeps the console feed's promises: after commit, never on rollback, signals on cuts. */
class TestChangeFeedTest {

    private final TestChangeFeed feed = new TestChangeFeed();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final ChangeFeed.Listener listener = new ChangeFeed.Listener() {
        @Override
        public void changed(String payload) {
            seen.add(payload);
        }

        @Override
        public void interrupted(Instant lastConfirmed) {
            seen.add("interrupted");
        }

        @Override
        public void resumed() {
            seen.add("resumed");
        }
    };

    @Test
    void a_change_arrives_after_its_transaction_commits_and_never_after_a_rollback() {
        ModuleDatabase db = ModuleDatabase.h2();
        feed.subscribe("probe.things", listener);
        db.tx().executeWithoutResult(s -> {
            feed.publish("probe.things", "a");
            feed.publish("probe.things", "a");
            assertThat(seen).containsExactly("resumed");
        });
        db.tx().executeWithoutResult(s -> {
            feed.publish("probe.things", "b");
            s.setRollbackOnly();
        });
        feed.publish("probe.things", "c");
        feed.publish("probe.other", "d");

        assertThat(seen).containsExactly("resumed", "a", "c");
        assertThat(feed.published())
                .extracting(TestChangeFeed.Published::payload)
                .containsExactly("a", "a", "b", "c", "d");
    }

    @Test
    void a_cut_feed_tells_its_subscribers_and_loses_what_is_published_meanwhile() {
        feed.subscribe("probe.things", listener);
        feed.interrupt();
        feed.publish("probe.things", "lost");
        assertThat(feed.isLive()).isFalse();
        feed.resume();
        feed.publish("probe.things", "kept");

        assertThat(seen).containsExactly("resumed", "interrupted", "resumed", "kept");
    }
}
