package dev.vlmconsole.app.feed;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change feed of nodes sharing a PostgreSQL database. A change is sent with {@code pg_notify}
 * inside the publisher's transaction (PostgreSQL delivers it at commit, and drops it on rollback) on
 * one channel for every topic, as {@code <node> <topic> <payload>}; every node {@code LISTEN}s on a
 * dedicated connection and hands each notification from another node to its subscribers (its own
 * changes it delivers after commit in the process, so each reaches it once).
 *
 * <p>A connection can die without a reset (NAT or load-balancer idle time-out, a partition), which
 * looks like "no changes" for ever. So the listener makes a round trip every heartbeat and gives up
 * on the connection when an answer takes longer than the heartbeat: a dead link is noticed within two
 * heartbeats. Then subscribers are told the feed is interrupted, and the listener reconnects at once,
 * then every second. Once it listens again it asks the pool to replace its connections (they may have
 * died the same way) and tells subscribers the feed resumed, so that they drop what they cached. See
 * DD008 and, for the bounds measured with the keys module, DD003.
 */
public final class PostgresChangeFeed extends ConsoleChangeFeed {

    /** The one channel every topic travels on. */
    static final String CHANNEL = "console_changes";

    private static final Logger log = LoggerFactory.getLogger(PostgresChangeFeed.class);
    private static final long RECONNECT_MILLIS = 1000;

    private final DSLContext db;
    private final DataSource listenConnections;
    private final Runnable poolSuspect;
    private final long heartbeatMillis;
    /** Names this node in its notifications, so that it can skip its own. */
    private final String node =
            HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(4);

    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private volatile boolean running;
    private Thread listener;

    /**
     * @param db                the console's database, taking part in Spring transactions (publishing runs on it)
     * @param listenConnections where the listener gets its connection (best a fresh one, not the pool's)
     * @param poolSuspect       run after the listener reconnected: the pool's connections may be dead too
     * @param heartbeat         how often the listener makes a round trip, and how long it waits for one
     */
    public PostgresChangeFeed(DSLContext db, DataSource listenConnections, Runnable poolSuspect, Duration heartbeat) {
        this.db = db;
        this.listenConnections = listenConnections;
        this.poolSuspect = poolSuspect;
        this.heartbeatMillis = heartbeat.toMillis();
    }

    @Override
    protected void send(Change change) {
        db.execute(
                "select pg_notify({0}, {1})",
                DSL.inline(CHANNEL), DSL.val(node + " " + change.topic() + " " + change.payload()));
    }

    /** How often the listener has listened again after losing its connection. */
    public long reconnects() {
        return reconnects.get();
    }

    /** How many changes from other nodes this node has received. */
    public long received() {
        return received.get();
    }

    @Override
    public void start() {
        running = true;
        listener = Thread.ofPlatform().daemon().name("change-feed").start(this::listenLoop);
    }

    private void listenLoop() {
        boolean reconnecting = false;
        boolean failing = false;
        long listeningSince = 0;
        while (running) {
            try (Connection c = listenConnections.getConnection();
                    Statement s = c.createStatement()) {
                c.setAutoCommit(true);
                c.setNetworkTimeout(Runnable::run, (int) heartbeatMillis);
                s.execute("LISTEN " + CHANNEL);
                if (reconnecting) {
                    poolSuspect.run(); // before subscribers reload what they cache through the pool
                    reconnects.incrementAndGet();
                    log.info("Change feed listens again; subscribers drop what they cached");
                }
                // changes made while nobody listened were missed: subscribers forget what they read meanwhile
                resumed();
                reconnecting = true;
                failing = false;
                listeningSince = System.currentTimeMillis();
                listen(c, s);
            } catch (SQLException | RuntimeException e) {
                interrupted();
                if (running) {
                    if (!failing) {
                        log.warn("Change feed lost its database connection ({}); retrying", e.getMessage());
                    }
                    // the first retry at once (a reset connection usually reconnects), then every second
                    if (failing || System.currentTimeMillis() - listeningSince < RECONNECT_MILLIS) {
                        sleep(RECONNECT_MILLIS);
                    }
                    failing = true;
                }
            }
        }
    }

    /** Delivers notifications and makes a round trip every heartbeat until the connection fails. */
    private void listen(Connection c, Statement s) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long nextBeat = System.currentTimeMillis() + heartbeatMillis;
        while (running) {
            PGNotification[] notes = pg.getNotifications((int) Math.max(1, nextBeat - System.currentTimeMillis()));
            if (notes != null) {
                for (PGNotification n : notes) {
                    receive(n.getParameter());
                }
            }
            if (System.currentTimeMillis() >= nextBeat) {
                Instant sent = Instant.now();
                s.execute("select 1"); // times out after a heartbeat on a dead link (network time-out)
                confirmed(sent);
                nextBeat = System.currentTimeMillis() + heartbeatMillis;
            }
        }
    }

    private void receive(String wire) {
        int afterNode = wire.indexOf(' ');
        int afterTopic = afterNode < 0 ? -1 : wire.indexOf(' ', afterNode + 1);
        if (afterTopic < 0) {
            log.warn("Change feed ignored a notification it cannot read on {}", CHANNEL);
            return;
        }
        if (wire.regionMatches(0, node, 0, afterNode) && afterNode == node.length()) {
            return; // this node's own change, delivered after its commit already
        }
        received.incrementAndGet();
        deliver(new Change(wire.substring(afterNode + 1, afterTopic), wire.substring(afterTopic + 1)));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
    }

    /** Starts before the modules' subscribers and the web server, stops after them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 4096;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
