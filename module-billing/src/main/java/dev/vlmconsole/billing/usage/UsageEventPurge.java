package dev.vlmconsole.billing.usage;

import static dev.vlmconsole.billing.db.Tables.BILLING_USAGE_EVENT;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Forgets the ids of usage events received longer ago than {@code console.billing.ingest-retention}
 * (at least 35 days), in chunks of their own transactions. An id is only forgotten once its event is
 * also older than {@link JooqUsageIngestion#MAX_AGE}, so a replay of it could not be accepted anyway: a
 * replay within the window is always recognised. Rollups and ledger entries stay. Harmless when several
 * nodes run it at once.
 */
public class UsageEventPurge {

    private static final Logger log = LoggerFactory.getLogger(UsageEventPurge.class);
    private static final int CHUNK = 10_000;

    private final DSLContext db;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Duration retention;

    public UsageEventPurge(DSLContext db, PlatformTransactionManager transactions, Clock clock, Duration retention) {
        this.db = db;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
        this.retention = retention;
    }

    /** Runs every hour. */
    @Scheduled(fixedDelay = 60, initialDelay = 7, timeUnit = TimeUnit.MINUTES)
    public void scheduled() {
        long purged = purge();
        if (purged > 0) {
            log.info("Forgot {} usage event ids past their retention", purged);
        }
    }

    /** Deletes the expired event ids now; answers how many. */
    public long purge() {
        Instant now = clock.instant();
        var receivedBefore = now.minus(retention).atOffset(ZoneOffset.UTC);
        var occurredBefore = now.minus(JooqUsageIngestion.MAX_AGE).atOffset(ZoneOffset.UTC);
        long total = 0;
        while (true) {
            Integer n = tx.execute(status -> db.deleteFrom(BILLING_USAGE_EVENT)
                    .where(BILLING_USAGE_EVENT.EVENT_ID.in(DSL.select(BILLING_USAGE_EVENT.EVENT_ID)
                            .from(BILLING_USAGE_EVENT)
                            .where(BILLING_USAGE_EVENT.RECEIVED_AT.lt(receivedBefore))
                            .and(BILLING_USAGE_EVENT.OCCURRED_AT.lt(occurredBefore))
                            .limit(CHUNK)))
                    .execute());
            total += n == null ? 0 : n;
            if (n == null || n < CHUNK) {
                return total;
            }
        }
    }
}
