package dev.vlmconsole.app.audit;

import static dev.vlmconsole.app.db.Tables.AUDIT_ANCHOR;
import static dev.vlmconsole.app.db.Tables.AUDIT_CHAIN_HEAD;
import static dev.vlmconsole.app.db.Tables.AUDIT_LOG;

import dev.vlmconsole.app.db.tables.records.AuditAnchorRecord;
import dev.vlmconsole.app.db.tables.records.AuditChainHeadRecord;
import dev.vlmconsole.app.db.tables.records.AuditLogRecord;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Walks one chain from its latest retention anchor (or its start) to its head, page by page, and
 * names the first entry that does not follow: one whose stored hash is not the hash of its columns
 * (changed), whose previous hash is not its predecessor's (an entry before it removed, or it was
 * moved in from another chain), one without a hash (added around the service), or the head's last
 * entry when the walk ends before it (the last entry removed). Reads committed data only, with no
 * transaction held across pages: entries appended meanwhile lie after the head read first.
 */
@Component
public class AuditVerifier {

    /** Entries read per query. */
    static final int PAGE = 1000;

    private final DSLContext db;

    AuditVerifier(DSLContext db) {
        this.db = db;
    }

    /**
     * What a check found.
     *
     * @param intact             whether every entry followed
     * @param checked            how many entries it checked (up to the first that did not follow)
     * @param firstBrokenEntryId the first entry that did not follow, or the removed last entry's id
     * @param summary            the result in plain words
     */
    public record Verification(
            boolean intact, long checked, @Nullable Long firstBrokenEntryId, String summary) {

        static Verification intact(long checked) {
            return new Verification(
                    true,
                    checked,
                    null,
                    "Intact: " + NumberFormat.getIntegerInstance(Locale.US).format(checked)
                            + (checked == 1 ? " entry checked" : " entries checked"));
        }

        static Verification broken(long checked, long entry, String summary) {
            return new Verification(false, checked, entry, summary);
        }
    }

    /** Checks the chain {@code key} ({@link AuditChain#key}). */
    public Verification verify(String key) {
        AuditChainHeadRecord head = db.selectFrom(AUDIT_CHAIN_HEAD)
                .where(AUDIT_CHAIN_HEAD.CHAIN_KEY.eq(key))
                .fetchOne();
        Long unsealed = db.select(AUDIT_LOG.ID)
                .from(AUDIT_LOG)
                .where(AuditChain.entriesOf(key), AUDIT_LOG.HASH.isNull())
                .orderBy(AUDIT_LOG.ID)
                .limit(1)
                .fetchOne(AUDIT_LOG.ID);
        if (head == null) {
            return unsealed == null ? Verification.intact(0) : notChained(0, unsealed);
        }
        AuditAnchorRecord anchor = db.selectFrom(AUDIT_ANCHOR)
                .where(AUDIT_ANCHOR.CHAIN_KEY.eq(key))
                .orderBy(AUDIT_ANCHOR.LAST_ID.desc())
                .limit(1)
                .fetchOne();
        long after = anchor == null ? 0 : anchor.getLastId();
        String prev = anchor == null ? AuditChain.GENESIS : anchor.getLastHash();
        long checked = 0;
        long last = after;
        while (true) {
            List<AuditLogRecord> page = db.selectFrom(AUDIT_LOG)
                    .where(AuditChain.entriesOf(key), AUDIT_LOG.ID.gt(after), AUDIT_LOG.ID.le(head.getLastId()))
                    .orderBy(AUDIT_LOG.ID)
                    .limit(PAGE)
                    .fetch();
            for (AuditLogRecord r : page) {
                if (r.getHash() == null) {
                    return notChained(checked, r.getId());
                }
                if (!prev.equals(r.getPrevHash()) || !AuditChain.hash(r).equals(r.getHash())) {
                    return Verification.broken(
                            checked, r.getId(), "Entry #" + r.getId() + " was changed or an entry before it removed");
                }
                prev = r.getHash();
                last = r.getId();
                checked++;
            }
            if (page.size() < PAGE) {
                break;
            }
            after = page.getLast().getId();
        }
        if (last != head.getLastId() || !prev.equals(head.getLastHash())) {
            return Verification.broken(
                    checked, head.getLastId(), "Entry #" + head.getLastId() + ", the last one, was removed or changed");
        }
        if (unsealed != null) {
            return notChained(checked, unsealed);
        }
        return Verification.intact(checked);
    }

    private static Verification notChained(long checked, long entry) {
        return Verification.broken(
                checked, entry, "Entry #" + entry + " is not part of the chain: it was added around the console");
    }
}
