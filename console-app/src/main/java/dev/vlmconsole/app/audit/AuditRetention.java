package dev.vlmconsole.app.audit;

import static dev.vlmconsole.app.db.Tables.AUDIT_ANCHOR;
import static dev.vlmconsole.app.db.Tables.AUDIT_CHAIN_HEAD;
import static dev.vlmconsole.app.db.Tables.AUDIT_LOG;
import static dev.vlmconsole.app.db.Tables.AUDIT_MAINTENANCE;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.app.ConsoleProperties;
import dev.vlmconsole.app.db.tables.records.AuditChainHeadRecord;
import dev.vlmconsole.app.db.tables.records.AuditLogRecord;
import dev.vlmconsole.app.db.tables.records.AuditMaintenanceRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Retention of the audit log ({@code console.audit.retention-days}, DD026), the one path that
 * removes entries: once a day, on one node at a time (the maintenance row is locked for update; on
 * PostgreSQL another node skips it), each chain's leading entries older than the retention are
 * written to a JSON Lines file in the archive folder, the file is forced to disk, then the entries
 * are deleted and an anchor records the last archived entry's id and hash, from which verification
 * continues. The files hold the entries as stored (references, not names: an erasure reaches them
 * too) with their hashes, so they can be checked against the anchor. Each archive is recorded in
 * the install-wide log.
 */
@Component
public class AuditRetention {

    private static final Logger LOG = LoggerFactory.getLogger(AuditRetention.class);
    private static final int PAGE = 1000;
    /** A node skips the daily run when another ran it less than this ago. */
    private static final Duration ONCE_A_DAY = Duration.ofHours(23);

    private final DSLContext db;
    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final ConsoleProperties settings;
    private final Clock clock;
    private final JsonMapper json;

    AuditRetention(
            DSLContext db,
            TransactionTemplate tx,
            AuditLog audit,
            ConsoleProperties settings,
            Clock clock,
            JsonMapper json) {
        this.db = db;
        this.tx = tx;
        this.audit = audit;
        this.settings = settings;
        this.clock = clock;
        this.json = json;
    }

    /** One chain's cut. */
    public record Archived(String chainKey, long lastId, int entries, Path file) {}

    /** Hourly on each node; archives when retention is on and no node did today. */
    @Scheduled(fixedDelay = 60, initialDelay = 5, timeUnit = TimeUnit.MINUTES)
    void daily() {
        if (settings.audit().retentionDays() > 0) {
            List<Archived> done = run(false);
            if (!done.isEmpty()) {
                LOG.info("Audit log retention: archived {} chains", done.size());
            }
        }
    }

    /**
     * Archives and removes the entries older than the retention, unless retention is off, another
     * node holds the run, or ({@code force} false) a run happened less than 23 hours ago.
     *
     * @return what was archived, per chain
     */
    public List<Archived> run(boolean force) {
        int days = settings.audit().retentionDays();
        if (days <= 0) {
            return List.of();
        }
        List<Archived> result = tx.execute(s -> {
            var select = db.selectFrom(AUDIT_MAINTENANCE)
                    .where(AUDIT_MAINTENANCE.ID.eq(1))
                    .forUpdate();
            AuditMaintenanceRecord state = db.dialect().family() == SQLDialect.POSTGRES
                    ? select.skipLocked().fetchOne()
                    : select.fetchOne();
            OffsetDateTime now = OffsetDateTime.now(clock);
            if (state == null
                    || (!force
                            && state.getRetentionRanAt() != null
                            && state.getRetentionRanAt().plus(ONCE_A_DAY).isAfter(now))) {
                return List.<Archived>of();
            }
            OffsetDateTime cutoff = now.minusDays(days);
            List<Archived> archived = new ArrayList<>();
            for (UUID workspace : db.selectDistinct(AUDIT_LOG.WORKSPACE_ID)
                    .from(AUDIT_LOG)
                    .where(AUDIT_LOG.OCCURRED_AT.lt(cutoff))
                    .fetch(AUDIT_LOG.WORKSPACE_ID)) {
                archive(AuditChain.key(workspace), cutoff).ifPresent(archived::add);
            }
            state.setRetentionRanAt(now);
            state.store();
            return archived;
        });
        return result == null ? List.of() : result;
    }

    /** Archives the chain's leading entries older than {@code cutoff}: those before its first newer entry. */
    private Optional<Archived> archive(String key, OffsetDateTime cutoff) {
        AuditChainHeadRecord head = db.selectFrom(AUDIT_CHAIN_HEAD)
                .where(AUDIT_CHAIN_HEAD.CHAIN_KEY.eq(key))
                .fetchOne();
        if (head == null) {
            return Optional.empty(); // not chained yet: nothing to anchor to
        }
        Long firstKept = db.select(AUDIT_LOG.ID)
                .from(AUDIT_LOG)
                .where(AuditChain.entriesOf(key), AUDIT_LOG.OCCURRED_AT.ge(cutoff))
                .orderBy(AUDIT_LOG.ID)
                .limit(1)
                .fetchOne(AUDIT_LOG.ID);
        long upTo = firstKept == null ? head.getLastId() : Math.min(firstKept - 1, head.getLastId());
        long from = db.select(AUDIT_LOG.ID)
                .from(AUDIT_LOG)
                .where(AuditChain.entriesOf(key), AUDIT_LOG.ID.le(upTo))
                .orderBy(AUDIT_LOG.ID)
                .limit(1)
                .fetchOptional(AUDIT_LOG.ID)
                .orElse(-1L);
        if (from < 0) {
            return Optional.empty();
        }
        Path folder = settings.audit().archiveFolder(settings.dataDir());
        Path file = folder.resolve("audit-" + key + "-" + from + "-" + upTo + ".jsonl");
        int entries = 0;
        AuditLogRecord last = null;
        try {
            Files.createDirectories(folder);
            try (FileChannel out = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                long after = 0;
                while (true) {
                    List<AuditLogRecord> page = db.selectFrom(AUDIT_LOG)
                            .where(AuditChain.entriesOf(key), AUDIT_LOG.ID.gt(after), AUDIT_LOG.ID.le(upTo))
                            .orderBy(AUDIT_LOG.ID)
                            .limit(PAGE)
                            .fetch();
                    StringBuilder lines = new StringBuilder();
                    for (AuditLogRecord r : page) {
                        lines.append(json.writeValueAsString(stored(r))).append('\n');
                        last = r;
                        entries++;
                    }
                    ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
                    while (bytes.hasRemaining()) {
                        out.write(bytes);
                    }
                    if (page.size() < PAGE) {
                        break;
                    }
                    after = page.getLast().getId();
                }
                out.force(true); // on disk before a single entry is deleted
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the audit archive " + file, e);
        }
        db.deleteFrom(AUDIT_LOG)
                .where(AuditChain.entriesOf(key), AUDIT_LOG.ID.le(last.getId()))
                .execute();
        db.insertInto(AUDIT_ANCHOR)
                .set(AUDIT_ANCHOR.CHAIN_KEY, key)
                .set(AUDIT_ANCHOR.LAST_ID, last.getId())
                .set(AUDIT_ANCHOR.LAST_HASH, last.getHash() == null ? AuditChain.GENESIS : last.getHash())
                .set(AUDIT_ANCHOR.FILE_NAME, file.getFileName().toString())
                .set(AUDIT_ANCHOR.ENTRIES, entries)
                .set(AUDIT_ANCHOR.ARCHIVED_AT, OffsetDateTime.now(clock))
                .execute();
        audit.record(new AuditEntry(
                null,
                Actor.SYSTEM,
                "core.audit.archived",
                AuditTarget.NONE,
                entries + " entries of "
                        + (key.equals(AuditChain.INSTALL) ? "the install-wide log" : "workspace " + key)
                        + " (#" + from + " to #" + last.getId() + ") archived to " + file.getFileName()
                        + " and removed (retention " + settings.audit().retentionDays() + " days)",
                ""));
        return Optional.of(new Archived(key, last.getId(), entries, file));
    }

    /** Every column as stored, hash included: what verification of the archive needs. */
    private static Map<String, Object> stored(AuditLogRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.getId());
        m.put(
                "workspaceId",
                r.getWorkspaceId() == null ? null : r.getWorkspaceId().toString());
        m.put(
                "occurredAt",
                r.getOccurredAt().withOffsetSameInstant(ZoneOffset.UTC).toString());
        m.put("occurredAtMicros", AuditChain.micros(r.getOccurredAt().toInstant()));
        m.put("actorKind", r.getActorKind());
        m.put("actorId", r.getActorId().toString());
        m.put("actorPerson", r.getActorPerson());
        m.put("actorName", r.getActorName());
        m.put("actorOperator", r.getActorOperator());
        m.put("action", r.getAction());
        m.put("target", r.getTarget());
        m.put("targetType", r.getTargetType());
        m.put("targetId", r.getTargetId());
        m.put("details", r.getDetails());
        m.put("sourceAddress", r.getSourceAddress());
        m.put("prevHash", r.getPrevHash());
        m.put("hash", r.getHash());
        return m;
    }
}
