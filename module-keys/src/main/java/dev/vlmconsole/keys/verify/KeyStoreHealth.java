package dev.vlmconsole.keys.verify;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node can reach the key store (the database) right now: a small circuit that the hot
 * path consults so that a database outage costs a verification microseconds, not the connection
 * pool's time-out. Opened by the change feed when it loses its connection and by a failed or slow
 * read; closed by the feed's next successful round trip (a confirmation later than the failure) or by a
 * successful read. While it is open, one read at a time may still try the database in the background
 * (a probe).
 */
public final class KeyStoreHealth {

    private static final Logger log = LoggerFactory.getLogger(KeyStoreHealth.class);
    private static final long UP = 0;

    /** {@code System.nanoTime()} when the store was found unreachable, or {@link #UP}. */
    private final AtomicLong downSince = new AtomicLong(UP);

    private final AtomicBoolean probing = new AtomicBoolean();
    /** When the database last answered the change feed; {@code null} where nothing confirms it (H2). */
    private final Supplier<Instant> confirmations;

    private volatile Instant downAt = Instant.MAX;

    /** A circuit closed only by {@link #up()}. */
    public KeyStoreHealth() {
        this(null);
    }

    /**
     * @param confirmations when the database last answered a round trip of the change feed
     *                      ({@code ChangeFeed::lastConfirmed}); an answer after a failure closes the circuit
     */
    public KeyStoreHealth(Supplier<Instant> confirmations) {
        this.confirmations = confirmations;
    }

    public boolean isDown() {
        if (downSince.get() == UP) {
            return false;
        }
        if (confirmations != null && confirmations.get().isAfter(downAt)) {
            up();
            return false;
        }
        return true;
    }

    /** The store failed or did not answer in time. */
    public void down(Throwable cause) {
        long now = System.nanoTime();
        if (downSince.compareAndSet(UP, now == UP ? 1 : now)) {
            downAt = Instant.now();
            log.warn(
                    "Key store unreachable ({}): cached keys keep verifying, others answer 503 until it returns",
                    cause.getMessage());
        }
    }

    /**
     * Whether {@code e} says the database cannot be reached (as opposed to a failed statement): a
     * connection-class SQL state ({@code 08...}), a connection exception, or an I/O error.
     */
    public static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof IOException
                    || (t instanceof SQLException sql
                            && sql.getSQLState() != null
                            && sql.getSQLState().startsWith("08"))) {
                return true;
            }
        }
        return false;
    }

    /** The store answered. */
    public void up() {
        downAt = Instant.MAX;
        if (downSince.getAndSet(UP) != UP) {
            log.info("Key store reachable again");
        }
    }

    /** While the store is down, lets one read at a time try it. A caller that gets {@code true} must call {@link #probeDone()}. */
    boolean tryProbe() {
        return probing.compareAndSet(false, true);
    }

    void probeDone() {
        probing.set(false);
    }
}
