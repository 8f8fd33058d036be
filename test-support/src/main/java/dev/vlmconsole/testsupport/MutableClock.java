package dev.vlmconsole.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock a test moves by hand; give it to {@link ModuleTestContext.Builder#bean} as the {@link Clock}. */
public final class MutableClock extends Clock {

    private volatile Instant now;

    /** A clock standing at {@code start}. */
    public MutableClock(Instant start) {
        this.now = start;
    }

    /** Moves the clock forward by {@code d}. */
    public void advance(Duration d) {
        now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
