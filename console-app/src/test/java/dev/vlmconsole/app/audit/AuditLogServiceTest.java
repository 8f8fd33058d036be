package dev.vlmconsole.app.audit;

import static dev.vlmconsole.app.db.Tables.AUDIT_LOG;
import static dev.vlmconsole.app.db.Tables.AUDIT_PEOPLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.app.support.ConsoleTest;
import java.io.StringWriter;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;

/** Reading the audit log is checked in the service, whatever the UI shows. */
class AuditLogServiceTest extends ConsoleTest {

    private static final OffsetDateTime JAN_10 = OffsetDateTime.of(2024, 1, 10, 10, 0, 0, 0, ZoneOffset.UTC);

    @Autowired
    AuditLogService audit;

    @ParameterizedTest
    @EnumSource(
            value = Role.class,
            names = {"OWNER", "ADMIN"})
    void owners_and_admins_may_find_count_and_export(Role role) {
        Workspace w = newWorkspace();
        auditEntry(w, "Alice", "keys.key.created", JAN_10);
        login(newMember(w, role), w);

        assertThat(audit.find(AuditLogService.Filter.ALL, 0, 50))
                .extracting(AuditLogService.Entry::action)
                .containsExactly("keys.key.created");
        assertThat(audit.count(AuditLogService.Filter.ALL)).isEqualTo(1);
        StringWriter csv = new StringWriter();
        audit.exportCsv(AuditLogService.Filter.ALL, csv);
        assertThat(csv.toString())
                .startsWith("time,actor,action,target,details,source_address,target_type,target_id,operator\r\n")
                .contains("\"keys.key.created\"");
    }

    @ParameterizedTest
    @EnumSource(
            value = Role.class,
            names = {"MEMBER", "BILLING", "VIEWER"})
    void other_roles_may_not_find_count_or_export(Role role) {
        Workspace w = newWorkspace();
        auditEntry(w, "Alice", "keys.key.created", JAN_10);
        login(newMember(w, role), w);

        assertRefused();
    }

    @Test
    void nobody_signed_in_may_not_read() {
        assertRefused();
    }

    @Test
    void an_operator_without_membership_sees_no_workspace_data() {
        login(newOperator());

        assertRefused();
    }

    @Test
    void export_holds_only_the_current_workspace_and_defuses_formulas() {
        Workspace mine = newWorkspace();
        Workspace other = newWorkspace();
        auditEntry(mine, "=HYPERLINK(\"http://evil\")", "keys.key.created", JAN_10);
        auditEntry(other, "Mallory", "keys.key.revoked", JAN_10);
        TestUser owner = newMember(mine, Role.OWNER);
        addMember(other, owner, Role.OWNER);
        login(owner, mine);

        StringWriter csv = new StringWriter();
        audit.exportCsv(AuditLogService.Filter.ALL, csv);

        assertThat(csv.toString())
                .contains("keys.key.created")
                .doesNotContain("Mallory", "keys.key.revoked")
                .contains("\"'=HYPERLINK(\"\"http://evil\"\")\"");
    }

    @Test
    void record_stamps_the_acting_person_workspace_and_address() {
        Workspace w = newWorkspace();
        TestUser member = newMember(w, Role.MEMBER);
        login(member, w);

        audit.record("test.thing.done", "thing 1", "details");

        var row = db.selectFrom(AUDIT_LOG)
                .where(AUDIT_LOG.WORKSPACE_ID.eq(w.id()))
                .fetchSingle();
        assertThat(row.getActorId()).isEqualTo(member.id());
        assertThat(row.getActorKind()).isEqualTo("USER");
        // the person by reference (DD026): erasable without changing the entry
        assertThat(row.getActorName()).doesNotContain(member.email(), member.displayName());
        assertThat(db.selectFrom(AUDIT_PEOPLE)
                        .where(AUDIT_PEOPLE.ID.eq(row.getActorPerson()))
                        .fetchSingle())
                .satisfies(p -> {
                    assertThat(p.getEmail()).isEqualTo(member.email());
                    assertThat(p.getDisplayName()).isEqualTo(member.displayName());
                });
        assertThat(row.getActorOperator()).isFalse();
        assertThat(row.getAction()).isEqualTo("test.thing.done");
        assertThat(row.getSourceAddress()).isEqualTo("127.0.0.1");
    }

    private void assertRefused() {
        assertThatThrownBy(() -> audit.find(AuditLogService.Filter.ALL, 0, 50))
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> audit.count(AuditLogService.Filter.ALL)).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> audit.exportCsv(AuditLogService.Filter.ALL, new StringWriter()))
                .isInstanceOf(PermissionDeniedException.class);
    }
}
