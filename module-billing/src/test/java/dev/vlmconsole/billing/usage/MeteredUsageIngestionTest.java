package dev.vlmconsole.billing.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.billing.usage.UsageIngestion.Event;
import dev.vlmconsole.billing.usage.UsageIngestion.Result;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code console.billing.usage.events} counts what ingestion answered, by outcome (DD032). */
class MeteredUsageIngestionTest {

    /** Records each id once, as the real ingestion does; an event without credits is refused. */
    final Set<String> stored = new HashSet<>();

    final UsageIngestion once = events -> {
        if (events.stream().anyMatch(e -> e.credits() == null)) {
            throw InvalidInputException.of("events[0].credits", "Send the credits.");
        }
        int accepted = 0;
        for (Event e : events) {
            if (stored.add(e.id())) {
                accepted++;
            }
        }
        return new Result(accepted, events.size() - accepted);
    };

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final MeteredUsageIngestion ingestion = new MeteredUsageIngestion(once);

    private double events(String outcome) {
        return registry.get("console.billing.usage.events")
                .tag("outcome", outcome)
                .functionCounter()
                .count();
    }

    private static Event event(String id, BigDecimal credits) {
        return new Event(id, UUID.randomUUID(), credits, Instant.parse("2026-06-01T12:00:00Z"));
    }

    @Test
    void accepted_duplicate_and_refused_events_are_counted_from_zero() {
        ingestion.bindTo(registry);
        assertThat(events("accepted")).isZero();
        assertThat(events("duplicate")).isZero();
        assertThat(events("refused")).isZero();

        Result first = ingestion.ingest(List.of(event("a", BigDecimal.ONE), event("b", BigDecimal.TEN)));
        Result replay = ingestion.ingest(List.of(event("b", BigDecimal.TEN), event("c", BigDecimal.ONE)));
        assertThatThrownBy(() -> ingestion.ingest(List.of(event("d", BigDecimal.ONE), event("e", null))))
                .isInstanceOf(InvalidInputException.class);

        assertThat(first).isEqualTo(new Result(2, 0));
        assertThat(replay).isEqualTo(new Result(1, 1));
        assertThat(events("accepted")).isEqualTo(3);
        assertThat(events("duplicate")).isEqualTo(1);
        assertThat(events("refused")).isEqualTo(2);
        assertThat(ingestion.accepted()).isEqualTo(3);
    }
}
