package dev.vlmconsole.app.audit;

import static dev.vlmconsole.app.db.Tables.AUDIT_CHAIN_HEAD;
import static dev.vlmconsole.app.db.Tables.AUDIT_LOG;
import static dev.vlmconsole.app.db.Tables.AUDIT_MAINTENANCE;
import static dev.vlmconsole.app.db.Tables.AUDIT_PEOPLE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.app.audit.AuditVerifier.Verification;
import dev.vlmconsole.app.workspaces.WorkspaceRepository;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The hash chains (DD026) on a real database, changed behind the console's back with SQL as an
 * intruder with database access would: the check names the first entry that no longer follows.
 * Each test commits (no rollback) in a workspace of its own. Run on H2 and PostgreSQL.
 */
abstract class AuditChainTests {

    @Autowired
    AuditLogService audit;

    @Autowired
    AuditVerifier verifier;

    @Autowired
    WorkspaceRepository workspaces;

    @Autowired
    DSLContext db;

    @Autowired
    TransactionTemplate tx;

    private UUID workspace;
    private String key;
    private final Actor alice = new Actor(Actor.Kind.USER, UUID.randomUUID(), "alice@example.test", "Alice", false);

    @BeforeEach
    void newWorkspace() {
        workspace = tx.execute(s -> workspaces.insertWorkspace("Chained " + UUID.randomUUID()));
        key = AuditChain.key(workspace);
    }

    private List<Long> append(int n) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int nr = i;
            tx.executeWithoutResult(s -> audit.record(new AuditEntry(
                    workspace,
                    alice,
                    "core.chain.tested",
                    AuditTarget.apiKey(UUID.randomUUID(), "key " + nr),
                    "for bob@example.test",
                    "203.0.113.9")));
            ids.add(lastId());
        }
        return ids;
    }

    private long lastId() {
        return db.select(AUDIT_LOG.ID)
                .from(AUDIT_LOG)
                .where(AUDIT_LOG.WORKSPACE_ID.eq(workspace))
                .orderBy(AUDIT_LOG.ID.desc())
                .limit(1)
                .fetchSingle(AUDIT_LOG.ID);
    }

    @Test
    void entries_appended_by_the_service_form_an_intact_chain() {
        List<Long> ids = append(5);

        Verification v = verifier.verify(key);

        assertThat(v.intact()).isTrue();
        assertThat(v.checked()).isEqualTo(5);
        assertThat(v.firstBrokenEntryId()).isNull();
        assertThat(v.summary()).isEqualTo("Intact: 5 entries checked");
        var rows = db.selectFrom(AUDIT_LOG)
                .where(AUDIT_LOG.ID.in(ids))
                .orderBy(AUDIT_LOG.ID)
                .fetch();
        assertThat(rows.get(0).getPrevHash()).isEqualTo(AuditChain.GENESIS);
        assertThat(rows.get(1).getPrevHash()).isEqualTo(rows.get(0).getHash());
        assertThat(rows).allSatisfy(r -> assertThat(r.getHash()).isEqualTo(AuditChain.hash(r)));
        var head = db.selectFrom(AUDIT_CHAIN_HEAD)
                .where(AUDIT_CHAIN_HEAD.CHAIN_KEY.eq(key))
                .fetchSingle();
        assertThat(head.getLastId()).isEqualTo(ids.getLast());
        assertThat(head.getLastHash()).isEqualTo(rows.getLast().getHash());
    }

    @Test
    void names_and_emails_are_stored_as_references_and_read_back_in_full() {
        long id = append(1).getFirst();

        var row = db.selectFrom(AUDIT_LOG).where(AUDIT_LOG.ID.eq(id)).fetchSingle();
        assertThat(row.getActorName() + row.getDetails()).doesNotContain("alice", "Alice", "bob@");
        assertThat(row.getActorPerson()).isNotNull();
        assertThat(db.selectFrom(AUDIT_PEOPLE)
                        .where(AUDIT_PEOPLE.ID.eq(row.getActorPerson()))
                        .fetchSingle()
                        .getEmail())
                .isEqualTo("alice@example.test");
    }

    @Test
    void a_column_changed_with_sql_is_named() {
        List<Long> ids = append(4);
        db.update(AUDIT_LOG)
                .set(AUDIT_LOG.DETAILS, "nothing to see")
                .where(AUDIT_LOG.ID.eq(ids.get(2)))
                .execute();

        Verification v = verifier.verify(key);

        assertThat(v.intact()).isFalse();
        assertThat(v.firstBrokenEntryId()).isEqualTo(ids.get(2));
        assertThat(v.checked()).isEqualTo(2);
        assertThat(v.summary()).isEqualTo("Entry #" + ids.get(2) + " was changed or an entry before it removed");
    }

    @Test
    void every_column_counts_even_the_operator_marker_and_a_microsecond() {
        List<Long> ids = append(3);
        db.update(AUDIT_LOG)
                .set(AUDIT_LOG.ACTOR_OPERATOR, true)
                .where(AUDIT_LOG.ID.eq(ids.get(0)))
                .execute();
        assertThat(verifier.verify(key).firstBrokenEntryId()).isEqualTo(ids.get(0));

        db.update(AUDIT_LOG)
                .set(AUDIT_LOG.ACTOR_OPERATOR, false)
                .where(AUDIT_LOG.ID.eq(ids.get(0)))
                .execute();
        assertThat(verifier.verify(key).intact()).isTrue();

        OffsetDateTime at = db.select(AUDIT_LOG.OCCURRED_AT)
                .from(AUDIT_LOG)
                .where(AUDIT_LOG.ID.eq(ids.get(1)))
                .fetchSingle(AUDIT_LOG.OCCURRED_AT);
        db.update(AUDIT_LOG)
                .set(AUDIT_LOG.OCCURRED_AT, at.plusNanos(1_000))
                .where(AUDIT_LOG.ID.eq(ids.get(1)))
                .execute();
        assertThat(verifier.verify(key).firstBrokenEntryId()).isEqualTo(ids.get(1));
    }

    @Test
    void a_removed_entry_is_found_at_the_entry_after_the_gap() {
        List<Long> ids = append(4);
        db.deleteFrom(AUDIT_LOG).where(AUDIT_LOG.ID.eq(ids.get(1))).execute();

        Verification v = verifier.verify(key);

        assertThat(v.intact()).isFalse();
        assertThat(v.firstBrokenEntryId()).isEqualTo(ids.get(2));
    }

    @Test
    void a_removed_last_entry_is_found_by_the_head() {
        List<Long> ids = append(3);
        db.deleteFrom(AUDIT_LOG).where(AUDIT_LOG.ID.eq(ids.get(2))).execute();

        Verification v = verifier.verify(key);

        assertThat(v.intact()).isFalse();
        assertThat(v.checked()).isEqualTo(2);
        assertThat(v.firstBrokenEntryId()).isEqualTo(ids.get(2));
        assertThat(v.summary()).isEqualTo("Entry #" + ids.get(2) + ", the last one, was removed or changed");
    }

    @Test
    void an_entry_added_around_the_console_is_found() {
        append(2);
        db.insertInto(AUDIT_LOG)
                .set(AUDIT_LOG.WORKSPACE_ID, workspace)
                .set(AUDIT_LOG.OCCURRED_AT, OffsetDateTime.now(ZoneOffset.UTC))
                .set(AUDIT_LOG.ACTOR_KIND, "USER")
                .set(AUDIT_LOG.ACTOR_ID, UUID.randomUUID())
                .set(AUDIT_LOG.ACTOR_NAME, "Mallory")
                .set(AUDIT_LOG.ACTION, "core.chain.forged")
                .set(AUDIT_LOG.TARGET, "")
                .set(AUDIT_LOG.DETAILS, "")
                .set(AUDIT_LOG.SOURCE_ADDRESS, "")
                .execute();

        Verification v = verifier.verify(key);

        assertThat(v.intact()).isFalse();
        assertThat(v.firstBrokenEntryId()).isEqualTo(lastId());
    }

    @Test
    void install_wide_entries_form_their_own_chain() {
        append(2);
        tx.executeWithoutResult(s ->
                audit.record(new AuditEntry(null, Actor.SYSTEM, "core.install.checked", AuditTarget.NONE, "", "")));

        assertThat(db.selectFrom(AUDIT_LOG)
                        .where(AUDIT_LOG.WORKSPACE_ID.isNull())
                        .orderBy(AUDIT_LOG.ID.desc())
                        .limit(1)
                        .fetchSingle()
                        .getAction())
                .isEqualTo("core.install.checked");
        assertThat(verifier.verify(AuditChain.INSTALL).intact()).isTrue();
        assertThat(verifier.verify(key).checked()).isEqualTo(2);
    }

    @Test
    void many_threads_appending_to_one_workspace_leave_an_intact_chain() throws Exception {
        int threads = 8;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Void>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                work.add(() -> {
                    for (int i = 0; i < each; i++) {
                        tx.executeWithoutResult(s -> audit.record(
                                new AuditEntry(workspace, alice, "core.concurrent", AuditTarget.NONE, "", "")));
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(work)) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }

        Verification v = verifier.verify(key);

        assertThat(v.summary()).isEqualTo("Intact: 200 entries checked");
    }

    @Test
    void entries_written_before_the_chain_are_chained_once_with_their_names_as_references() {
        for (String actor : List.of("Carol <carol@example.test>", "system")) {
            db.insertInto(AUDIT_LOG)
                    .set(AUDIT_LOG.WORKSPACE_ID, workspace)
                    .set(
                            AUDIT_LOG.OCCURRED_AT,
                            OffsetDateTime.now(ZoneOffset.UTC).minusDays(3))
                    .set(AUDIT_LOG.ACTOR_KIND, "USER")
                    .set(AUDIT_LOG.ACTOR_ID, UUID.randomUUID())
                    .set(AUDIT_LOG.ACTOR_NAME, actor)
                    .set(AUDIT_LOG.ACTION, "core.chain.legacy")
                    .set(AUDIT_LOG.TARGET, "dave@example.test")
                    .set(AUDIT_LOG.DETAILS, "")
                    .set(AUDIT_LOG.SOURCE_ADDRESS, "")
                    .execute();
        }
        long before = db.select(AUDIT_MAINTENANCE.LEGACY_UP_TO)
                .from(AUDIT_MAINTENANCE)
                .fetchSingle(AUDIT_MAINTENANCE.LEGACY_UP_TO);
        db.update(AUDIT_MAINTENANCE)
                .set(AUDIT_MAINTENANCE.LEGACY_UP_TO, lastId())
                .execute();
        try {
            append(1);
        } finally {
            db.update(AUDIT_MAINTENANCE)
                    .set(AUDIT_MAINTENANCE.LEGACY_UP_TO, before)
                    .execute();
        }

        assertThat(verifier.verify(key).summary()).isEqualTo("Intact: 3 entries checked");
        var legacy = db.selectFrom(AUDIT_LOG)
                .where(AUDIT_LOG.WORKSPACE_ID.eq(workspace))
                .orderBy(AUDIT_LOG.ID)
                .limit(1)
                .fetchSingle();
        assertThat(legacy.getActorName() + legacy.getTarget()).doesNotContain("carol", "Carol", "dave");
        assertThat(legacy.getActorPerson()).isNotNull();
    }
}
