package dev.vlmconsole.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.Role;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecordingAuditLogTest {

    private final TestMembers members = new TestMembers();
    private final FakeConsoleContext context = new FakeConsoleContext(members, new ProbeModule());
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final RecordingAuditLog audit = new RecordingAuditLog(context, clock);

    @Test
    void a_short_entry_belongs_to_the_acting_person_workspace_and_address() {
        TestWorkspace acme = members.newWorkspace("Acme");
        TestPerson owner = members.newMember(acme, Role.OWNER);
        context.signIn(owner, acme);
        context.setSourceAddress("203.0.113.7");

        audit.record("probe.note.written", "note 1", "first");

        assertThat(audit.last())
                .isEqualTo(new AuditEntry(
                        acme.id(), owner.actor(), "probe.note.written", "note 1", "first", "203.0.113.7"));
        assertThat(audit.recorded())
                .singleElement()
                .satisfies(r -> assertThat(r.occurredAt()).isEqualTo(clock.instant()));
    }

    @Test
    void history_is_the_acting_workspaces_entries_about_one_target_newest_first() {
        TestWorkspace acme = members.newWorkspace("Acme");
        TestWorkspace other = members.newWorkspace("Other");
        TestPerson owner = members.newMember(acme, Role.OWNER);
        members.addMember(other, owner, Role.OWNER);
        context.signIn(owner, acme);
        audit.record("probe.note.written", "note 1", "");
        clock.advance(Duration.ofMinutes(1));
        audit.record("probe.note.changed", "note 1", "");
        audit.record("probe.note.written", "note 2", "");
        audit.record(new AuditEntry(other.id(), Actor.SYSTEM, "probe.note.written", "note 1", "", ""));

        assertThat(audit.historyOf("note 1", 10))
                .extracting(AuditLog.AuditRecord::action)
                .containsExactly("probe.note.changed", "probe.note.written");
        assertThat(audit.historyOf("note 1", 1)).hasSize(1);
        assertThat(audit.historyOf("note", 10)).as("targets match exactly").isEmpty();
        assertThat(audit.entriesOf(other.id())).hasSize(1);
        assertThat(audit.actions()).hasSize(4);

        audit.clear();
        assertThat(audit.entries()).isEmpty();
    }
}
