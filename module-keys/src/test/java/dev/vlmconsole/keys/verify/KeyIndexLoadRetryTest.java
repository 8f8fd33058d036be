package dev.vlmconsole.keys.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.keys.KeyRepository;
import dev.vlmconsole.testsupport.TestPostgres;
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
 * On PostgreSQL a failed load of the key index is retried with back-off while the feed keeps
 * listening, instead of leaving the index distrusted (one query per unknown key) until the
 * connection drops.
 */
class KeyIndexLoadRetryTest {

    @Test
    void a_failed_index_load_is_retried_until_it_succeeds() throws Exception {
        DataSource database = TestPostgres.dataSource(TestPostgres.newDatabase("index_retry"));
        KeyStateCache cache = new KeyStateCache(100, 100, Duration.ofMinutes(10));
        KeyChangeFeed feed = new KeyChangeFeed(DSL.using(database, SQLDialect.POSTGRES),
                new KeyRepository(DSL.using(database, SQLDialect.POSTGRES)), cache,
                new TransactionTemplate(new DataSourceTransactionManager(database)), new KeyStoreHealth(), database,
                () -> { }, Duration.ofSeconds(2));
        feed.start();
        try {
            Thread.sleep(300); // the first load fails: the table is not there yet
            assertThat(cache.indexTrusted()).isFalse();
            try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
                s.execute("create table api_key_secrets (secret_hash varchar(64) primary key)");
                s.execute("insert into api_key_secrets values ('" + "a".repeat(64) + "')");
            }
            long until = System.nanoTime() + 10_000_000_000L;
            while (!cache.indexTrusted() && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertThat(cache.indexTrusted()).as("loaded on a later attempt, same connection").isTrue();
        } finally {
            feed.stop();
        }
    }
}
