package dev.vlmconsole.app.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.services.ChangeFeed;
import dev.vlmconsole.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** The change feed's health: up while caches may be trusted, down past the staleness bound (DD032). */
class ChangeFeedHealthIndicatorTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));

    /** A feed whose state the test sets. */
    final class Feed implements ChangeFeed {
        boolean live = true;
        Instant lastConfirmed = clock.instant();

        @Override
        public void publish(String topic, String payload) {}

        @Override
        public Subscription subscribe(String topic, Listener listener) {
            return () -> {};
        }

        @Override
        public boolean isLive() {
            return live;
        }

        @Override
        public Instant lastConfirmed() {
            return live ? clock.instant() : lastConfirmed;
        }
    }

    final Feed feed = new Feed();
    final ChangeFeedHealthIndicator health = new ChangeFeedHealthIndicator(feed, Duration.ofSeconds(60), clock);

    @Test
    void a_live_feed_is_up_with_no_lag() {
        Health h = health.health();
        assertThat(h.getStatus()).isEqualTo(Status.UP);
        assertThat(h.getDetails()).containsEntry("live", true).containsEntry("lagSeconds", 0.0);
    }

    @Test
    void an_interrupted_feed_is_up_within_the_staleness_bound_and_down_past_it_then_up_when_live_again() {
        feed.live = false;
        feed.lastConfirmed = clock.instant();

        clock.advance(Duration.ofSeconds(60));
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(health.health().getDetails()).containsEntry("live", false).containsEntry("lagSeconds", 60.0);

        clock.advance(Duration.ofMillis(1));
        Health down = health.health();
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails()).containsEntry("lagSeconds", 60.001).containsEntry("maxStalenessSeconds", 60.0);

        feed.live = true;
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }
}
