package dev.vlmconsole.billing.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.DailyUsage;
import dev.vlmconsole.api.services.KeyCatalog.KeyFacts;
import dev.vlmconsole.api.services.UsageTotals;
import dev.vlmconsole.billing.BillingModule;
import dev.vlmconsole.billing.ledger.JooqLedger;
import dev.vlmconsole.billing.usage.UsageIngestion.Event;
import dev.vlmconsole.billing.usage.UsageReports.Day;
import dev.vlmconsole.testsupport.FakeConsoleContext;
import dev.vlmconsole.testsupport.ModuleDatabase;
import dev.vlmconsole.testsupport.MutableClock;
import dev.vlmconsole.testsupport.TestMembers;
import dev.vlmconsole.testsupport.TestWorkspace;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The daily reports and the keys page's usage queries, from the rollups ingestion keeps. */
class UsageReportsTest {

    static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
    static final LocalDate D1 = LocalDate.of(2026, 11, 18);
    static final LocalDate D2 = LocalDate.of(2026, 11, 19);

    ModuleDatabase db;
    TestKeyCatalog keys = new TestKeyCatalog();
    TestMembers members = new TestMembers();
    FakeConsoleContext context = new FakeConsoleContext(members, new BillingModule());
    TestWorkspace ws = members.newWorkspace();
    TestWorkspace other = members.newWorkspace();
    RollupUsageReports reports;
    RollupUsageQueries queries;
    KeyFacts chat;
    KeyFacts search;
    KeyFacts bare;
    KeyFacts foreign;

    @BeforeEach
    void setUp() {
        db = ModuleDatabase.h2().migrate(new BillingModule());
        MutableClock clock = new MutableClock(Instant.parse("2026-11-20T00:00:00Z"));
        JooqLedger ledger = new JooqLedger(db.dsl(), db.transactionManager(), clock, ZONE);
        JooqUsageIngestion ingestion =
                new JooqUsageIngestion(db.dsl(), db.transactionManager(), ledger, () -> keys, () -> null, clock);
        reports = new RollupUsageReports(db.dsl(), context, () -> keys);
        queries = new RollupUsageQueries(db.dsl(), () -> keys, ZONE);
        chat = keys.add(ws.id(), "chat");
        search = keys.add(ws.id(), "search");
        bare = keys.add(ws.id(), null);
        foreign = keys.add(other.id(), "chat");
        // 20:00 UTC on the 18th is the 19th in Tokyo
        ingestion.ingest(List.of(
                new Event("1", chat.keyId(), new BigDecimal("1.5"), Instant.parse("2026-11-18T01:00:00Z")),
                new Event("2", chat.keyId(), new BigDecimal("2"), Instant.parse("2026-11-18T20:00:00Z")),
                new Event("3", search.keyId(), new BigDecimal("0.000001"), Instant.parse("2026-11-18T02:00:00Z")),
                new Event("4", bare.keyId(), new BigDecimal("10"), Instant.parse("2026-11-19T02:00:00Z")),
                new Event("5", foreign.keyId(), new BigDecimal("100"), Instant.parse("2026-11-19T02:00:00Z"))));
        keys.requests(chat.keyId(), D1, 7);
        keys.requests(search.keyId(), D2, 3);
        keys.requests(foreign.keyId(), D2, 50);
        context.signIn(members.newMember(ws, Role.MEMBER), ws);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    static Day day(LocalDate d, long requests, String credits) {
        return new Day(d, requests, new BigDecimal(credits));
    }

    @Test
    void everyDayOfTheRangeWithRequestsAndCreditsOfTheWorkspaceOnly() {
        assertThat(reports.daily(D1.minusDays(1), D2, null, null))
                .containsExactly(day(D1.minusDays(1), 0, "0"), day(D1, 7, "1.500001"), day(D2, 3, "12"));
    }

    @Test
    void filteredByKeyAndByProject() {
        assertThat(reports.daily(D1, D2, chat.keyId(), null)).containsExactly(day(D1, 7, "1.5"), day(D2, 0, "2"));
        assertThat(reports.daily(D1, D2, null, "search")).containsExactly(day(D1, 0, "0.000001"), day(D2, 3, "0"));
        assertThat(reports.daily(D1, D2, chat.keyId(), "search")).containsExactly(day(D1, 0, "0"), day(D2, 0, "0"));
        assertThatThrownBy(() -> reports.daily(D1, D2, foreign.keyId(), null))
                .isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void csvHasAHeaderAndOneLinePerDay() {
        assertThat(reports.csv(D1, D2, null, null))
                .isEqualTo("day,requests,credits\n" + "2026-11-18,7,1.500001\n" + "2026-11-19,3,12\n");
    }

    @Test
    void rangesAreChecked() {
        assertThatThrownBy(() -> reports.daily(D2, D1, null, null))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("from"));
        assertThatThrownBy(() -> reports.daily(D1, D1.plusDays(UsageReports.MAX_DAYS), null, null))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("to"));
        assertThat(reports.daily(D1, D1.plusDays(UsageReports.MAX_DAYS - 1), null, null))
                .hasSize(UsageReports.MAX_DAYS);
    }

    @Test
    void projectsOfTheWorkspacesKeys() {
        assertThat(reports.projects()).containsExactly("chat", "search");
    }

    @Test
    void readingNeedsTheReadPermission() {
        context.signOut();
        assertThatThrownBy(() -> reports.daily(D1, D2, null, null)).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(reports::projects).isInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void usageQueriesAnswerPerKeyInTheBillingZone() {
        assertThat(queries.dayZone()).isEqualTo(ZONE);
        assertThat(queries.totalsByKey(ws.id(), D1, D2))
                .containsOnlyKeys(chat.keyId(), search.keyId(), bare.keyId())
                .containsEntry(chat.keyId(), new UsageTotals(7, new BigDecimal("3.5")))
                .containsEntry(search.keyId(), new UsageTotals(3, new BigDecimal("0.000001")));
        assertThat(queries.daily(ws.id(), chat.keyId(), D1, D2))
                .containsExactly(
                        new DailyUsage(D1, new UsageTotals(7, new BigDecimal("1.5"))),
                        new DailyUsage(D2, new UsageTotals(0, new BigDecimal("2"))));
        assertThat(queries.daily(ws.id(), foreign.keyId(), D1, D2))
                .extracting(d -> d.totals().credits())
                .containsOnly(BigDecimal.ZERO);
    }
}
