package dev.vlmconsole.keys.verify;

import dev.vlmconsole.keys.KeyRepository;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tells every node about key changes. Locally a change applies right after its transaction
 * commits; on PostgreSQL it is also sent with {@code NOTIFY} inside the transaction (delivered at
 * commit) and every node {@code LISTEN}s on a dedicated connection, so a revocation reaches all
 * nodes within milliseconds.
 *
 * <p>A connection can die without a reset (NAT or load-balancer idle time-out, a partition), which
 * looks like "no changes" for ever. So the listener makes a round trip every heartbeat and gives up
 * on the connection when an answer takes longer than the heartbeat: a dead link is noticed within
 * two heartbeats. Then cached states age (served up to the maximum staleness, see
 * {@link KeyStateCache}), the index is distrusted, {@link KeyStoreHealth} is told the database is
 * down, and the listener reconnects every second. Once it listens again it drops every cached
 * state, asks the pool to replace its connections (they may have died the same way), and reloads
 * the index, retrying a failed load with back-off.
 */
public final class KeyChangeFeed implements SmartLifecycle {

    static final String CHANNEL = "console_key_changes";
    private static final Logger log = LoggerFactory.getLogger(KeyChangeFeed.class);
    private static final long RECONNECT_MILLIS = 1000;
    private static final long MAX_INDEX_BACKOFF_MILLIS = 60_000;

    private final DSLContext db;
    private final KeyRepository keys;
    private final KeyStateCache cache;
    private final TransactionTemplate tx;
    private final boolean postgres;
    private final KeyStoreHealth health;
    private final DataSource listenConnections;
    private final Runnable poolSuspect;
    private final long heartbeatMillis;
    private volatile boolean running;
    private Thread listener;
    /** When the listener last knew it had every change ({@link KeyStateCache#now()}). */
    private long lastConfirmed;

    public KeyChangeFeed(DSLContext db, DataSource dataSource, KeyRepository keys, KeyStateCache cache, TransactionTemplate tx) {
        this(db, keys, cache, tx, new KeyStoreHealth(), dataSource, () -> { }, Duration.ofSeconds(2));
    }

    /**
     * @param listenConnections where the listener gets its connection (best a fresh one, not the pool's)
     * @param poolSuspect       run after the listener reconnected: the pool's connections may be dead too
     * @param heartbeat         how often the listener makes a round trip, and how long it waits for one
     */
    public KeyChangeFeed(DSLContext db, KeyRepository keys, KeyStateCache cache, TransactionTemplate tx, KeyStoreHealth health, DataSource listenConnections, Runnable poolSuspect, Duration heartbeat) {
        this.db = db;
        this.keys = keys;
        this.cache = cache;
        this.tx = tx;
        this.postgres = db.dialect().family() == SQLDialect.POSTGRES;
        this.health = health;
        this.listenConnections = listenConnections;
        this.poolSuspect = poolSuspect;
        this.heartbeatMillis = heartbeat.toMillis();
    }

    /** Announces that a key changed; call inside the changing transaction. */
    public void keyChanged(UUID keyId) {
        announce("k:" + keyId, () -> cache.keyChanged(keyId));
    }

    /** Announces a new secret hash; call inside the creating transaction. */
    public void hashAdded(String hash) {
        announce("h:" + hash, () -> cache.hashAdded(hash));
    }

    private void announce(String payload, Runnable local) {
        if (postgres) {
            db.execute("select pg_notify({0}, {1})", org.jooq.impl.DSL.inline(CHANNEL), org.jooq.impl.DSL.val(payload));
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    local.run();
                }
            });
        } else {
            local.run();
        }
    }

    void apply(String payload) {
        if (payload.startsWith("k:")) {
            cache.keyChanged(UUID.fromString(payload.substring(2)));
        } else if (payload.startsWith("h:")) {
            cache.hashAdded(payload.substring(2));
        }
    }

    @Override
    public void start() {
        running = true;
        if (!postgres) {
            loadIndex();
            return;
        }
        cache.feedLost(cache.now()); // nothing is confirmed until the listener runs
        listener = Thread.ofPlatform().daemon().name("key-change-feed").start(this::listenLoop);
    }

    private void listenLoop() {
        lastConfirmed = cache.now();
        boolean reconnecting = false;
        boolean failing = false;
        long listeningSince = 0;
        while (running) {
            try (Connection c = listenConnections.getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(true);
                c.setNetworkTimeout(Runnable::run, (int) heartbeatMillis);
                s.execute("LISTEN " + CHANNEL);
                lastConfirmed = cache.now();
                // changes made while nobody listened were missed: forget what was read meanwhile
                cache.feedRestored();
                if (reconnecting) {
                    poolSuspect.run();
                    log.info("Key change feed listens again; cached key states dropped");
                }
                health.up();
                reconnecting = true;
                failing = false;
                listeningSince = System.currentTimeMillis();
                listen(c, s);
            } catch (SQLException | RuntimeException e) {
                cache.feedLost(lastConfirmed);
                if (running) {
                    health.down(e);
                    if (!failing) {
                        log.warn("Key change feed lost its database connection ({}); retrying", e.getMessage());
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

    /** Applies notifications and makes a round trip every heartbeat until the connection fails. */
    private void listen(Connection c, Statement s) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long indexBackoff = RECONNECT_MILLIS;
        long nextIndexLoad = 0;
        long nextBeat = System.currentTimeMillis() + heartbeatMillis;
        while (running) {
            long now = System.currentTimeMillis();
            if (!cache.indexTrusted() && now >= nextIndexLoad) {
                if (loadIndex(c)) {
                    indexBackoff = RECONNECT_MILLIS;
                } else {
                    nextIndexLoad = now + indexBackoff;
                    indexBackoff = Math.min(indexBackoff * 2, MAX_INDEX_BACKOFF_MILLIS);
                }
            }
            PGNotification[] notes = pg.getNotifications((int) Math.max(1, nextBeat - System.currentTimeMillis()));
            if (notes != null) {
                for (PGNotification n : notes) {
                    apply(n.getParameter());
                }
            }
            if (System.currentTimeMillis() >= nextBeat) {
                long sent = cache.now();
                s.execute("select 1"); // times out after a heartbeat on a dead link (network time-out)
                lastConfirmed = sent;
                health.up();
                nextBeat = System.currentTimeMillis() + heartbeatMillis;
            }
        }
    }

    /** Loads the index over the listen connection, so a pool that is still recovering does not hold it. */
    private boolean loadIndex(Connection c) {
        try {
            Set<String> all = new HashSet<>();
            c.setAutoCommit(false); // lets the driver stream the hashes with a cursor
            try {
                new KeyRepository(DSL.using(c, SQLDialect.POSTGRES)).forEachHash(all::add);
            } finally {
                c.setAutoCommit(true);
            }
            cache.trustIndex(all);
            return true;
        } catch (SQLException | RuntimeException e) {
            log.warn("Could not load the key index ({}); retrying with back-off, verifying against the database meanwhile",
                    e.getMessage());
            return false;
        }
    }

    private void loadIndex() {
        try {
            Set<String> all = new HashSet<>();
            tx.executeWithoutResult(s -> keys.forEachHash(all::add));
            cache.trustIndex(all);
        } catch (RuntimeException e) {
            cache.distrust();
            log.warn("Could not load the key index ({}); verifying against the database", e.getMessage());
        }
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

    /** Starts before the web server, so the index is usually loaded before the first request. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
