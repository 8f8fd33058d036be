package dev.vlmconsole.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.events.WorkspaceCreated;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.annotation.Transactional;

class ModuleTestContextTest {

    /** A module service as a module's auto-configuration would make it (a proxy: read it through methods). */
    public static class Notes {
        final DSLContext db;
        final ConsoleContext context;
        final AuditLog audit;
        final Duration keep;
        final List<Object> heard = new ArrayList<>();

        Notes(DSLContext db, ConsoleContext context, AuditLog audit, Duration keep) {
            this.db = db;
            this.context = context;
            this.audit = audit;
            this.keep = keep;
        }

        /** Writes a note, then fails when asked to: the write must not stay. */
        @Transactional
        public void write(String body, boolean fail) {
            context.require(ProbeModule.WRITE);
            db.execute(
                    "insert into probe_notes (id, workspace_id, body) values (?, ?, ?)",
                    UUID.randomUUID(),
                    context.workspaceId(),
                    body);
            if (fail) {
                throw new IllegalStateException("failed after writing");
            }
            audit.record("probe.note.written", "note", body);
        }

        /** The setting it was made with. */
        public Duration keep() {
            return keep;
        }

        /** The events it heard. */
        public List<Object> heard() {
            return heard;
        }

        @EventListener
        public void on(WorkspaceCreated event) {
            heard.add(event);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class NotesConfiguration {
        @Bean
        Notes notes(DSLContext db, ConsoleContext context, AuditLog audit, @Value("${probe.keep:PT1H}") Duration keep) {
            return new Notes(db, context, audit, keep);
        }
    }

    @Test
    void the_module_is_wired_as_in_the_console() {
        ModuleDatabase db = ModuleDatabase.h2().withCoreTables().migrate(new ProbeModule());
        FakeConsoleContext context = new FakeConsoleContext(new TestMembers(db), new ProbeModule());
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (db;
                ModuleTestContext spring = ModuleTestContext.builder(db, context)
                        .configuration(NotesConfiguration.class)
                        .bean(Clock.class, clock)
                        .property("probe.keep", "PT30M")
                        .start()) {
            TestWorkspace acme = spring.members().newWorkspace("Acme");
            context.signIn(spring.members().newMember(acme, Role.OWNER), acme);
            Notes notes = spring.bean(Notes.class);

            notes.write("kept", false);
            assertThatThrownBy(() -> notes.write("rolled back", true)).hasMessage("failed after writing");
            assertThat(db.dsl().fetch("select body from probe_notes").getValues(0, String.class))
                    .containsExactly("kept");
            assertThat(((RecordingAuditLog) spring.audit()).actions()).containsExactly("probe.note.written");
            assertThat(spring.bean(Clock.class)).isSameAs(clock);
            assertThat(notes.keep()).isEqualTo(Duration.ofMinutes(30));

            WorkspaceCreated created = new WorkspaceCreated(acme.id(), acme.name(), UUID.randomUUID(), Instant.now());
            spring.publish(created);
            assertThat(notes.heard()).containsExactly(created);
        }
    }
}
