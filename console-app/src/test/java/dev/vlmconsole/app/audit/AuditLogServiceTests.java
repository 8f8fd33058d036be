package dev.vlmconsole.app.audit;

import static dev.vlmconsole.app.db.Tables.AUDIT_LOG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.app.account.ConsoleUser;
import dev.vlmconsole.app.account.UserRepository;
import dev.vlmconsole.app.workspaces.WorkspaceRepository;
import java.io.StringWriter;
import java.io.Writer;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit log as a signed-in Owner sees it outside the UI: with no workspace chosen in the
 * session, the context falls back to the person's first workspace. Run on H2 and PostgreSQL by the
 * subclasses.
 */
@Transactional
abstract class AuditLogServiceTests {

    @Autowired
    AuditLogService audit;
    @Autowired
    UserRepository users;
    @Autowired
    WorkspaceRepository workspaces;
    @Autowired
    DSLContext db;
    @Autowired
    PlatformTransactionManager transactions;

    private UUID workspace;
    private String ownerEmail;

    @BeforeEach
    void signInAnOwner() {
        ownerEmail = "alice-" + UUID.randomUUID() + "@example.com";
        UUID owner = users.insert(ownerEmail, "Alice", "{bcrypt}hash", false);
        workspace = workspaces.insertWorkspace("Audited");
        workspaces.insertMembership(workspace, owner, Role.OWNER);
        signIn(owner, ownerEmail, "Alice");
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    private static void signIn(UUID id, String email, String name) {
        ConsoleUser user = new ConsoleUser(id, email, name, false, 0, null);
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
    }

    @Test
    void an_entry_records_who_did_what_to_what_in_the_current_workspace() {
        audit.record("keys.key.revoked", "key 6f1c", "Revoked from the keys page");

        assertThat(audit.find(AuditLogService.Filter.ALL, 0, 10)).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("Alice <" + ownerEmail + ">");
            assertThat(e.action()).isEqualTo("keys.key.revoked");
            assertThat(e.target()).isEqualTo("key 6f1c");
            assertThat(e.details()).isEqualTo("Revoked from the keys page");
            // Spring's test support binds a mock request, as a real request would be bound
            assertThat(e.sourceAddress()).isEqualTo("127.0.0.1");
            assertThat(e.occurredAt().toLocalDate()).isEqualTo(LocalDate.now(ZoneOffset.UTC));
        });
    }

    @Test
    void entries_come_newest_first_in_pages() {
        audit.record("core.one", "", "");
        audit.record("core.two", "", "");
        audit.record("core.three", "", "");

        assertThat(audit.find(AuditLogService.Filter.ALL, 0, 10)).extracting(AuditLogService.Entry::action)
                .containsExactly("core.three", "core.two", "core.one");
        assertThat(audit.find(AuditLogService.Filter.ALL, 1, 1)).extracting(AuditLogService.Entry::action)
                .containsExactly("core.two");
        assertThat(audit.count(AuditLogService.Filter.ALL)).isEqualTo(3);
    }

    @Test
    void filters_match_parts_of_action_and_actor_in_any_case_and_whole_days() {
        audit.record("keys.key.created", "key a", "");
        audit.record("keys.key.revoked", "key a", "");
        audit.record("team.member.invited", "bob@example.com", "");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        AuditLogService.Filter keys = new AuditLogService.Filter(null, " KEYS. ", null, null);
        assertThat(audit.find(keys, 0, 10)).hasSize(2);
        assertThat(audit.count(keys)).isEqualTo(2);
        assertThat(audit.count(new AuditLogService.Filter("ALICE", "invited", null, null))).isEqualTo(1);
        assertThat(audit.count(new AuditLogService.Filter("somebody else", null, null, null))).isZero();
        assertThat(audit.count(new AuditLogService.Filter(null, null, today, today))).isEqualTo(3);
        assertThat(audit.count(new AuditLogService.Filter(null, null, today.plusDays(1), null))).isZero();
        assertThat(audit.count(new AuditLogService.Filter(null, null, null, today.minusDays(1)))).isZero();
    }

    @Test
    void entries_of_other_workspaces_are_never_shown() {
        UUID other = workspaces.insertWorkspace("Other");
        audit.record(new AuditEntry(other, Actor.SYSTEM, "core.elsewhere", "", "", ""));
        audit.record(new AuditEntry(null, Actor.SYSTEM, "core.install_wide", "", "", ""));
        audit.record("core.here", "", "");

        assertThat(audit.find(AuditLogService.Filter.ALL, 0, 10)).extracting(AuditLogService.Entry::action)
                .containsExactly("core.here");
    }

    @Test
    void over_long_fields_are_cut_to_fit_rather_than_refused() {
        audit.record("core.long", "t".repeat(400), "d".repeat(3000));

        AuditLogService.Entry e = audit.find(AuditLogService.Filter.ALL, 0, 1).getFirst();
        assertThat(e.target()).hasSize(300);
        assertThat(e.details()).hasSize(2000);
    }

    @Test
    void the_csv_export_defuses_spreadsheet_formulas() {
        audit.record("core.exported", "=HYPERLINK(\"x\")", "plain");
        StringWriter csv = new StringWriter();

        audit.exportCsv(AuditLogService.Filter.ALL, csv);

        assertThat(csv.toString()).startsWith("time,actor,action,target,details,source_address\r\n")
                .contains("\"'=HYPERLINK(\"\"x\"\")\"");
    }

    /**
     * A page boundary falls inside groups of entries with one timestamp, and a new entry is
     * committed (in a transaction of its own, as another request would) every 50 rows written:
     * paging by offset would then repeat rows.
     */
    @Test
    void the_csv_export_holds_every_entry_once_while_entries_are_written_during_it() {
        int existing = 2_100;
        OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).minusDays(1);
        var insert = db.insertInto(AUDIT_LOG, AUDIT_LOG.WORKSPACE_ID, AUDIT_LOG.OCCURRED_AT, AUDIT_LOG.ACTOR_KIND,
                AUDIT_LOG.ACTOR_ID, AUDIT_LOG.ACTOR_NAME, AUDIT_LOG.ACTION, AUDIT_LOG.TARGET, AUDIT_LOG.DETAILS,
                AUDIT_LOG.SOURCE_ADDRESS);
        for (int i = 0; i < existing; i++) {
            insert = insert.values(workspace, start.plusSeconds(i / 7), "SYSTEM", UUID.randomUUID(), "System",
                    "core.test", "row-" + i, "", "");
        }
        insert.execute();
        TransactionTemplate anotherRequest = new TransactionTemplate(transactions);
        anotherRequest.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        AtomicInteger written = new AtomicInteger();
        StringBuilder csv = new StringBuilder();
        Writer out = new Writer() {
            @Override
            public void write(char[] chars, int offset, int length) {
                csv.append(chars, offset, length);
                for (int i = offset; i < offset + length; i++) {
                    if (chars[i] == '\n' && written.incrementAndGet() % 50 == 0) {
                        anotherRequest.executeWithoutResult(s -> audit.record(new AuditEntry(workspace, Actor.SYSTEM,
                                "core.test", "during-" + written.get(), "", "")));
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };

        audit.exportCsv(AuditLogService.Filter.ALL, out);

        List<String> rows = Pattern.compile("\"(row-\\d+)\"").matcher(csv).results().map(m -> m.group(1)).toList();
        assertThat(rows).doesNotHaveDuplicates().hasSize(existing);
        assertThat(written.get() / 50).as("entries written during the export").isGreaterThanOrEqualTo(existing / 50);
        assertThat(csv.toString().lines().filter(l -> l.contains("during-")).toList()).doesNotHaveDuplicates();
    }

    @Test
    void members_without_the_audit_permission_may_write_but_not_read() {
        String email = "mia-" + UUID.randomUUID() + "@example.com";
        UUID member = users.insert(email, "Mia", "{bcrypt}hash", false);
        workspaces.insertMembership(workspace, member, Role.MEMBER);
        signIn(member, email, "Mia");

        audit.record("keys.key.created", "key m", "");

        assertThatThrownBy(() -> audit.find(AuditLogService.Filter.ALL, 0, 10)).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> audit.count(AuditLogService.Filter.ALL)).isInstanceOf(PermissionDeniedException.class);
    }
}
