package dev.vlmconsole.app.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.services.ChangeFeed;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A change-feed listener that writes down what it is told, in order: a payload, "interrupted" or "resumed". */
final class Recorder implements ChangeFeed.Listener {

    final List<String> events = new CopyOnWriteArrayList<>();
    volatile Instant lastConfirmed;

    @Override
    public void changed(String payload) {
        events.add(payload);
    }

    @Override
    public void interrupted(Instant lastConfirmed) {
        this.lastConfirmed = lastConfirmed;
        events.add("interrupted");
    }

    @Override
    public void resumed() {
        events.add("resumed");
    }

    /** The payloads received, without the feed's signals. */
    List<String> changes() {
        return events.stream()
                .filter(e -> !e.equals("interrupted") && !e.equals("resumed"))
                .toList();
    }

    /** Waits up to {@code millis} for the events to satisfy {@code condition}. */
    void await(Predicate<List<String>> condition, long millis) throws InterruptedException {
        long until = System.nanoTime() + millis * 1_000_000;
        while (!condition.test(events) && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(condition.test(events))
                .as("after waiting %d ms: %s", millis, events)
                .isTrue();
    }
}
