package dev.vlmconsole.testsupport;

import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.WorkspaceRef;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An {@link AuditLog} that keeps every entry in memory, for tests to assert on: {@link #entries()},
 * {@link #actions()}. {@link #record(String, String, String)} fills in the workspace, actor and
 * source address from the acting context, as the console does; {@link #historyOf} answers from
 * what was recorded in the acting context's workspace, newest first.
 *
 * <p>Entries are kept at once, not at commit: a test of "a refused change writes no entry" should
 * make the refusal happen before the service records, as the services do.
 */
public final class RecordingAuditLog implements AuditLog {

    /** One recorded entry and when it was recorded. */
    public record Recorded(Instant occurredAt, AuditEntry entry) {}

    private final ConsoleContext context;
    private final Clock clock;
    private final List<Recorded> recorded = new CopyOnWriteArrayList<>();

    /** A log whose short-form entries belong to {@code context}'s actor and workspace. */
    public RecordingAuditLog(ConsoleContext context) {
        this(context, Clock.systemUTC());
    }

    /** As {@link #RecordingAuditLog(ConsoleContext)}, with the clock that times the entries. */
    public RecordingAuditLog(ConsoleContext context, Clock clock) {
        this.context = Objects.requireNonNull(context, "context");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void record(String action, AuditTarget target, String details) {
        UUID workspaceId = context.workspace().map(WorkspaceRef::id).orElse(null);
        record(new AuditEntry(
                workspaceId,
                context.actor(),
                action,
                target,
                details,
                context.sourceAddress().orElse("")));
    }

    @Override
    public void record(AuditEntry entry) {
        recorded.add(new Recorded(clock.instant(), Objects.requireNonNull(entry, "entry")));
    }

    @Override
    public List<AuditRecord> historyOf(AuditTarget target, int limit) {
        UUID workspaceId = context.workspaceId();
        List<AuditRecord> out = new ArrayList<>();
        for (Recorded r : recorded.reversed()) {
            AuditEntry e = r.entry();
            if (out.size() < limit
                    && workspaceId.equals(e.workspaceId())
                    && e.subject().type().equals(target.type())
                    && e.subject().id().equals(target.id())) {
                out.add(new AuditRecord(r.occurredAt(), e.actor().displayName(), e.action(), e.subject(), e.details()));
            }
        }
        return out;
    }

    /** Every entry, oldest first. */
    public List<AuditEntry> entries() {
        return recorded.stream().map(Recorded::entry).toList();
    }

    /** Every entry with the time it was recorded, oldest first. */
    public List<Recorded> recorded() {
        return List.copyOf(recorded);
    }

    /** The actions of every entry, oldest first, such as {@code keys.key.created}. */
    public List<String> actions() {
        return recorded.stream().map(r -> r.entry().action()).toList();
    }

    /** The entries of one workspace, oldest first. */
    public List<AuditEntry> entriesOf(UUID workspaceId) {
        return entries().stream()
                .filter(e -> Objects.equals(e.workspaceId(), workspaceId))
                .toList();
    }

    /** The most recent entry; fails when there is none. */
    public AuditEntry last() {
        if (recorded.isEmpty()) {
            throw new AssertionError("No audit entry was recorded");
        }
        return recorded.getLast().entry();
    }

    /** Forgets every entry. */
    public void clear() {
        recorded.clear();
    }
}
