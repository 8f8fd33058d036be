package dev.vlmconsole.keys.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KeyStateCacheTest {

    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final Ticker ticker = nanos::get;
    final KeyStateCache cache = new KeyStateCache(100, 100, Duration.ofMinutes(10), Duration.ofSeconds(60), ticker);
    final KeyState state =
            new KeyState(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "k", "inference", null, null, null);

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void a_lost_feed_keeps_cached_states_until_the_maximum_staleness() {
        cache.trustIndex(Set.of("h"));
        cache.put("h", state, cache.generation());
        advance(Duration.ofMinutes(5));
        assertThat(cache.state("h")).as("the feed is live: current however old").contains(state);

        long lastRoundTrip = cache.now();
        advance(Duration.ofSeconds(3));
        cache.feedLost(lastRoundTrip);
        assertThat(cache.indexTrusted()).isFalse();
        advance(Duration.ofSeconds(56));
        assertThat(cache.state("h")).as("59 s since the last round trip").contains(state);
        advance(Duration.ofSeconds(2));
        assertThat(cache.state("h")).as("61 s: too stale to serve").isEmpty();
    }

    @Test
    void a_state_read_while_the_feed_is_lost_ages_from_its_read() {
        cache.feedLost(cache.now());
        advance(Duration.ofSeconds(50));
        cache.put("h", state, cache.generation());
        advance(Duration.ofSeconds(30));
        assertThat(cache.state("h")).contains(state);
        advance(Duration.ofSeconds(31));
        assertThat(cache.state("h")).isEmpty();
    }

    @Test
    void when_the_feed_is_back_every_cached_state_is_dropped_and_a_read_in_flight_is_not_cached() {
        cache.put("h", state, cache.generation());
        cache.feedLost(cache.now());
        long readStarted = cache.generation();
        cache.feedRestored();
        assertThat(cache.state("h")).isEmpty();
        cache.put("h", state, readStarted);
        assertThat(cache.state("h")).as("read before the feed came back").isEmpty();
        cache.put("h", state, cache.generation());
        advance(Duration.ofMinutes(5));
        assertThat(cache.state("h")).contains(state);
    }

    @Test
    void hashes_missing_from_the_trusted_index_are_read_at_most_at_the_budgets_rate() {
        cache.trustIndex(Set.of("stored"));
        assertThat(cache.knownAbsent("stored")).isFalse();
        int allowed = 0;
        for (int i = 0; i < 200; i++) {
            if (!cache.knownAbsent("random-" + i)) {
                allowed++;
            }
        }
        assertThat(allowed)
                .as("one second's reads at once")
                .isEqualTo(KeyStateCache.DEFAULT_INDEX_MISS_READS_PER_SECOND);
        advance(Duration.ofMillis(100));
        int later = 0;
        for (int i = 0; i < 200; i++) {
            if (!cache.knownAbsent("later-" + i)) {
                later++;
            }
        }
        assertThat(later).as("a tenth of a second refills a tenth").isEqualTo(5);
        cache.putAbsent("random-0");
        advance(Duration.ofSeconds(5));
        assertThat(cache.knownAbsent("random-0"))
                .as("read and absent: not read again")
                .isTrue();
    }

    @Test
    void a_budget_of_zero_leaves_the_index_alone_to_answer() {
        KeyStateCache strict = new KeyStateCache(100, 100, Duration.ofMinutes(10), Duration.ofSeconds(60), ticker, 0);
        strict.trustIndex(Set.of());
        assertThat(strict.knownAbsent("random")).isTrue();
    }
}
