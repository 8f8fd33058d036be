package dev.vlmconsole.app.audit;

import static dev.vlmconsole.app.db.Tables.AUDIT_LOG;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.app.audit.AuditPeople.Person;
import dev.vlmconsole.app.audit.AuditVerifier.Verification;
import dev.vlmconsole.app.db.tables.records.AuditLogRecord;
import dev.vlmconsole.app.modules.CoreModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The append-only, hash-chained audit log (DD026): entries are appended to their chain
 * ({@link AuditChain}) and read, never changed; only the retention job ({@link AuditRetention})
 * removes entries, after archiving them. Names and emails are stored as references to
 * {@link AuditPeople} and resolved when read, so erasing a person breaks no chain.
 *
 * <p>Two logs are read here ({@link Scope}): the current workspace's, which needs
 * {@link CoreModule#AUDIT_READ} and only ever sees that workspace, and the install-wide one (entries
 * without a workspace: operators' actions on the install, first run, platform keys), which needs
 * {@link Permissions#OPERATOR}.
 *
 * <p>Each entry stores its target's type and id (matched by {@link #historyOf(AuditTarget, int)} and
 * the type filter) and its label in {@code target}; entries without a target have neither (DD009).
 */
@Service
public class AuditLogService implements AuditLog {

    private static final int MAX = 2000;
    /** Entries the CSV export reads per query. */
    static final int EXPORT_PAGE = 500;

    /** The target type of an erasure's entry: the pseudonym. */
    public static final String ERASED_PERSON = "audit.person";

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");

    private final DSLContext db;
    private final ConsoleContext context;
    private final Clock clock;
    private final AuditChain chain;
    private final AuditPeople people;
    private final AuditVerifier verifier;
    private final JsonMapper json;

    AuditLogService(
            DSLContext db,
            ConsoleContext context,
            Clock clock,
            AuditChain chain,
            AuditPeople people,
            AuditVerifier verifier,
            JsonMapper json) {
        this.db = db;
        this.context = context;
        this.clock = clock;
        this.chain = chain;
        this.people = people;
        this.verifier = verifier;
        this.json = json;
    }

    /** Which log: the current workspace's, or the install-wide one of operators. */
    public enum Scope {
        /** The current workspace's entries; needs {@link CoreModule#AUDIT_READ}. */
        WORKSPACE,
        /** The entries without a workspace; needs {@link Permissions#OPERATOR}. */
        INSTALL
    }

    /**
     * One entry as shown and exported, names resolved.
     *
     * @param operator whether the actor acted as platform support staff (shown as "Support")
     */
    public record Entry(
            long id,
            OffsetDateTime occurredAt,
            String actor,
            String action,
            AuditTarget target,
            String details,
            String sourceAddress,
            boolean operator) {}

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

    /** In a transaction like the others: an append locks its chain's head (the default method has no transaction). */
    @Override
    @Deprecated(since = "1.1")
    @Transactional(propagation = Propagation.REQUIRED)
    public void record(String action, String target, String details) {
        record(action, AuditTarget.fromLegacy(target), details);
    }

    @Override
    @Transactional(propagation = Propagation.REQUIRED)
    public void record(AuditEntry e) {
        Actor a = e.actor();
        AuditTarget target = e.subject();
        AuditLogRecord r = new AuditLogRecord();
        r.setWorkspaceId(e.workspaceId());
        r.setOccurredAt(
                OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
        r.setActorKind(a.kind().name());
        r.setActorId(a.id());
        if (a.email().isBlank()) {
            r.setActorName(people.tokenize(a.displayName(), 320));
        } else if (a.kind() == Actor.Kind.USER) {
            long person = people.reference(a.email(), a.displayName());
            r.setActorPerson(person);
            r.setActorName(AuditPeople.nameToken(person));
        } else { // a key: its name, and its owner's email
            long person = people.reference(a.email(), "");
            r.setActorPerson(person);
            r.setActorName(people.tokenize(a.displayName(), 200) + " <" + AuditPeople.emailToken(person) + ">");
        }
        r.setActorOperator(a.operator());
        r.setAction(cut(e.action(), 100));
        r.setTarget(people.tokenize(target.label(), 300));
        r.setTargetType(target.isNone() ? null : target.type());
        r.setTargetId(target.isNone() ? null : target.id());
        r.setDetails(people.tokenize(e.details(), 2000));
        r.setSourceAddress(cut(e.sourceAddress(), 64));
        chain.append(r);
    }

    @Override
    @Transactional(readOnly = true)
    public List<AuditRecord> historyOf(AuditTarget target, int limit) {
        if (target.isNone()) {
            return List.of();
        }
        List<AuditLogRecord> rows = db.selectFrom(AUDIT_LOG)
                .where(
                        AUDIT_LOG.WORKSPACE_ID.eq(context.workspaceId()),
                        AUDIT_LOG.TARGET_TYPE.eq(target.type()),
                        AUDIT_LOG.TARGET_ID.eq(target.id()))
                .orderBy(AUDIT_LOG.OCCURRED_AT.desc(), AUDIT_LOG.ID.desc())
                .limit(Math.clamp(limit, 1, MAX))
                .fetch();
        return entries(rows).stream()
                .map(e -> new AuditRecord(e.occurredAt().toInstant(), e.actor(), e.action(), e.target(), e.details()))
                .toList();
    }

    /** The target types of the current workspace's entries, sorted. */
    @Transactional(readOnly = true)
    public List<String> targetTypes() {
        return targetTypes(Scope.WORKSPACE);
    }

    /** The target types of the entries of {@code scope}, sorted. */
    @Transactional(readOnly = true)
    public List<String> targetTypes(Scope scope) {
        Condition log = log(scope);
        return db.selectDistinct(AUDIT_LOG.TARGET_TYPE)
                .from(AUDIT_LOG)
                .where(log, AUDIT_LOG.TARGET_TYPE.isNotNull())
                .orderBy(AUDIT_LOG.TARGET_TYPE)
                .fetch(AUDIT_LOG.TARGET_TYPE);
    }

    /** A page of the current workspace's entries, newest first. */
    @Transactional(readOnly = true)
    public List<Entry> find(Filter filter, int offset, int limit) {
        return find(Scope.WORKSPACE, filter, offset, limit);
    }

    /** A page of the entries of {@code scope}, newest first. */
    @Transactional(readOnly = true)
    public List<Entry> find(Scope scope, Filter filter, int offset, int limit) {
        Condition matching = conditions(scope, filter);
        return entries(db.selectFrom(AUDIT_LOG)
                .where(matching)
                .orderBy(AUDIT_LOG.OCCURRED_AT.desc(), AUDIT_LOG.ID.desc())
                .offset(Math.max(0, offset))
                .limit(Math.clamp(limit, 1, MAX))
                .fetch());
    }

    /** How many of the current workspace's entries match. */
    @Transactional(readOnly = true)
    public int count(Filter filter) {
        return count(Scope.WORKSPACE, filter);
    }

    /** How many entries of {@code scope} match. */
    @Transactional(readOnly = true)
    public int count(Scope scope, Filter filter) {
        return db.fetchCount(AUDIT_LOG, conditions(scope, filter));
    }

    /**
     * Checks the hash chain of {@code scope}'s log from its latest retention anchor to its last
     * entry (page by page, no whole-log load).
     */
    public Verification verify(Scope scope) {
        String key = switch (scope) {
            case WORKSPACE -> {
                context.require(CoreModule.AUDIT_READ);
                yield AuditChain.key(context.workspaceId());
            }
            case INSTALL -> {
                context.require(Permissions.OPERATOR);
                yield AuditChain.INSTALL;
            }
        };
        return verifier.verify(key);
    }

    /** {@link #exportCsv(Scope, Filter, Writer)} of the current workspace. */
    public void exportCsv(Filter filter, Writer out) {
        exportCsv(Scope.WORKSPACE, filter, out);
    }

    /**
     * Writes every matching entry as CSV (RFC 4180), newest first, as it reads them: each page
     * continues after the last {@code (occurred_at, id)} written, so entries written meanwhile never
     * shift a page (no entry twice, none of those that existed at the start left out), and no
     * transaction or connection is held while the client reads.
     */
    public void exportCsv(Scope scope, Filter filter, Writer out) {
        Condition matching = conditions(scope, filter);
        try {
            // target type and id came with module-api 1.1, the operator marker with 1.4: last, so
            // that the earlier columns keep their places
            out.write("time,actor,action,target,details,source_address,target_type,target_id,operator\r\n");
            export(matching, e -> {
                AuditTarget t = e.target();
                out.write(String.join(
                        ",",
                        csv(utc(e)),
                        csv(e.actor()),
                        csv(e.action()),
                        csv(t.label()),
                        csv(e.details()),
                        csv(e.sourceAddress()),
                        csv(t.isNone() ? "" : t.type()),
                        csv(t.isNone() ? "" : t.id()),
                        csv(Boolean.toString(e.operator()))));
                out.write("\r\n");
            });
            out.flush();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Writes every matching entry of {@code scope} as JSON Lines (one object per line, UTF-8),
     * newest first, read page by page as {@link #exportCsv(Scope, Filter, Writer)} does. Fields:
     * {@code id, time, actor, operator, action, target, targetType, targetId, details, sourceAddress}.
     */
    public void exportJsonLines(Scope scope, Filter filter, Writer out) {
        Condition matching = conditions(scope, filter);
        try {
            export(matching, e -> {
                AuditTarget t = e.target();
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("id", e.id());
                line.put("time", utc(e));
                line.put("actor", e.actor());
                line.put("operator", e.operator());
                line.put("action", e.action());
                line.put("target", t.label());
                line.put("targetType", t.isNone() ? null : t.type());
                line.put("targetId", t.isNone() ? null : t.id());
                line.put("details", e.details());
                line.put("sourceAddress", e.sourceAddress());
                out.write(json.writeValueAsString(line));
                out.write("\n");
            });
            out.flush();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Erases a person from the log at a data-protection request: every name and email the log holds
     * for {@code email} reads from now on as one pseudonym, in the page, the exports and the API,
     * and no entry changes (the chains stay intact). Operators only, with a reason; recorded in the
     * install-wide log under the pseudonym, never the email.
     *
     * @return the pseudonym and how many stored names it replaced
     */
    @Transactional
    public AuditPeople.Erasure erase(String email, String reason) {
        context.require(Permissions.OPERATOR);
        InvalidInputException.Builder invalid = InvalidInputException.builder();
        String address = email == null ? "" : email.strip();
        if (!EMAIL.matcher(address).matches() || address.length() > 320) {
            invalid.add("email", "Enter the email address of the person to erase.");
        }
        if (reason == null || reason.isBlank()) {
            invalid.add("reason", "Say why this person is erased.");
        } else if (reason.strip().length() > 500) {
            invalid.add("reason", "Keep the reason to 500 characters.");
        }
        invalid.throwIfAny();
        String pseudonym = people.newPseudonym();
        // recorded before the erasure: should the reason quote the email, its reference is erased too
        record(new AuditEntry(
                null,
                context.actor().asOperator(),
                "core.audit.person_erased",
                new AuditTarget(ERASED_PERSON, pseudonym, pseudonym),
                "Names and emails of this person in the audit log replaced by a pseudonym. Reason: " + reason.strip(),
                context.sourceAddress().orElse("")));
        return people.erase(address, pseudonym);
    }

    /** Reads the matching entries page by page (keyset), newest first, and hands each to {@code sink}. */
    private void export(Condition matching, EntrySink sink) throws IOException {
        List<Entry> page = entries(db.selectFrom(AUDIT_LOG)
                .where(matching)
                .orderBy(AUDIT_LOG.OCCURRED_AT.desc(), AUDIT_LOG.ID.desc())
                .limit(EXPORT_PAGE)
                .fetch());
        while (!page.isEmpty()) {
            for (Entry e : page) {
                sink.accept(e);
            }
            if (page.size() < EXPORT_PAGE) {
                break;
            }
            Entry last = page.getLast();
            page = entries(db.selectFrom(AUDIT_LOG)
                    .where(matching)
                    .orderBy(AUDIT_LOG.OCCURRED_AT.desc(), AUDIT_LOG.ID.desc())
                    .seek(last.occurredAt(), last.id())
                    .limit(EXPORT_PAGE)
                    .fetch());
        }
    }

    private interface EntrySink {
        void accept(Entry e) throws IOException;
    }

    private static String utc(Entry e) {
        return e.occurredAt().withOffsetSameInstant(ZoneOffset.UTC).toString();
    }

    /** The rows as shown: their people's names, emails or pseudonyms in place of the references. */
    private List<Entry> entries(List<AuditLogRecord> rows) {
        List<String> texts = new ArrayList<>(rows.size() * 3);
        Set<Long> actors = new HashSet<>();
        for (AuditLogRecord r : rows) {
            texts.add(r.getActorName());
            texts.add(r.getTarget());
            texts.add(r.getDetails());
            if (r.getActorPerson() != null) {
                actors.add(r.getActorPerson());
            }
        }
        Map<Long, Person> named = people.resolve(texts, actors);
        return rows.stream().map(r -> entry(r, named)).toList();
    }

    private static Entry entry(AuditLogRecord r, Map<Long, Person> named) {
        AuditTarget stored = target(r);
        AuditTarget shown = stored.isNone()
                ? stored
                : new AuditTarget(stored.type(), stored.id(), AuditPeople.read(stored.label(), named));
        return new Entry(
                r.getId(),
                r.getOccurredAt(),
                AuditPeople.read(r.getActorName(), named),
                r.getAction(),
                shown,
                AuditPeople.read(r.getDetails(), named),
                r.getSourceAddress(),
                Boolean.TRUE.equals(r.getActorOperator()));
    }

    /** The stored target; a row without a type (none, or written around the service) reads as its string. */
    private static AuditTarget target(AuditLogRecord r) {
        return r.getTargetType() == null
                ? AuditTarget.fromLegacy(r.getTarget())
                : new AuditTarget(r.getTargetType(), r.getTargetId(), r.getTarget());
    }

    /** The entries of {@code scope}, after checking the permission it needs. */
    private Condition log(Scope scope) {
        return switch (scope) {
            case WORKSPACE -> {
                context.require(CoreModule.AUDIT_READ);
                yield AUDIT_LOG.WORKSPACE_ID.eq(context.workspaceId());
            }
            case INSTALL -> {
                context.require(Permissions.OPERATOR);
                yield AUDIT_LOG.WORKSPACE_ID.isNull();
            }
        };
    }

    private Condition conditions(Scope scope, Filter f) {
        List<Condition> c = new ArrayList<>();
        c.add(log(scope));
        if (f.actor() != null && !f.actor().isBlank()) {
            String part = f.actor().trim().toLowerCase();
            c.add(DSL.lower(AUDIT_LOG.ACTOR_NAME).contains(part).or(AUDIT_LOG.ACTOR_PERSON.in(people.matching(part))));
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
