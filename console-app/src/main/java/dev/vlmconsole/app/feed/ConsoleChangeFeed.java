package dev.vlmconsole.app.feed;

import dev.vlmconsole.api.services.ChangeFeed;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What every change feed of the console does on its own node: checks topics and payloads, delivers a
 * published change to this node's subscribers after the surrounding Spring transaction commits (at
 * once without one, never after a rollback), and tells subscribers when the feed is interrupted and
 * when it resumes, alternately and starting at subscription. Subclasses carry changes to the other
 * nodes ({@link #send}) and report the feed's state ({@link #resumed}, {@link #interrupted}).
 *
 * <p>Why it works this way (one channel, local delivery after commit, at most once per node): DD008,
 * {@code docs/decisions/DD008-change-feed.md}.
 */
public abstract class ConsoleChangeFeed implements ChangeFeed, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConsoleChangeFeed.class);

    /** A change, as published and as delivered. */
    record Change(String topic, String payload) {}

    private final Map<String, List<Registration>> byTopic = new ConcurrentHashMap<>();
    /** Guards the feed's state together with each listener's view of it, so that signals alternate. */
    private final Object signals = new Object();

    private boolean live;
    private volatile boolean liveNow;
    private volatile Instant lastConfirmed = Instant.now();

    /**
     * Carries {@code change} to the other nodes; called in the publisher's transaction (if any), so
     * that a transport that takes part in it delivers on commit only.
     */
    protected abstract void send(Change change);

    @Override
    public final void publish(String topic, String payload) {
        Change change = new Change(ChangeFeed.checkTopic(topic), ChangeFeed.checkPayload(payload));
        send(change);
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
    public final Subscription subscribe(String topic, Listener listener) {
        Registration r = new Registration(ChangeFeed.checkTopic(topic), listener);
        synchronized (signals) {
            byTopic.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(r);
            if (live) {
                r.resumed();
            } else {
                r.interrupted(lastConfirmed);
            }
        }
        return r;
    }

    @Override
    public final boolean isLive() {
        return liveNow;
    }

    @Override
    public Instant lastConfirmed() {
        return lastConfirmed;
    }

    /** Every change up to {@code at} has reached this node (a successful round trip, for example). */
    protected final void confirmed(Instant at) {
        lastConfirmed = at;
    }

    /** Delivers a change to this node's subscribers of its topic. */
    protected final void deliver(Change change) {
        List<Registration> listeners = byTopic.get(change.topic());
        if (listeners != null) {
            for (Registration r : listeners) {
                r.changed(change.payload());
            }
        }
    }

    /** The feed is live from now on; tells every subscriber, unless it was live already. */
    protected final void resumed() {
        synchronized (signals) {
            lastConfirmed = Instant.now();
            if (live) {
                return;
            }
            live = true;
            liveNow = true;
            byTopic.values().forEach(list -> list.forEach(Registration::resumed));
        }
    }

    /** Changes after {@link #lastConfirmed()} may be missed; tells every subscriber, unless it was interrupted already. */
    protected final void interrupted() {
        synchronized (signals) {
            if (!live) {
                return;
            }
            live = false;
            liveNow = false;
            Instant since = lastConfirmed;
            byTopic.values().forEach(list -> list.forEach(r -> r.interrupted(since)));
        }
    }

    /** Delivers the changes a transaction published, once, after it commits. */
    private static final class AfterCommit implements TransactionSynchronization {
        final ConsoleChangeFeed feed;
        /** In publishing order; an identical change published twice is delivered once, as PostgreSQL does. */
        final Set<Change> changes = new LinkedHashSet<>();

        AfterCommit(ConsoleChangeFeed feed) {
            this.feed = feed;
        }

        @Override
        public void afterCommit() {
            changes.forEach(feed::deliver);
        }
    }

    /** One listener on one topic; a failing listener is logged, never allowed to stop the feed. */
    private final class Registration implements Subscription {
        final String topic;
        final Listener listener;
        volatile boolean open = true;

        Registration(String topic, Listener listener) {
            this.topic = topic;
            this.listener = listener;
        }

        void changed(String payload) {
            if (open) {
                call(() -> listener.changed(payload), "a change");
            }
        }

        void resumed() {
            if (open) {
                call(listener::resumed, "that the feed resumed");
            }
        }

        void interrupted(Instant since) {
            if (open) {
                call(() -> listener.interrupted(since), "that the feed was interrupted");
            }
        }

        private void call(Runnable call, String what) {
            try {
                call.run();
            } catch (RuntimeException e) {
                log.warn("A listener of change-feed topic {} failed on {}", topic, what, e);
            }
        }

        @Override
        public void close() {
            open = false;
            List<Registration> list = byTopic.get(topic);
            if (list != null) {
                list.remove(this);
            }
        }
    }
}
