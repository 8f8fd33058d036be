package dev.vlmconsole.app.audit;

import static dev.vlmconsole.app.db.Tables.AUDIT_CHAIN_HEAD;
import static dev.vlmconsole.app.db.Tables.AUDIT_LOG;
import static dev.vlmconsole.app.db.Tables.AUDIT_MAINTENANCE;

import dev.vlmconsole.app.db.tables.records.AuditChainHeadRecord;
import dev.vlmconsole.app.db.tables.records.AuditLogRecord;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The hash chains of the audit log (DD026): one per workspace, keyed by its id, and one for the
 * install-wide entries, keyed {@value #INSTALL}. An append locks the chain's head row for update in
 * the caller's transaction, so the entries of one chain are written one after the other and their
 * ids grow in chain order; each entry stores the previous entry's hash and its own, a SHA-256 over a
 * length-prefixed encoding of every column ({@link #hash(AuditLogRecord)}).
 *
 * <p>Entries written before V8 are chained once, when their chain gets its head: by the first
 * append to it or by {@link AuditLegacyChaining} at start, whichever comes first.
 */
@Component
public class AuditChain {

    /** The chain key of install-wide entries (those without a workspace). */
    public static final String INSTALL = "install";
    /** The "previous hash" of a chain's first entry. */
    static final String GENESIS = "0".repeat(64);

    private static final int LEGACY_PAGE = 500;
    private static final int HEAD_ATTEMPTS = 2_000;
    private static final Pattern JUST_EMAIL = Pattern.compile("^[^<>\\s]+@[^<>\\s]+$");

    private final DSLContext db;
    private final AuditPeople people;

    AuditChain(DSLContext db, AuditPeople people) {
        this.db = db;
        this.people = people;
    }

    /** The key of the chain of {@code workspaceId} (null: the install's). */
    public static String key(@Nullable UUID workspaceId) {
        return workspaceId == null ? INSTALL : workspaceId.toString();
    }

    /** The entries of the chain {@code key}. */
    static Condition entriesOf(String key) {
        return key.equals(INSTALL) ? AUDIT_LOG.WORKSPACE_ID.isNull() : AUDIT_LOG.WORKSPACE_ID.eq(UUID.fromString(key));
    }

    /**
     * Appends {@code entry} (every column but id, previous hash and hash set) to its chain, in the
     * caller's transaction: locks the head, inserts, seals the entry with its hash, moves the head.
     *
     * @return the entry's id
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long append(AuditLogRecord entry) {
        String key = key(entry.getWorkspaceId());
        AuditChainHeadRecord head = lockHead(key);
        entry.setPrevHash(head.getLastHash());
        entry.setHash(null);
        long id = db.insertInto(AUDIT_LOG)
                .set(entry)
                .returning(AUDIT_LOG.ID)
                .fetchSingle()
                .getId();
        entry.setId(id);
        String hash = hash(entry);
        seal(id, hash);
        db.update(AUDIT_CHAIN_HEAD)
                .set(AUDIT_CHAIN_HEAD.LAST_ID, id)
                .set(AUDIT_CHAIN_HEAD.LAST_HASH, hash)
                .where(AUDIT_CHAIN_HEAD.CHAIN_KEY.eq(key))
                .execute();
        return id;
    }

    /**
     * The head of chain {@code key}, locked for update; a chain without one gets it here, after its
     * entries written before V8 are chained.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public AuditChainHeadRecord lockHead(String key) {
        AuditChainHeadRecord head = selectHeadForUpdate(key);
        for (int attempt = 0; head == null; attempt++) {
            try {
                // PostgreSQL waits here for another transaction adding the same head, then skips
                db.insertInto(AUDIT_CHAIN_HEAD)
                        .set(AUDIT_CHAIN_HEAD.CHAIN_KEY, key)
                        .set(AUDIT_CHAIN_HEAD.LAST_ID, 0L)
                        .set(AUDIT_CHAIN_HEAD.LAST_HASH, GENESIS)
                        .onConflictDoNothing()
                        .execute();
            } catch (DuplicateKeyException e) {
                // H2 refuses the statement (not the transaction) while another one adds the head
                // uncommitted: wait for that one to commit, then lock the head it added
                if (attempt >= HEAD_ATTEMPTS) {
                    throw e;
                }
                LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
            }
            head = selectHeadForUpdate(key);
        }
        if (head.getLastId() == 0L) {
            chainLegacy(key, head);
        }
        return head;
    }

    private AuditChainHeadRecord selectHeadForUpdate(String key) {
        return db.selectFrom(AUDIT_CHAIN_HEAD)
                .where(AUDIT_CHAIN_HEAD.CHAIN_KEY.eq(key))
                .forUpdate()
                .fetchOne();
    }

    /**
     * Chains the entries of {@code key} written before V8, in id order, once: names and emails become
     * references to {@link AuditPeople} (so that erasure reaches them too), then each entry gets its
     * previous hash and hash. Only rows without a hash and with an id up to the one V8 recorded are
     * touched; a row added later around the service stays unchained, and verification reports it.
     */
    private void chainLegacy(String key, AuditChainHeadRecord head) {
        long upTo = db.select(AUDIT_MAINTENANCE.LEGACY_UP_TO)
                .from(AUDIT_MAINTENANCE)
                .where(AUDIT_MAINTENANCE.ID.eq(1))
                .fetchOptional(AUDIT_MAINTENANCE.LEGACY_UP_TO)
                .orElse(0L);
        long after = 0;
        String prev = head.getLastHash();
        long last = head.getLastId();
        while (true) {
            List<AuditLogRecord> page = db.selectFrom(AUDIT_LOG)
                    .where(entriesOf(key), AUDIT_LOG.ID.gt(after), AUDIT_LOG.ID.le(upTo), AUDIT_LOG.HASH.isNull())
                    .orderBy(AUDIT_LOG.ID)
                    .limit(LEGACY_PAGE)
                    .fetch();
            for (AuditLogRecord r : page) {
                withReferences(r);
                r.setPrevHash(prev);
                prev = hash(r);
                db.update(AUDIT_LOG)
                        .set(AUDIT_LOG.ACTOR_PERSON, r.getActorPerson())
                        .set(AUDIT_LOG.ACTOR_NAME, r.getActorName())
                        .set(AUDIT_LOG.TARGET, r.getTarget())
                        .set(AUDIT_LOG.DETAILS, r.getDetails())
                        .set(AUDIT_LOG.PREV_HASH, r.getPrevHash())
                        .set(AUDIT_LOG.HASH, prev)
                        .where(AUDIT_LOG.ID.eq(r.getId()), AUDIT_LOG.HASH.isNull())
                        .execute();
                last = r.getId();
            }
            if (page.size() < LEGACY_PAGE) {
                break;
            }
            after = page.getLast().getId();
        }
        if (last != head.getLastId()) {
            head.setLastId(last);
            head.setLastHash(prev);
            db.update(AUDIT_CHAIN_HEAD)
                    .set(AUDIT_CHAIN_HEAD.LAST_ID, last)
                    .set(AUDIT_CHAIN_HEAD.LAST_HASH, prev)
                    .where(AUDIT_CHAIN_HEAD.CHAIN_KEY.eq(key))
                    .execute();
        }
    }

    /** A pre-V8 entry's names and emails as references ("Name &lt;email&gt;", a bare email, emails in text). */
    private void withReferences(AuditLogRecord r) {
        String actor = r.getActorName();
        Matcher named = AuditPeople.NAME_AND_EMAIL.matcher(actor);
        if (named.matches()) {
            long person = people.reference(named.group(2), named.group(1));
            r.setActorPerson(person);
            r.setActorName(AuditPeople.nameToken(person));
        } else if (JUST_EMAIL.matcher(actor).matches()) {
            long person = people.reference(actor, "");
            r.setActorPerson(person);
            r.setActorName(AuditPeople.nameToken(person));
        } else {
            r.setActorName(people.tokenize(actor, 320));
        }
        r.setTarget(people.tokenize(r.getTarget(), 300));
        r.setDetails(people.tokenize(r.getDetails(), 2000));
    }

    /** Stores the hash of the entry {@code id}, which has none yet (set once, never changed). */
    private void seal(long id, String hash) {
        db.update(AUDIT_LOG)
                .set(AUDIT_LOG.HASH, hash)
                .where(AUDIT_LOG.ID.eq(id), AUDIT_LOG.HASH.isNull())
                .execute();
    }

    /**
     * SHA-256 (lower-case hex) over every column of the entry but the hash itself, each written as
     * its length in bytes (4 bytes, big-endian; -1 for null) and its UTF-8 bytes, after a version tag.
     * The time counts in microseconds since the epoch (UTC), the precision both databases keep.
     */
    public static String hash(AuditLogRecord r) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
            DataOutputStream out = new DataOutputStream(bytes);
            field(out, "vlm-audit-v1");
            field(out, r.getId() == null ? null : r.getId().toString());
            field(out, r.getWorkspaceId() == null ? null : r.getWorkspaceId().toString());
            field(
                    out,
                    r.getOccurredAt() == null
                            ? null
                            : Long.toString(micros(r.getOccurredAt().toInstant())));
            field(out, r.getActorKind());
            field(out, r.getActorId() == null ? null : r.getActorId().toString());
            field(out, r.getActorPerson() == null ? null : r.getActorPerson().toString());
            field(out, r.getActorName());
            field(
                    out,
                    r.getActorOperator() == null ? null : r.getActorOperator().toString());
            field(out, r.getAction());
            field(out, r.getTarget());
            field(out, r.getTargetType());
            field(out, r.getTargetId());
            field(out, r.getDetails());
            field(out, r.getSourceAddress());
            field(out, r.getPrevHash());
            out.flush();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    private static void field(DataOutputStream out, @Nullable String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }
}
