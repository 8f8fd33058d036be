package dev.vlmconsole.app.audit;

import static dev.vlmconsole.app.db.Tables.AUDIT_LOG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditLog.AuditRecord;
import dev.vlmconsole.api.AuditTarget;
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
        SecurityContextHolder.getContext()
                .setAuthentication(
                        UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
    }

    @Test
    void an_entry_records_who_did_what_to_what_in_the_current_workspace() {
        audit.record("keys.key.revoked", "key 6f1c", "Revoked from the keys page");

        assertThat(audit.find(AuditLogService.Filter.ALL, 0, 10))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.actor()).isEqualTo("Alice <" + ownerEmail + ">");
                    assertThat(e.action()).isEqualTo("keys.key.revoked");
                    assertThat(e.target().label()).isEqualTo("key 6f1c");
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

        assertThat(audit.find(AuditLogService.Filter.ALL, 0, 10))
                .extracting(AuditLogService.Entry::action)
                .containsExactly("core.three", "core.two", "core.one");
        assertThat(audit.find(AuditLogService.Filter.ALL, 1, 1))
                .extracting(AuditLogService.Entry::action)
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
        assertThat(audit.count(new AuditLogService.Filter("ALICE", "invited", null, null)))
                .isEqualTo(1);
        assertThat(audit.count(new AuditLogService.Filter("somebody else", null, null, null)))
                .isZero();
        assertThat(audit.count(new AuditLogService.Filter(null, null, today, today)))
                .isEqualTo(3);
        assertThat(audit.count(new AuditLogService.Filter(null, null, today.plusDays(1), null)))
                .isZero();
        assertThat(audit.count(new AuditLogService.Filter(null, null, null, today.minusDays(1))))
                .isZero();
    }

    @Test
    void entries_of_other_workspaces_are_never_shown() {
        UUID other = workspaces.insertWorkspace("Other");
        audit.record(new AuditEntry(other, Actor.SYSTEM, "core.elsewhere", "", "", ""));
        audit.record(new AuditEntry(null, Actor.SYSTEM, "core.install_wide", "", "", ""));
        audit.record("core.here", "", "");

        assertThat(audit.find(AuditLogService.Filter.ALL, 0, 10))
                .extracting(AuditLogService.Entry::action)
                .containsExactly("core.here");
    }

    @Test
    void over_long_fields_are_cut_to_fit_rather_than_refused() {
        audit.record("core.long", "t".repeat(400), "d".repeat(3000));

        AuditLogService.Entry e = audit.find(AuditLogService.Filter.ALL, 0, 1).getFirst();
        assertThat(e.target().label()).hasSize(300);
        assertThat(e.details()).hasSize(2000);
    }

    @Test
    void the_csv_export_defuses_spreadsheet_formulas() {
        audit.record("core.exported", "=HYPERLINK(\"x\")", "plain");
        StringWriter csv = new StringWriter();

        audit.exportCsv(AuditLogService.Filter.ALL, csv);

        assertThat(csv.toString())
                .startsWith("time,actor,action,target,details,source_address,target_type,target_id,operator\r\n")
                .contains("\"'=HYPERLINK(\"\"x\"\")\"");
    }

    @Test
    void a_typed_entry_keeps_type_id_and_label_and_its_history_matches_type_and_id_not_label() {
        UUID key = UUID.randomUUID();
        audit.record("keys.key.created", AuditTarget.apiKey(key, "ci (vlm_ab12)"), "created");
        audit.record("keys.key.renamed", AuditTarget.apiKey(key, "deploy (vlm_ab12)"), "renamed");
        audit.record("keys.key.created", AuditTarget.apiKey(UUID.randomUUID(), "other (vlm_cd34)"), "");
        audit.record("core.profile.renamed", AuditTarget.user(key, "same id, other type"), "");

        List<AuditRecord> history = audit.historyOf(AuditTarget.apiKey(key, "any label"), 10);

        assertThat(history).extracting(AuditRecord::action).containsExactly("keys.key.renamed", "keys.key.created");
        assertThat(history.getFirst().subject())
                .isEqualTo(new AuditTarget("api_key", key.toString(), "deploy (vlm_ab12)"));
        assertThat(history.getFirst().target()).as("1.0's view: the label").isEqualTo("deploy (vlm_ab12)");
        assertThat(audit.historyOf(AuditTarget.apiKey(key, null), 1))
                .extracting(AuditRecord::action)
                .containsExactly("keys.key.renamed");
        assertThat(audit.historyOf(AuditTarget.user(key, null), 10))
                .extracting(AuditRecord::action)
                .containsExactly("core.profile.renamed");
        assertThat(audit.find(AuditLogService.Filter.ALL, 0, 10))
                .extracting(e -> e.target().label())
                .contains("deploy (vlm_ab12)", "ci (vlm_ab12)");
        assertThat(audit.historyOf(AuditTarget.NONE, 10)).isEmpty();
    }

    @Test
    void history_stays_in_the_current_workspace() {
        UUID key = UUID.randomUUID();
        UUID other = workspaces.insertWorkspace("Other");
        audit.record(new AuditEntry(other, Actor.SYSTEM, "keys.key.revoked", AuditTarget.apiKey(key, "k"), "", ""));
        audit.record("keys.key.created", AuditTarget.apiKey(key, "k"), "");

        assertThat(audit.historyOf(AuditTarget.apiKey(key, "k"), 10))
                .extracting(AuditRecord::action)
                .containsExactly("keys.key.created");
    }

    @Test
    void target_strings_of_module_api_1_0_are_stored_typed_and_found_by_either_form() {
        UUID key = UUID.randomUUID();
        UUID endpoint = UUID.randomUUID();
        audit.record("keys.key.created", "api_key:" + key, "written by a 1.0 module");
        audit.record("keys.key.revoked", AuditTarget.apiKey(key, "ci (vlm_ab12)"), "written by a 1.1 module");
        audit.record("webhooks.endpoint.created", "endpoint " + endpoint, "");
        audit.record(
                new AuditEntry(workspace, Actor.SYSTEM, "webhooks.endpoint.deleted", "endpoint " + endpoint, "", ""));
        audit.record("core.thing.done", "key 6f1c", "");

        assertThat(audit.historyOf(AuditTarget.apiKey(key, null), 10))
                .extracting(AuditRecord::action)
                .containsExactly("keys.key.revoked", "keys.key.created");
        assertThat(audit.historyOf("api_key:" + key, 10))
                .extracting(AuditRecord::target)
                .containsExactly("ci (vlm_ab12)", "api_key:" + key);
        assertThat(audit.historyOf(AuditTarget.of("webhooks.endpoint", endpoint.toString()), 10))
                .extracting(AuditRecord::action)
                .containsExactly("webhooks.endpoint.deleted", "webhooks.endpoint.created");
        assertThat(audit.historyOf("key 6f1c", 10)).singleElement().satisfies(r -> {
            assertThat(r.subject()).isEqualTo(new AuditTarget(AuditTarget.OTHER, "key 6f1c", "key 6f1c"));
            assertThat(r.target()).isEqualTo("key 6f1c");
        });
        var row = db.selectFrom(AUDIT_LOG)
                .where(AUDIT_LOG.ACTION.eq("keys.key.created"))
                .fetchSingle();
        assertThat(row.getTargetType()).isEqualTo("api_key");
        assertThat(row.getTargetId()).isEqualTo(key.toString());
        assertThat(row.getTarget()).isEqualTo("api_key:" + key);
    }

    @Test
    void entries_about_nothing_in_particular_store_no_type_and_no_id() {
        audit.record("core.install.checked", AuditTarget.NONE, "");
        audit.record("core.install.checked_again", "", "");

        assertThat(db.selectFrom(AUDIT_LOG)
                        .where(AUDIT_LOG.WORKSPACE_ID.eq(workspace))
                        .fetch())
                .allSatisfy(r -> {
                    assertThat(r.getTargetType()).isNull();
                    assertThat(r.getTargetId()).isNull();
                    assertThat(r.getTarget()).isEmpty();
                });
        assertThat(audit.find(AuditLogService.Filter.ALL, 0, 10))
                .extracting(AuditLogService.Entry::target)
                .containsOnly(AuditTarget.NONE);
        assertThat(audit.targetTypes()).isEmpty();
    }

    @Test
    void the_target_type_filter_matches_exactly_and_lists_only_this_workspaces_types() {
        audit.record("keys.key.created", AuditTarget.apiKey(UUID.randomUUID(), "a"), "");
        audit.record("keys.key.created", AuditTarget.apiKey(UUID.randomUUID(), "b"), "");
        audit.record("core.workspace.created", AuditTarget.workspace(workspace, "Audited"), "");
        audit.record("core.checked", AuditTarget.NONE, "");
        audit.record(new AuditEntry(
                workspaces.insertWorkspace("Other"),
                Actor.SYSTEM,
                "billing.invoice.paid",
                AuditTarget.of("billing.invoice", "in_1"),
                "",
                ""));

        assertThat(audit.targetTypes()).containsExactly("api_key", "workspace");
        AuditLogService.Filter keys = new AuditLogService.Filter(null, null, null, null, "api_key");
        assertThat(audit.find(keys, 0, 10)).extracting(e -> e.target().label()).containsExactlyInAnyOrder("a", "b");
        assertThat(audit.count(keys)).isEqualTo(2);
        assertThat(audit.count(new AuditLogService.Filter(null, "workspace", null, null, "api_key")))
                .isZero();
        assertThat(audit.count(new AuditLogService.Filter(null, null, null, null, "api")))
                .as("not a part match")
                .isZero();
        assertThat(audit.count(new AuditLogService.Filter(null, null, null, null, "billing.invoice")))
                .isZero();
        assertThat(audit.count(new AuditLogService.Filter(null, null, null, null, " ")))
                .isEqualTo(4);
    }

    @Test
    void the_csv_export_holds_target_type_and_id() {
        UUID key = UUID.randomUUID();
        audit.record("keys.key.created", AuditTarget.apiKey(key, "ci (vlm_ab12)"), "");
        audit.record("core.checked", AuditTarget.NONE, "");
        StringWriter csv = new StringWriter();

        audit.exportCsv(new AuditLogService.Filter(null, null, null, null, null), csv);

        List<String> lines = csv.toString().lines().toList();
        assertThat(lines.get(1))
                .startsWith("\"")
                .endsWith("\"core.checked\",\"\",\"\",\"127.0.0.1\",\"\",\"\",\"false\"");
        assertThat(lines.get(2))
                .endsWith("\"keys.key.created\",\"ci (vlm_ab12)\",\"\",\"127.0.0.1\",\"api_key\",\"" + key
                        + "\",\"false\"");
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
        var insert = db.insertInto(
                AUDIT_LOG,
                AUDIT_LOG.WORKSPACE_ID,
                AUDIT_LOG.OCCURRED_AT,
                AUDIT_LOG.ACTOR_KIND,
                AUDIT_LOG.ACTOR_ID,
                AUDIT_LOG.ACTOR_NAME,
                AUDIT_LOG.ACTION,
                AUDIT_LOG.TARGET,
                AUDIT_LOG.DETAILS,
                AUDIT_LOG.SOURCE_ADDRESS);
        for (int i = 0; i < existing; i++) {
            insert = insert.values(
                    workspace,
                    start.plusSeconds(i / 7),
                    "SYSTEM",
                    UUID.randomUUID(),
                    "System",
                    "core.test",
                    "row-" + i,
                    "",
                    "");
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
                        anotherRequest.executeWithoutResult(s -> audit.record(new AuditEntry(
                                workspace, Actor.SYSTEM, "core.test", "during-" + written.get(), "", "")));
                    }
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };

        audit.exportCsv(AuditLogService.Filter.ALL, out);

        // the target column (after the action): the target id column repeats it
        List<String> rows = Pattern.compile("\"core\\.test\",\"(row-\\d+)\"")
                .matcher(csv)
                .results()
                .map(m -> m.group(1))
                .toList();
        assertThat(rows).doesNotHaveDuplicates().hasSize(existing);
        assertThat(written.get() / 50).as("entries written during the export").isGreaterThanOrEqualTo(existing / 50);
        assertThat(csv.toString().lines().filter(l -> l.contains("during-")).toList())
                .doesNotHaveDuplicates();
    }

    @Test
    void members_without_the_audit_permission_may_write_but_not_read() {
        String email = "mia-" + UUID.randomUUID() + "@example.com";
        UUID member = users.insert(email, "Mia", "{bcrypt}hash", false);
        workspaces.insertMembership(workspace, member, Role.MEMBER);
        signIn(member, email, "Mia");

        audit.record("keys.key.created", "key m", "");

        assertThatThrownBy(() -> audit.find(AuditLogService.Filter.ALL, 0, 10))
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> audit.count(AuditLogService.Filter.ALL)).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> audit.targetTypes()).isInstanceOf(PermissionDeniedException.class);
    }
}
