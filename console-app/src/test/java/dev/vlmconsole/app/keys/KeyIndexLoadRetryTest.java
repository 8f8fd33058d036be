package dev.vlmconsole.app.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.app.feed.PostgresChangeFeed;
import dev.vlmconsole.app.support.Postgres;
import dev.vlmconsole.keys.KeyRepository;
import dev.vlmconsole.keys.verify.KeyChangeFeed;
import dev.vlmconsole.keys.verify.KeyStateCache;
import dev.vlmconsole.keys.verify.KeyStoreHealth;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On PostgreSQL a failed load of the key index is retried with back-off while the change feed stays
 * live, instead of leaving the index distrusted (one query per unknown key) until the feed is
 * interrupted and resumes.
 */
class KeyIndexLoadRetryTest {

    @Test
    void a_failed_index_load_is_retried_until_it_succeeds() throws Exception {
        DataSource database = Postgres.dataSource(Postgres.newDatabase("index_retry"));
        PostgresChangeFeed changes = new PostgresChangeFeed(
                DSL.using(database, SQLDialect.POSTGRES), database, () -> {}, Duration.ofSeconds(2));
        KeyStateCache cache = new KeyStateCache(100, 100, Duration.ofMinutes(10));
        KeyChangeFeed feed = new KeyChangeFeed(
                changes,
                new KeyRepository(DSL.using(database, SQLDialect.POSTGRES)),
                cache,
                new TransactionTemplate(new DataSourceTransactionManager(database)),
                new KeyStoreHealth(),
                Duration.ofMillis(200));
        changes.start();
        feed.start();
        try {
            long until = System.nanoTime() + 10_000_000_000L;
            while (!changes.isLive() && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertThat(changes.isLive()).as("the feed listens").isTrue();
            Thread.sleep(300); // the first load fails: the table is not there yet
            assertThat(cache.indexTrusted()).isFalse();
            try (Connection c = database.getConnection();
                    Statement s = c.createStatement()) {
                s.execute("create table api_key_secrets (secret_hash varchar(64) primary key)");
                s.execute("insert into api_key_secrets values ('" + "a".repeat(64) + "')");
            }
            while (!cache.indexTrusted() && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertThat(cache.indexTrusted())
                    .as("loaded on a later attempt while the feed stayed live")
                    .isTrue();
            assertThat(changes.reconnects()).as("without the feed reconnecting").isZero();
        } finally {
            feed.stop();
            changes.stop();
        }
    }
}
