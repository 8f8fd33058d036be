package dev.vlmconsole.app.audit;

import static dev.vlmconsole.app.db.Tables.AUDIT_ANCHOR;
import static dev.vlmconsole.app.db.Tables.AUDIT_LOG;
import static dev.vlmconsole.app.db.Tables.AUDIT_MAINTENANCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.app.ConsoleProperties;
import dev.vlmconsole.app.audit.AuditRetention.Archived;
import dev.vlmconsole.app.support.OnH2;
import dev.vlmconsole.app.workspaces.WorkspaceRepository;
import dev.vlmconsole.testsupport.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Retention (DD026) with a clock the test moves: entries older than the retention go to a JSON
 * Lines file, then leave the database, and the chain stays verifiable from the anchor.
 */
@OnH2
class AuditRetentionTest {

    @Autowired
    DSLContext db;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    ConsoleContext context;

    @Autowired
    ConsoleProperties consoleSettings;

    @Autowired
    JsonMapper json;

    @Autowired
    WorkspaceRepository workspaces;

    @TempDir
    Path archive;

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T10:00:00Z"));
    private AuditLogService audit;
    private AuditVerifier verifier;
    private AuditRetention retention;
    private UUID workspace;

    @BeforeEach
    void wire() {
        AuditPeople people = new AuditPeople(db, clock);
        AuditChain chain = new AuditChain(db, people);
        verifier = new AuditVerifier(db);
        audit = new AuditLogService(db, context, clock, chain, people, verifier, json);
        ConsoleProperties s = consoleSettings;
        ConsoleProperties settings = new ConsoleProperties(
                s.dataDir(),
                s.publicUrl(),
                s.security(),
                s.api(),
                s.plans(),
                s.bootstrap(),
                s.payments(),
                s.feed(),
                s.mail(),
                s.passwordReset(),
                s.supportContact(),
                new ConsoleProperties.Audit(30, archive.toString()),
                s.oidc());
        retention = new AuditRetention(db, tx, audit, settings, clock, json);
        // the tests share one database, each with a clock of its own: forget the others' last run
        db.update(AUDIT_MAINTENANCE).setNull(AUDIT_MAINTENANCE.RETENTION_RAN_AT).execute();
        workspace = tx.execute(st -> workspaces.insertWorkspace("Retained " + UUID.randomUUID()));
    }

    private void record(String action) {
        tx.executeWithoutResult(st -> audit.record(new AuditEntry(
                workspace,
                new Actor(Actor.Kind.USER, UUID.randomUUID(), "erin@example.test", "Erin", false),
                action,
                AuditTarget.NONE,
                "",
                "")));
    }

    private List<String> actions() {
        return db.select(AUDIT_LOG.ACTION)
                .from(AUDIT_LOG)
                .where(AUDIT_LOG.WORKSPACE_ID.eq(workspace))
                .orderBy(AUDIT_LOG.ID)
                .fetch(AUDIT_LOG.ACTION);
    }

    @Test
    void old_entries_are_archived_then_removed_and_the_chain_verifies_from_the_anchor() throws Exception {
        record("core.old.one");
        record("core.old.two");
        record("core.old.three");
        clock.advance(Duration.ofDays(40));
        record("core.new.one");
        record("core.new.two");

        List<Archived> archived = retention.run(true);

        Archived mine = archived.stream()
                .filter(a -> a.chainKey().equals(workspace.toString()))
                .findFirst()
                .orElseThrow();
        assertThat(mine.entries()).isEqualTo(3);
        assertThat(actions()).containsExactly("core.new.one", "core.new.two");
        List<String> lines = Files.readAllLines(mine.file());
        assertThat(lines).hasSize(3);
        JsonNode last = json.readTree(lines.get(2));
        assertThat(last.get("action").asString()).isEqualTo("core.old.three");
        assertThat(last.get("id").asLong()).isEqualTo(mine.lastId());
        assertThat(lines.get(0)).doesNotContain("erin@example.test");
        var anchor = db.selectFrom(AUDIT_ANCHOR)
                .where(AUDIT_ANCHOR.CHAIN_KEY.eq(workspace.toString()))
                .fetchSingle();
        assertThat(anchor.getLastHash()).isEqualTo(last.get("hash").asString());
        assertThat(anchor.getFileName()).isEqualTo(mine.file().getFileName().toString());
        assertThat(anchor.getEntries()).isEqualTo(3);

        assertThat(verifier.verify(workspace.toString()).summary()).isEqualTo("Intact: 2 entries checked");
        assertThat(db.select(AUDIT_LOG.DETAILS)
                        .from(AUDIT_LOG)
                        .where(AUDIT_LOG.WORKSPACE_ID.isNull(), AUDIT_LOG.ACTION.eq("core.audit.archived"))
                        .fetch(AUDIT_LOG.DETAILS))
                .anySatisfy(d -> assertThat(d).startsWith("3 entries of workspace " + workspace));
    }

    @Test
    void after_the_cut_a_removed_entry_is_still_found() {
        record("core.old");
        clock.advance(Duration.ofDays(31));
        record("core.kept.one");
        record("core.kept.two");
        retention.run(true);
        long first = db.select(AUDIT_LOG.ID)
                .from(AUDIT_LOG)
                .where(AUDIT_LOG.WORKSPACE_ID.eq(workspace))
                .orderBy(AUDIT_LOG.ID)
                .limit(1)
                .fetchSingle(AUDIT_LOG.ID);

        db.deleteFrom(AUDIT_LOG).where(AUDIT_LOG.ID.eq(first)).execute();

        assertThat(verifier.verify(workspace.toString()).intact()).isFalse();
    }

    @Test
    void a_second_run_within_a_day_does_nothing_and_nothing_newer_than_the_retention_goes() {
        record("core.recent");
        clock.advance(Duration.ofDays(29));
        retention.run(false);
        assertThat(actions()).containsExactly("core.recent");

        clock.advance(Duration.ofHours(12));
        record("core.later");
        clock.advance(Duration.ofHours(36));
        assertThat(retention.run(false))
                .extracting(Archived::chainKey, Archived::entries)
                .contains(tuple(workspace.toString(), 1));
        assertThat(actions()).containsExactly("core.later");
        OffsetDateTime ran = db.select(AUDIT_MAINTENANCE.RETENTION_RAN_AT)
                .from(AUDIT_MAINTENANCE)
                .fetchSingle(AUDIT_MAINTENANCE.RETENTION_RAN_AT);

        clock.advance(Duration.ofHours(22));
        assertThat(retention.run(false)).as("another run within 23 hours").isEmpty();
        assertThat(db.select(AUDIT_MAINTENANCE.RETENTION_RAN_AT)
                        .from(AUDIT_MAINTENANCE)
                        .fetchSingle(AUDIT_MAINTENANCE.RETENTION_RAN_AT)
                        .toInstant())
                .isEqualTo(ran.toInstant());
        assertThat(actions()).containsExactly("core.later");
        assertThat(verifier.verify(workspace.toString()).summary()).isEqualTo("Intact: 1 entry checked");
    }
}
