package dev.vlmconsole.app.audit;

import static dev.vlmconsole.app.db.Tables.AUDIT_LOG;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.app.db.tables.records.AuditLogRecord;
import dev.vlmconsole.app.modules.CoreModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The append-only audit log: entries are inserted and read, never updated or deleted (there is
 * no code path that does either). Reading and exporting need {@link CoreModule#AUDIT_READ} and
 * only ever see the current workspace.
 *
 * <p>Each entry stores its target's type and id (matched by {@link #historyOf(AuditTarget, int)} and
 * the type filter) and its label in {@code target}; entries without a target have neither (DD009).
 */
@Service
public class AuditLogService implements AuditLog {

    private static final int MAX = 2000;
    /** Entries the CSV export reads per query. */
    static final int EXPORT_PAGE = 500;

    private final DSLContext db;
    private final ConsoleContext context;
    private final Clock clock;

    AuditLogService(DSLContext db, ConsoleContext context, Clock clock) {
        this.db = db;
        this.context = context;
        this.clock = clock;
    }

    /** One entry as shown and exported. */
    public record Entry(
            long id,
            OffsetDateTime occurredAt,
            String actor,
            String action,
            AuditTarget target,
            String details,
            String sourceAddress) {}

    /**
     * What to show; blank fields match everything.
     *
     * @param actor  part of the actor's name or email
     * @param action part of the action, such as {@code keys.}
     * @param from   first day (UTC), inclusive
     * @param to     last day (UTC), inclusive
     * @param targetType the target's {@link AuditTarget#type() type}, exactly
     */
    public record Filter(String actor, String action, LocalDate from, LocalDate to, String targetType) {
        public static final Filter ALL = new Filter(null, null, null, null, null);

        /** Any target type. */
        public Filter(String actor, String action, LocalDate from, LocalDate to) {
            this(actor, action, from, to, null);
        }
    }

    @Override
    @Transactional(propagation = Propagation.REQUIRED)
    public void record(String action, AuditTarget target, String details) {
        Actor actor = context.actor();
        UUID workspaceId = context.workspace().map(w -> w.id()).orElse(null);
        record(new AuditEntry(
                workspaceId,
                actor,
                action,
                target,
                details,
                context.sourceAddress().orElse("")));
    }

    @Override
    @Transactional(propagation = Propagation.REQUIRED)
    public void record(AuditEntry e) {
        Actor a = e.actor();
        String actorName = a.email().isBlank() ? a.displayName() : a.displayName() + " <" + a.email() + ">";
        AuditTarget target = e.subject();
        db.insertInto(AUDIT_LOG)
                .set(AUDIT_LOG.WORKSPACE_ID, e.workspaceId())
                .set(AUDIT_LOG.OCCURRED_AT, OffsetDateTime.now(clock))
                .set(AUDIT_LOG.ACTOR_KIND, a.kind().name())
                .set(AUDIT_LOG.ACTOR_ID, a.id())
                .set(AUDIT_LOG.ACTOR_NAME, cut(actorName, 320))
                .set(AUDIT_LOG.ACTION, cut(e.action(), 100))
                .set(AUDIT_LOG.TARGET, cut(target.label(), 300))
                .set(AUDIT_LOG.TARGET_TYPE, target.isNone() ? null : target.type())
                .set(AUDIT_LOG.TARGET_ID, target.isNone() ? null : target.id())
                .set(AUDIT_LOG.DETAILS, cut(e.details(), 2000))
                .set(AUDIT_LOG.SOURCE_ADDRESS, cut(e.sourceAddress(), 64))
                .execute();
    }

    @Override
    @Transactional(readOnly = true)
    public List<AuditRecord> historyOf(AuditTarget target, int limit) {
        if (target.isNone()) {
            return List.of();
        }
        return db.selectFrom(AUDIT_LOG)
                .where(
                        AUDIT_LOG.WORKSPACE_ID.eq(context.workspaceId()),
                        AUDIT_LOG.TARGET_TYPE.eq(target.type()),
                        AUDIT_LOG.TARGET_ID.eq(target.id()))
                .orderBy(AUDIT_LOG.OCCURRED_AT.desc(), AUDIT_LOG.ID.desc())
                .limit(Math.clamp(limit, 1, MAX))
                .fetch(r -> new AuditRecord(
                        r.getOccurredAt().toInstant(), r.getActorName(), r.getAction(), target(r), r.getDetails()));
    }

    /** The target types of the current workspace's entries, sorted. */
    @Transactional(readOnly = true)
    public List<String> targetTypes() {
        context.require(CoreModule.AUDIT_READ);
        return db.selectDistinct(AUDIT_LOG.TARGET_TYPE)
                .from(AUDIT_LOG)
                .where(AUDIT_LOG.WORKSPACE_ID.eq(context.workspaceId()), AUDIT_LOG.TARGET_TYPE.isNotNull())
                .orderBy(AUDIT_LOG.TARGET_TYPE)
                .fetch(AUDIT_LOG.TARGET_TYPE);
    }

    /** A page of the current workspace's entries, newest first. */
    @Transactional(readOnly = true)
    public List<Entry> find(Filter filter, int offset, int limit) {
        context.require(CoreModule.AUDIT_READ);
        return db.selectFrom(AUDIT_LOG)
                .where(conditions(filter))
                .orderBy(AUDIT_LOG.OCCURRED_AT.desc(), AUDIT_LOG.ID.desc())
                .offset(Math.max(0, offset))
                .limit(Math.clamp(limit, 1, MAX))
                .fetch(AuditLogService::entry);
    }

    /** How many entries match. */
    @Transactional(readOnly = true)
    public int count(Filter filter) {
        context.require(CoreModule.AUDIT_READ);
        return db.fetchCount(AUDIT_LOG, conditions(filter));
    }

    /**
     * Writes every matching entry as CSV (RFC 4180), newest first, as it reads them: each page
     * continues after the last {@code (occurred_at, id)} written, so entries written meanwhile never
     * shift a page (no entry twice, none of those that existed at the start left out), and no
     * transaction or connection is held while the client reads.
     */
    public void exportCsv(Filter filter, Writer out) {
        context.require(CoreModule.AUDIT_READ);
        Condition matching = conditions(filter);
        try {
            // target type and id came with module-api 1.1: last, so that the earlier columns keep their places
            out.write("time,actor,action,target,details,source_address,target_type,target_id\r\n");
            List<Entry> page = db.selectFrom(AUDIT_LOG)
                    .where(matching)
                    .orderBy(AUDIT_LOG.OCCURRED_AT.desc(), AUDIT_LOG.ID.desc())
                    .limit(EXPORT_PAGE)
                    .fetch(AuditLogService::entry);
            while (!page.isEmpty()) {
                for (Entry e : page) {
                    AuditTarget t = e.target();
                    out.write(String.join(
                            ",",
                            csv(e.occurredAt()
                                    .withOffsetSameInstant(ZoneOffset.UTC)
                                    .toString()),
                            csv(e.actor()),
                            csv(e.action()),
                            csv(t.label()),
                            csv(e.details()),
                            csv(e.sourceAddress()),
                            csv(t.isNone() ? "" : t.type()),
                            csv(t.isNone() ? "" : t.id())));
                    out.write("\r\n");
                }
                if (page.size() < EXPORT_PAGE) {
                    break;
                }
                Entry last = page.getLast();
                page = db.selectFrom(AUDIT_LOG)
                        .where(matching)
                        .orderBy(AUDIT_LOG.OCCURRED_AT.desc(), AUDIT_LOG.ID.desc())
                        .seek(last.occurredAt(), last.id())
                        .limit(EXPORT_PAGE)
                        .fetch(AuditLogService::entry);
            }
            out.flush();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static Entry entry(AuditLogRecord r) {
        return new Entry(
                r.getId(),
                r.getOccurredAt(),
                r.getActorName(),
                r.getAction(),
                target(r),
                r.getDetails(),
                r.getSourceAddress());
    }

    /** The stored target; a row without a type (none, or written around the service) reads as its string. */
    private static AuditTarget target(AuditLogRecord r) {
        return r.getTargetType() == null
                ? AuditTarget.fromLegacy(r.getTarget())
                : new AuditTarget(r.getTargetType(), r.getTargetId(), r.getTarget());
    }

    private Condition conditions(Filter f) {
        List<Condition> c = new ArrayList<>();
        c.add(AUDIT_LOG.WORKSPACE_ID.eq(context.workspaceId()));
        if (f.actor() != null && !f.actor().isBlank()) {
            c.add(DSL.lower(AUDIT_LOG.ACTOR_NAME).contains(f.actor().trim().toLowerCase()));
        }
        if (f.action() != null && !f.action().isBlank()) {
            c.add(DSL.lower(AUDIT_LOG.ACTION).contains(f.action().trim().toLowerCase()));
        }
        if (f.targetType() != null && !f.targetType().isBlank()) {
            c.add(AUDIT_LOG.TARGET_TYPE.eq(f.targetType()));
        }
        if (f.from() != null) {
            c.add(AUDIT_LOG.OCCURRED_AT.ge(f.from().atStartOfDay().atOffset(ZoneOffset.UTC)));
        }
        if (f.to() != null) {
            c.add(AUDIT_LOG.OCCURRED_AT.lt(f.to().plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC)));
        }
        return DSL.and(c);
    }

    /** Quotes a CSV field and defuses spreadsheet formulas. */
    static String csv(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
