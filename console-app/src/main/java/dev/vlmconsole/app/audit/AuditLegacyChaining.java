package dev.vlmconsole.app.audit;

import static dev.vlmconsole.app.db.Tables.AUDIT_CHAIN_HEAD;
import static dev.vlmconsole.app.db.Tables.AUDIT_LOG;
import static dev.vlmconsole.app.db.Tables.AUDIT_MAINTENANCE;

import dev.vlmconsole.app.db.tables.records.AuditMaintenanceRecord;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Chains, once per install, the audit entries written before V8 whose chain no append has reached
 * yet (a chain that gets an entry first is chained then: {@link AuditChain#lockHead}). Runs when
 * the console is ready, on one node at a time (the maintenance row is locked for update).
 */
@Component
class AuditLegacyChaining {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLegacyChaining.class);

    private final DSLContext db;
    private final AuditChain chain;
    private final TransactionTemplate tx;
    private final Clock clock;

    AuditLegacyChaining(DSLContext db, AuditChain chain, TransactionTemplate tx, Clock clock) {
        this.db = db;
        this.chain = chain;
        this.tx = tx;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void chainOnce() {
        int chains = tx.execute(s -> {
            AuditMaintenanceRecord state = db.selectFrom(AUDIT_MAINTENANCE)
                    .where(AUDIT_MAINTENANCE.ID.eq(1))
                    .forUpdate()
                    .fetchOne();
            if (state == null || state.getLegacyChainedAt() != null) {
                return 0;
            }
            var unchained = db.selectDistinct(AUDIT_LOG.WORKSPACE_ID)
                    .from(AUDIT_LOG)
                    .where(AUDIT_LOG.ID.le(state.getLegacyUpTo()), AUDIT_LOG.HASH.isNull())
                    .fetch(AUDIT_LOG.WORKSPACE_ID);
            int n = 0;
            for (UUID workspace : unchained) {
                String key = AuditChain.key(workspace);
                if (!db.fetchExists(AUDIT_CHAIN_HEAD, AUDIT_CHAIN_HEAD.CHAIN_KEY.eq(key))) {
                    chain.lockHead(key);
                    n++;
                }
            }
            state.setLegacyChainedAt(OffsetDateTime.now(clock));
            state.store();
            return n;
        });
        if (chains > 0) {
            LOG.info("Audit log: chained the entries written before the hash chain, in {} chains", chains);
        }
    }
}
