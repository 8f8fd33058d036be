package dev.vlmconsole.keys.verify;

import dev.vlmconsole.keys.KeyRepository;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
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
 * nodes within milliseconds. If that connection breaks, the node stops trusting its caches until
 * it has listened again and reloaded its index.
 */
public final class KeyChangeFeed implements SmartLifecycle {

    static final String CHANNEL = "console_key_changes";
    private static final Logger log = LoggerFactory.getLogger(KeyChangeFeed.class);

    private final DSLContext db;
    private final DataSource dataSource;
    private final KeyRepository keys;
    private final KeyStateCache cache;
    private final TransactionTemplate tx;
    private final boolean postgres;
    private volatile boolean running;
    private Thread listener;

    public KeyChangeFeed(DSLContext db, DataSource dataSource, KeyRepository keys, KeyStateCache cache, TransactionTemplate tx) {
        this.db = db;
        this.dataSource = dataSource;
        this.keys = keys;
        this.cache = cache;
        this.tx = tx;
        this.postgres = db.dialect().family() == SQLDialect.POSTGRES;
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
        listener = Thread.ofPlatform().daemon().name("key-change-feed").start(this::listenLoop);
    }

    private void listenLoop() {
        while (running) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(true);
                s.execute("LISTEN " + CHANNEL);
                // changes made while nobody listened were missed: forget what was read meanwhile
                cache.distrust();
                loadIndex();
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notes = pg.getNotifications(500);
                    if (notes != null) {
                        for (PGNotification n : notes) {
                            apply(n.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                cache.distrust();
                if (running) {
                    log.warn("Key change feed lost its database connection ({}); retrying", e.getMessage());
                    sleep(1000);
                }
            }
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
