package dev.vlmconsole.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/** A migrated keys schema on in-memory H2 or on an embedded PostgreSQL, for benchmarks. */
final class BenchDatabase implements AutoCloseable {

    final DataSource dataSource;
    final DSLContext db;
    private final EmbeddedPostgres postgres;
    private final HikariDataSource pool;

    BenchDatabase(String kind) throws IOException {
        pool = new HikariDataSource();
        if (kind.equals("postgres")) {
            postgres = EmbeddedPostgres.builder().start();
            pool.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
            pool.setUsername("postgres");
        } else {
            postgres = null;
            pool.setJdbcUrl("jdbc:h2:mem:bench" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
            pool.setUsername("sa");
        }
        pool.setMaximumPoolSize(4);
        dataSource = pool;
        Flyway.configure()
                .dataSource(pool)
                .locations("classpath:db/migration/keys")
                .table("flyway_schema_history_keys")
                .load()
                .migrate();
        db = DSL.using(
                pool,
                kind.equals("postgres") ? SQLDialect.POSTGRES : SQLDialect.H2,
                new Settings().withRenderQuotedNames(RenderQuotedNames.NEVER));
    }

    @Override
    public void close() throws IOException {
        pool.close();
        if (postgres != null) {
            postgres.close();
        }
    }
}
