package dev.vlmconsole.app.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.services.ChangeFeed;
import dev.vlmconsole.app.support.ConsoleTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The console provides a {@link ChangeFeed} that modules inject; on H2 it is in the process, live,
 * reported as a metric, and takes part in the console's own transactions.
 */
class ChangeFeedInTheConsoleTest extends ConsoleTest {

    @Autowired
    ChangeFeed feed;

    @Autowired
    MeterRegistry meters;

    @Test
    void the_console_provides_a_live_feed_that_delivers_after_the_console_transactions_commit() {
        assertThat(feed).isInstanceOf(InProcessChangeFeed.class);
        assertThat(feed.isLive()).isTrue();
        assertThat(meters.get("console.feed.live").gauge().value()).isEqualTo(1.0);
        Recorder listener = new Recorder();
        try (ChangeFeed.Subscription s = feed.subscribe("test.console", listener)) {
            tx.executeWithoutResult(status -> {
                feed.publish("test.console", "committed");
                assertThat(listener.changes()).isEmpty();
            });
            tx.executeWithoutResult(status -> {
                feed.publish("test.console", "rolled back");
                status.setRollbackOnly();
            });
            assertThat(listener.changes()).containsExactly("committed");
        }
    }
}
