package dev.vlmconsole.app.operators;

import static dev.vlmconsole.app.db.Tables.AUDIT_LOG;
import static dev.vlmconsole.app.db.Tables.MEMBERSHIPS;
import static dev.vlmconsole.app.db.Tables.USERS;
import static dev.vlmconsole.app.db.Tables.WORKSPACES;
import static dev.vlmconsole.keys.db.Tables.API_KEYS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.services.KeyCatalog;
import dev.vlmconsole.api.services.WorkspaceAccounts;
import dev.vlmconsole.api.services.WorkspaceStatus;
import dev.vlmconsole.app.operators.OperatorWorkspaces.Search;
import dev.vlmconsole.app.operators.OperatorWorkspaces.Sort;
import dev.vlmconsole.app.operators.OperatorWorkspaces.WorkspaceSummary;
import dev.vlmconsole.keys.catalog.KeysCatalog;
import dev.vlmconsole.testsupport.FakeConsoleContext;
import dev.vlmconsole.testsupport.ModuleDatabase;
import dev.vlmconsole.testsupport.TestChangeFeed;
import dev.vlmconsole.testsupport.TestMembers;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * The operators' list on 10,000 workspaces (20,000 people, 25,000 memberships, 10,000 keys, 50,000
 * audit entries), on H2 and on PostgreSQL: every sort and every kind of search answers the right
 * workspaces, page after page. It prints how long a page and a search take (median of 7 after 3
 * warm-up rounds, the figures in {@code bench/RESULTS.md}); it asserts no time, which depends on the
 * machine.
 */
class OperatorWorkspacesAtScaleTest {

    static final int COUNT = 10_000;
    static final int PAGE = 50;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void pages_and_searches_stay_right_on_ten_thousand_workspaces(String kind) {
        try (ModuleDatabase database = kind.equals("h2") ? ModuleDatabase.h2() : ModuleDatabase.postgres()) {
            database.migrate("core", "classpath:db/migration/core").migrate("keys", "classpath:db/migration/keys");
            long seeding = System.nanoTime();
            Seeded seeded = seed(database.dsl());
            if (database.isPostgres()) {
                database.dsl().execute("analyze"); // as autovacuum would have by then
            }
            System.out.printf(
                    Locale.ROOT,
                    "Seeded %d workspaces on %s in %.1f s%n",
                    COUNT,
                    kind,
                    (System.nanoTime() - seeding) / 1e9);
            TestMembers members = new TestMembers();
            FakeConsoleContext context = new FakeConsoleContext(members);
            context.signIn(members.newOperator());
            KeysCatalog catalog =
                    new KeysCatalog(database.dsl(), database.tx(), new TestChangeFeed(), Clock.systemUTC(), 10_000);
            StaticListableBeanFactory beans = new StaticListableBeanFactory();
            beans.addBean("keys", catalog);
            OperatorWorkspaces service = new OperatorWorkspaces(
                    new OperatorWorkspaceRepository(database.dsl()),
                    context,
                    beans.getBeanProvider(WorkspaceAccounts.class),
                    beans.getBeanProvider(WorkspaceStatus.class),
                    beans.getBeanProvider(KeyCatalog.class));
            Timer t = new Timer(database);

            assertThat(t.time("count, every workspace", () -> service.count(Search.EVERY)))
                    .isEqualTo(COUNT);
            List<WorkspaceSummary> byName =
                    t.time("first page by name", () -> service.list(Search.EVERY, Sort.NAME, false, 0, PAGE));
            assertThat(byName)
                    .extracting(WorkspaceSummary::name)
                    .isSortedAccordingTo(Comparator.comparing(n -> n.toLowerCase(Locale.ROOT)));
            assertThat(byName.getFirst().name()).isEqualTo(name(0));
            List<WorkspaceSummary> last = t.time(
                    "last page by name (offset 9,950)",
                    () -> service.list(Search.EVERY, Sort.NAME, false, COUNT - PAGE, PAGE));
            assertThat(last.getLast().name()).isEqualTo(name(COUNT - 1));
            List<WorkspaceSummary> active = t.time(
                    "first page by last activity", () -> service.list(Search.EVERY, Sort.LAST_ACTIVITY, true, 0, PAGE));
            assertThat(active)
                    .extracting(WorkspaceSummary::lastActivityAt)
                    .isSortedAccordingTo(Comparator.nullsLast(Comparator.<Instant>reverseOrder()));
            assertThat(active.getFirst().id()).isEqualTo(seeded.workspaces[seeded.mostRecent]);
            List<WorkspaceSummary> biggest =
                    t.time("first page by members", () -> service.list(Search.EVERY, Sort.MEMBERS, true, 0, PAGE));
            assertThat(biggest.getFirst().members()).isEqualTo(4);
            t.time("first page by created", () -> service.list(Search.EVERY, Sort.CREATED, true, 0, PAGE));

            int target = 7_345;
            assertThat(t.time(
                            "search a member's email (part)",
                            () -> service.list(Search.of("member-" + target + "@"), Sort.NAME, false, 0, PAGE)))
                    .extracting(WorkspaceSummary::id)
                    .containsExactly(seeded.workspaces[target]);
            assertThat(t.time(
                            "search a workspace name (part)",
                            () -> service.list(Search.of("company 0" + target + " "), Sort.NAME, false, 0, PAGE)))
                    .extracting(WorkspaceSummary::id)
                    .containsExactly(seeded.workspaces[target]);
            assertThat(t.time(
                            "search a key prefix",
                            () -> service.list(Search.of(seeded.prefixes[target]), Sort.NAME, false, 0, PAGE)))
                    .extracting(WorkspaceSummary::id)
                    .contains(seeded.workspaces[target]);
            assertThat(t.time("count a name search matching 1,000", () -> service.count(Search.of("company 07"))))
                    .isEqualTo(1_000);
            t.print(kind);
        }
    }

    /** Names sort as their numbers do: "Company 00042 Ltd". */
    static String name(int i) {
        return String.format(Locale.ROOT, "Company %05d Ltd", i);
    }

    record Seeded(UUID[] workspaces, String[] prefixes, int mostRecent) {}

    /** Seeds with prepared-statement batches (one per table and chunk); reproducible (seeded random). */
    private static Seeded seed(DSLContext db) {
        Random random = new Random(42);
        OffsetDateTime base = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        UUID[] workspaces = new UUID[COUNT];
        String[] prefixes = new String[COUNT];
        int mostRecent = 4_242;
        BatchBindStep ws = db.batch(db.insertInto(WORKSPACES, WORKSPACES.ID, WORKSPACES.NAME, WORKSPACES.CREATED_AT)
                .values((UUID) null, null, null));
        BatchBindStep users = db.batch(db.insertInto(
                        USERS,
                        USERS.ID,
                        USERS.EMAIL,
                        USERS.DISPLAY_NAME,
                        USERS.PASSWORD_HASH,
                        USERS.CREATED_AT,
                        USERS.LAST_ACTIVE_AT)
                .values((UUID) null, null, null, null, null, null));
        BatchBindStep memberships = db.batch(db.insertInto(
                        MEMBERSHIPS,
                        MEMBERSHIPS.WORKSPACE_ID,
                        MEMBERSHIPS.USER_ID,
                        MEMBERSHIPS.ROLE,
                        MEMBERSHIPS.JOINED_AT)
                .values((UUID) null, null, null, null));
        BatchBindStep keys = db.batch(db.insertInto(
                        API_KEYS,
                        API_KEYS.ID,
                        API_KEYS.WORKSPACE_ID,
                        API_KEYS.OWNER_USER_ID,
                        API_KEYS.NAME,
                        API_KEYS.SCOPE,
                        API_KEYS.DISPLAY_PREFIX,
                        API_KEYS.CREATED_AT)
                .values((UUID) null, null, null, null, null, null, null));
        BatchBindStep audit = db.batch(db.insertInto(
                        AUDIT_LOG,
                        AUDIT_LOG.WORKSPACE_ID,
                        AUDIT_LOG.OCCURRED_AT,
                        AUDIT_LOG.ACTOR_KIND,
                        AUDIT_LOG.ACTOR_ID,
                        AUDIT_LOG.ACTOR_NAME,
                        AUDIT_LOG.ACTION,
                        AUDIT_LOG.TARGET,
                        AUDIT_LOG.DETAILS,
                        AUDIT_LOG.SOURCE_ADDRESS)
                .values((UUID) null, null, null, null, null, null, null, null, null));
        for (int i = 0; i < COUNT; i++) {
            UUID w = UUID.randomUUID();
            workspaces[i] = w;
            ws.bind(w, name(i), base.plusMinutes(i));
            int people = i % 10 == 0 ? 4 : i % 3 == 0 ? 3 : 2;
            for (int p = 0; p < people; p++) {
                UUID u = UUID.randomUUID();
                String email =
                        (p == 0 ? "owner-" : "member-") + i + (p > 1 ? "-" + p : "") + "@example" + (i % 97) + ".test";
                OffsetDateTime active = i == mostRecent && p == 0
                        ? base.plusDays(400)
                        : random.nextInt(4) == 0 ? null : base.plusMinutes(random.nextInt(500_000));
                users.bind(u, email, "Person " + i + "-" + p, "", base, active);
                memberships.bind(w, u, p == 0 ? "OWNER" : "MEMBER", base);
            }
            prefixes[i] = "vlm_live_" + base62(random, 4);
            keys.bind(UUID.randomUUID(), w, UUID.randomUUID(), "key " + i, "inference", prefixes[i], base);
            for (int a = 0; a < 5; a++) {
                audit.bind(
                        w,
                        base.plusMinutes(random.nextInt(500_000)),
                        "USER",
                        UUID.randomUUID(),
                        "someone",
                        "keys.key.created",
                        "",
                        "",
                        "");
            }
        }
        for (BatchBindStep batch : List.of(ws, users, memberships, keys, audit)) {
            batch.execute();
        }
        return new Seeded(workspaces, prefixes, mostRecent);
    }

    private static String base62(Random random, int n) {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /** Runs each measured call 3 times to warm up, then 7 times, in a read-only transaction each. */
    private static final class Timer {
        private final ModuleDatabase database;
        private final StringBuilder report = new StringBuilder();

        Timer(ModuleDatabase database) {
            this.database = database;
        }

        <T> T time(String what, Supplier<T> call) {
            T result = null;
            for (int i = 0; i < 3; i++) {
                result = database.tx().execute(s -> call.get());
            }
            double[] ms = new double[7];
            for (int i = 0; i < ms.length; i++) {
                long start = System.nanoTime();
                result = database.tx().execute(s -> call.get());
                ms[i] = (System.nanoTime() - start) / 1e6;
            }
            Arrays.sort(ms);
            report.append(String.format(Locale.ROOT, "| %s | %.1f ms | %.1f ms |%n", what, ms[3], ms[6]));
            return result;
        }

        void print(String kind) {
            System.out.println("Operators' workspace list on " + kind + ", " + COUNT
                    + " workspaces (median and slowest of 7):\n" + report);
        }
    }
}
