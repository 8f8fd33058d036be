package dev.vlmconsole.testsupport;

import dev.vlmconsole.api.services.ChangeFeed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The console's change feed as one node sees it, for a module's tests: a change is delivered to the
 * subscribers of its topic after the publishing transaction commits (never on rollback, at once
 * without a transaction), as the console's feed does. Tests can also cut the feed
 * ({@link #interrupt()}) and restore it ({@link #resume()}) to check that a cache distrusts itself,
 * and read what was published ({@link #published()}).
 */
public final class TestChangeFeed implements ChangeFeed {

    /** A change as published. */
    public record Published(String topic, String payload) {}

    private final Map<String, List<Listener>> byTopic = new ConcurrentHashMap<>();
    private final List<Published> published = new CopyOnWriteArrayList<>();
    private volatile boolean live = true;
    private volatile Instant lastConfirmed = Instant.now();

    @Override
    public void publish(String topic, String payload) {
        Published change = new Published(ChangeFeed.checkTopic(topic), ChangeFeed.checkPayload(payload));
        published.add(change);
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            deliver(change);
            return;
        }
        for (TransactionSynchronization s : TransactionSynchronizationManager.getSynchronizations()) {
            if (s instanceof AfterCommit pending && pending.feed == this) {
                pending.changes.add(change);
                return;
            }
        }
        AfterCommit pending = new AfterCommit(this);
        pending.changes.add(change);
        TransactionSynchronizationManager.registerSynchronization(pending);
    }

    @Override
    public Subscription subscribe(String topic, Listener listener) {
        List<Listener> listeners =
                byTopic.computeIfAbsent(ChangeFeed.checkTopic(topic), t -> new CopyOnWriteArrayList<>());
        listeners.add(listener);
        if (live) {
            listener.resumed();
        } else {
            listener.interrupted(lastConfirmed);
        }
        return () -> listeners.remove(listener);
    }

    @Override
    public boolean isLive() {
        return live;
    }

    @Override
    public Instant lastConfirmed() {
        return live ? Instant.now() : lastConfirmed;
    }

    /** Changes may be missed from now on: every subscriber is told, as after a lost connection. */
    public synchronized void interrupt() {
        if (live) {
            lastConfirmed = Instant.now();
            live = false;
            byTopic.values().forEach(list -> list.forEach(l -> l.interrupted(lastConfirmed)));
        }
    }

    /** The feed is live again: every subscriber is told, as after a reconnect. */
    public synchronized void resume() {
        if (!live) {
            live = true;
            byTopic.values().forEach(list -> list.forEach(Listener::resumed));
        }
    }

    /** Every change published so far, committed or not, in publishing order. */
    public List<Published> published() {
        return new ArrayList<>(published);
    }

    private void deliver(Published change) {
        if (!live) {
            return;
        }
        for (Listener listener : byTopic.getOrDefault(change.topic(), List.of())) {
            listener.changed(change.payload());
        }
    }

    private static final class AfterCommit implements TransactionSynchronization {
        final TestChangeFeed feed;
        final Set<Published> changes = new LinkedHashSet<>();

        AfterCommit(TestChangeFeed feed) {
            this.feed = feed;
        }

        @Override
        public void afterCommit() {
            changes.forEach(feed::deliver);
        }
    }
}
