package dev.vlmconsole.app.feed;

import dev.vlmconsole.api.services.ChangeFeed;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether this node may still answer from what it cached ({@code changeFeed} in {@code /actuator/health},
 * and in the readiness group): {@code UP} while the change feed is live, and while it has been
 * interrupted for no longer than the maximum staleness (the bound within which caches may serve what they
 * hold, {@code console.keys.max-staleness}, DD003); {@code DOWN} after that, when cached keys and
 * entitlements are no longer served and the node answers {@code 503} for anything it would have to read.
 * A load balancer that follows readiness then sends calls to the other nodes; liveness is unaffected, as
 * the node recovers by itself when its feed listens again. Details (the overall endpoint shows none by
 * default): {@code live}, {@code lagSeconds} (seconds since {@link ChangeFeed#lastConfirmed()}) and
 * {@code maxStalenessSeconds}. See DD032.
 */
public final class ChangeFeedHealthIndicator implements HealthIndicator {

    private final ChangeFeed feed;
    private final Duration maxStaleness;
    private final Clock clock;

    public ChangeFeedHealthIndicator(ChangeFeed feed, Duration maxStaleness, Clock clock) {
        this.feed = feed;
        this.maxStaleness = maxStaleness;
        this.clock = clock;
    }

    @Override
    public Health health() {
        boolean live = feed.isLive();
        Duration lag = lag(feed, clock);
        Health.Builder health = live || lag.compareTo(maxStaleness) <= 0 ? Health.up() : Health.down();
        return health.withDetail("live", live)
                .withDetail("lagSeconds", lag.toMillis() / 1000.0)
                .withDetail("maxStalenessSeconds", maxStaleness.toMillis() / 1000.0)
                .build();
    }

    /** How long ago this node last knew it had every change: about a heartbeat while live (DD008). */
    static Duration lag(ChangeFeed feed, Clock clock) {
        Duration lag = Duration.between(feed.lastConfirmed(), clock.instant());
        return lag.isNegative() ? Duration.ZERO : lag;
    }
}
