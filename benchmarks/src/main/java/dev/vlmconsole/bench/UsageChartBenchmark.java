package dev.vlmconsole.bench;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The 30-day usage chart with 10 million ingested events, on PostgreSQL: the console jar on an
 * embedded PostgreSQL ({@link ConsoleProcess}), 10 keys in 5 projects, one batch of 1,000 events
 * ingested over HTTP (so that the billing account, rollups and ledger are opened the way ingestion
 * opens them), then {@code events} more (10,000,000 by default) written by bulk SQL
 * ({@code generate_series}) into {@code billing_usage_event} over the last 30 days, and the per-key,
 * per-project and per-workspace daily rollups raised by exactly what those events add up to per day
 * (a {@code group by} over them, in the billing time zone UTC), as ingestion would leave them; the
 * ledger is not written for the bulk events (the chart does not read it), and verification counts
 * ({@code api_key_daily_requests}) get one row per key and day. Checks that the chart's 30 days add up
 * to the credits of every event, then times {@code GET /api/v1/usage/daily} for the last 30 days (the
 * Billing page's chart and CSV read the same {@code UsageReports.daily}): the whole workspace, one key,
 * one project, {@code calls} times each after a warm-up, and prints p50/p95/p99/max, with
 * {@code GET /api/v1/ping} timed the same way as the floor of one HTTP call on the machine. The
 * console runs with {@code console.api.management-rate-limit=1000000}: the admin key's 600 calls a
 * minute would stop the client.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.vlmconsole.bench.UsageChartBenchmark [events=10000000] [calls=300]
 * </pre>
 */
public final class UsageChartBenchmark {

    private static final Pattern CREDITS = Pattern.compile("\"credits\"\\s*:\\s*\"?([0-9.eE+-]+)");
    private static final long CHUNK = 1_000_000;

    private UsageChartBenchmark() {}

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        Path jar = Path.of(System.getProperty("console.jar", "console-app/target/console.jar"));
        System.out.printf("30-day chart, PostgreSQL, %d bulk events, %d calls per query%n", events, calls);
        System.out.println("load average before start: " + IngestionHttpBenchmark.loadAverage());
        // the admin key's calls are management calls, 600 a minute by default: this client makes more
        try (ConsoleProcess console =
                new ConsoleProcess("postgres", jar, "--console.api.management-rate-limit=1000000")) {
            List<String> keys = new ArrayList<>();
            List<String> projects = new ArrayList<>();
            for (int k = 0; k < IngestionHttpBenchmark.KEYS; k++) {
                keys.add(console.createKey("chart-" + k, "project-" + (k % 5)));
                projects.add("project-" + (k % 5));
            }
            ingestOneBatch(console, keys);
            try (Connection c = DriverManager.getConnection(console.postgresUrl())) {
                load(c, events, keys, projects);
            }
            LocalDate to = LocalDate.now(ZoneOffset.UTC);
            LocalDate from = to.minusDays(29);
            String range = "/api/v1/usage/daily?from=" + from + "&to=" + to;
            BigDecimal chart = sum(console.get(range));
            BigDecimal stored;
            try (Connection c = DriverManager.getConnection(console.postgresUrl());
                    Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("select sum(credits), count(*) from billing_usage_event")) {
                r.next();
                stored = r.getBigDecimal(1);
                System.out.printf("events stored: %d%n", r.getLong(2));
            }
            System.out.printf(
                    "chart total %s, events total %s: %s%n",
                    chart.toPlainString(),
                    stored.toPlainString(),
                    chart.compareTo(stored) == 0 ? "exact" : "DIFFERENT");
            System.out.println("load average before measuring: " + IngestionHttpBenchmark.loadAverage());
            measure(console, "workspace", range, calls);
            measure(console, "one key", range + "&keyId=" + keys.get(0), calls);
            measure(console, "one project", range + "&project=project-0", calls);
            measure(console, "ping (floor)", "/api/v1/ping", calls);
            System.out.println("load average after measuring: " + IngestionHttpBenchmark.loadAverage());
        }
    }

    private static void ingestOneBatch(ConsoleProcess console, List<String> keys) throws Exception {
        Instant at = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        StringBuilder body = new StringBuilder("{\"events\":[");
        for (int j = 0; j < IngestionHttpBenchmark.BATCH; j++) {
            if (j > 0) {
                body.append(',');
            }
            body.append("{\"id\":\"http-")
                    .append(j)
                    .append("\",\"keyId\":\"")
                    .append(keys.get(j % keys.size()))
                    .append("\",\"credits\":0.25,\"timestamp\":\"")
                    .append(at.plusMillis(j))
                    .append("\"}");
        }
        HttpResponse<String> answer = console.postUsage(body.append("]}").toString());
        if (answer.statusCode() != 202) {
            throw new IllegalStateException("ingest: " + answer.statusCode() + " " + answer.body());
        }
    }

    /** The bulk events and what they add to the rollups, in chunks of a million (progress printed). */
    private static void load(Connection c, long events, List<String> keys, List<String> projects) throws Exception {
        UUID workspace;
        Object cycleStart;
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select workspace_id, cycle_start from billing_account")) {
            r.next();
            workspace = (UUID) r.getObject(1);
            cycleStart = r.getObject(2);
            if (r.next()) {
                throw new IllegalStateException("expected one billing account");
            }
        }
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("create temporary table bench_key_project (key_id uuid primary key, project varchar(100))");
        }
        try (PreparedStatement p = c.prepareStatement("insert into bench_key_project values (?::uuid, ?)")) {
            for (int k = 0; k < keys.size(); k++) {
                p.setString(1, keys.get(k));
                p.setString(2, projects.get(k));
                p.addBatch();
            }
            p.executeBatch();
        }
        long t0 = System.nanoTime();
        // occurred from the start of the 30th day back (UTC) to 5 minutes ago; credits 0.000001 to 3
        Instant start = LocalDate.now(ZoneOffset.UTC)
                .minusDays(29)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
        long span = ChronoUnit.SECONDS.between(start, Instant.now().minus(5, ChronoUnit.MINUTES));
        String insert = "insert into billing_usage_event"
                + " (event_id, key_id, workspace_id, credits, occurred_at, received_at, cycle_start, late)"
                + " select 'bulk-' || g, (?::uuid[])[1 + g % ?], ?, ((g * 7919) % 3000000 + 1) / 1000000.0,"
                + " t, t, ?, false"
                + " from generate_series(?::bigint, ?::bigint) g,"
                + " lateral (select ?::timestamptz + (g % ?) * interval '1 second' as t) o";
        try (PreparedStatement p = c.prepareStatement(insert)) {
            for (long first = 1; first <= events; first += CHUNK) {
                long last = Math.min(events, first + CHUNK - 1);
                p.setArray(1, c.createArrayOf("uuid", keys.toArray()));
                p.setInt(2, keys.size());
                p.setObject(3, workspace);
                p.setObject(4, cycleStart);
                p.setLong(5, first);
                p.setLong(6, last);
                p.setObject(7, start.atOffset(ZoneOffset.UTC));
                p.setLong(8, span);
                p.executeUpdate();
                c.commit();
                System.out.printf("  %,d events written (%.0f s)%n", last, (System.nanoTime() - t0) / 1e9);
            }
        }
        String bulk = "from billing_usage_event e where e.event_id like 'bulk-%'";
        String day = "(e.occurred_at at time zone 'UTC')::date";
        try (Statement s = c.createStatement()) {
            s.executeUpdate("insert into billing_daily_key_usage (workspace_id, key_id, usage_day, credits, events)"
                    + " select e.workspace_id, e.key_id, " + day + ", sum(e.credits), count(*) " + bulk
                    + " group by 1, 2, 3 on conflict (key_id, usage_day) do update set"
                    + " credits = billing_daily_key_usage.credits + excluded.credits,"
                    + " events = billing_daily_key_usage.events + excluded.events");
            s.executeUpdate(
                    "insert into billing_daily_project_usage (workspace_id, project, usage_day, credits, events)"
                            + " select e.workspace_id, kp.project, " + day + ", sum(e.credits), count(*) "
                            + bulk.replace("e where", "e join bench_key_project kp on kp.key_id = e.key_id where")
                            + " group by 1, 2, 3 on conflict (workspace_id, project, usage_day) do update set"
                            + " credits = billing_daily_project_usage.credits + excluded.credits,"
                            + " events = billing_daily_project_usage.events + excluded.events");
            s.executeUpdate("insert into billing_daily_workspace_usage (workspace_id, usage_day, credits, events)"
                    + " select e.workspace_id, " + day + ", sum(e.credits), count(*) " + bulk
                    + " group by 1, 2 on conflict (workspace_id, usage_day) do update set"
                    + " credits = billing_daily_workspace_usage.credits + excluded.credits,"
                    + " events = billing_daily_workspace_usage.events + excluded.events");
            s.executeUpdate("insert into api_key_daily_requests (key_id, usage_day, requests)"
                    + " select k.key_id, d::date, 1000 from bench_key_project k,"
                    + " generate_series(current_date - 30, current_date, interval '1 day') d"
                    + " on conflict (key_id, usage_day) do update set requests = api_key_daily_requests.requests"
                    + " + excluded.requests");
            c.commit();
            c.setAutoCommit(true);
            s.execute("analyze");
        }
        System.out.printf("  rollups written, tables analyzed (%.0f s in all)%n", (System.nanoTime() - t0) / 1e9);
    }

    private static void measure(ConsoleProcess console, String what, String path, int calls) throws Exception {
        boolean ping = path.equals("/api/v1/ping");
        for (int i = 0; i < Math.max(20, calls / 10); i++) {
            call(console, path, ping);
        }
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            call(console, path, ping);
            times.add(System.nanoTime() - t0);
        }
        Collections.sort(times);
        System.out.printf(
                "%-12s p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms (%d calls, HTTP included)%n",
                what,
                IngestionHttpBenchmark.percentile(times, 50) / 1e6,
                IngestionHttpBenchmark.percentile(times, 95) / 1e6,
                IngestionHttpBenchmark.percentile(times, 99) / 1e6,
                times.get(times.size() - 1) / 1e6,
                calls);
    }

    private static void call(ConsoleProcess console, String path, boolean ping) throws Exception {
        if (ping) {
            if (console.getPublic(path) != 200) {
                throw new IllegalStateException("ping failed");
            }
        } else {
            console.get(path);
        }
    }

    private static BigDecimal sum(String days) {
        BigDecimal total = BigDecimal.ZERO;
        Matcher m = CREDITS.matcher(days);
        while (m.find()) {
            total = total.add(new BigDecimal(m.group(1)));
        }
        return total;
    }
}
