package dev.vlmconsole.app.account;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * When each signed-in person last made a request ({@code users.last_active_at}, shown on the Team
 * page), coalesced like a key's last use: kept in memory, the latest time per person, and written in
 * one batch every {@value #FLUSH_SECONDS} seconds and at shutdown, so a person is written at most once
 * per interval however many requests they make, and a request never waits for a write. A failed write
 * keeps the times for the next one; a time is never moved back (another node may have written a later
 * one). See DD012.
 */
@Component
public class LastActiveRecorder implements SmartLifecycle {

    /** How often the times are written: "last active" is shown to the minute, so half a minute is plenty. */
    static final long FLUSH_SECONDS = 30;

    private static final Logger log = LoggerFactory.getLogger(LastActiveRecorder.class);

    private final Map<UUID, Instant> pending = new ConcurrentHashMap<>();
    private final UserRepository users;
    private final TransactionTemplate tx;
    private final Clock clock;
    private volatile boolean running;

    LastActiveRecorder(UserRepository users, TransactionTemplate tx, Clock clock) {
        this.users = users;
        this.tx = tx;
        this.clock = clock;
    }

    /** The person made a request now. */
    public void record(UUID userId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant kept = pending.get(userId);
        if (kept == null || kept.isBefore(now)) { // a plain read first: requests in the same second change nothing
            pending.merge(userId, now, LastActiveRecorder::later);
        }
    }

    /** Writes the times recorded since the last flush, in one transaction. */
    @Scheduled(fixedDelay = FLUSH_SECONDS, initialDelay = FLUSH_SECONDS, timeUnit = TimeUnit.SECONDS)
    public void flush() {
        Map<UUID, Instant> batch = new HashMap<>();
        for (UUID id : pending.keySet()) {
            Instant at = pending.remove(id); // a request recorded after this lands in the next batch
            if (at != null) {
                batch.put(id, at);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            tx.executeWithoutResult(s -> users.touchLastActive(batch));
        } catch (RuntimeException e) {
            batch.forEach((id, at) -> pending.merge(id, at, LastActiveRecorder::later));
            log.warn("Could not record when {} people were last active ({}); will retry", batch.size(), e.getMessage());
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    @Override
    public void start() {
        running = true;
    }

    /** Writes what is left, once: a lost "last active" time is replaced by the person's next request. */
    @Override
    public void stop() {
        try {
            flush();
        } finally {
            running = false;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stop after the web server (default phase), so that the last requests are recorded. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
