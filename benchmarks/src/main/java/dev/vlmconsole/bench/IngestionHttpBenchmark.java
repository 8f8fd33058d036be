package dev.vlmconsole.bench;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;

/**
 * Usage ingestion over HTTP: {@code POST /api/v1/usage} in batches of 1,000 unique events (spread
 * over 10 keys in 5 projects, credits with 6 fractional digits) from {@code clients} threads against
 * the console jar started on 127.0.0.1 with a bootstrap platform key ({@link ConsoleProcess}), on an
 * H2 file or an embedded PostgreSQL. Prints events per second over the measured batches (after
 * warm-up batches), batch latencies, the load average, and checks that the workspace's
 * {@code usage.credits} equals the credits sent, exactly. Stops the console and the database.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.vlmconsole.bench.IngestionHttpBenchmark h2 [batches=200] [clients=4] [warmup=30]
 * java -cp benchmarks/target/benchmarks.jar dev.vlmconsole.bench.IngestionHttpBenchmark postgres
 * </pre>
 *
 * The jar is {@code console-app/target/console.jar} unless {@code -Dconsole.jar=...} names another.
 */
public final class IngestionHttpBenchmark {

    static final int BATCH = 1000;
    static final int KEYS = 10;

    private IngestionHttpBenchmark() {}

    public static void main(String[] args) throws Exception {
        String database = args.length > 0 ? args[0] : "h2";
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        Path jar = Path.of(System.getProperty("console.jar", "console-app/target/console.jar"));
        System.out.printf(
                "ingestion over HTTP, %s, batches of %d, %d clients, %d warm-up + %d measured batches%n",
                database, BATCH, clients, warmup, batches);
        System.out.println("load average before start: " + loadAverage());
        try (ConsoleProcess console = new ConsoleProcess(database, jar)) {
            List<String> keys = new ArrayList<>();
            for (int k = 0; k < KEYS; k++) {
                keys.add(console.createKey("bench-" + k, "project-" + (k % 5)));
            }
            Instant at = Instant.now().minus(2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
            AtomicReference<BigDecimal> sent = new AtomicReference<>(BigDecimal.ZERO);
            run(console, keys, at, 0, warmup, clients, sent);
            System.out.println("load average before measuring: " + loadAverage());
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            long started = System.nanoTime();
            latencies.addAll(run(console, keys, at, warmup, batches, clients, sent));
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.println("load average after measuring: " + loadAverage());
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            System.out.printf(
                    "%s: %d events in %.2f s = %.0f events/s; batch latency p50 %.0f ms, p95 %.0f ms, max %.0f ms%n",
                    database,
                    (long) batches * BATCH,
                    seconds,
                    batches * BATCH / seconds,
                    percentile(sorted, 50) / 1e6,
                    percentile(sorted, 95) / 1e6,
                    sorted.get(sorted.size() - 1) / 1e6);
            BigDecimal usage = console.usageCredits();
            System.out.printf(
                    "usage.credits %s, credits sent %s: %s%n",
                    usage.toPlainString(),
                    sent.get().toPlainString(),
                    usage.compareTo(sent.get()) == 0 ? "exact" : "DIFFERENT");
        }
    }

    /** Posts batches {@code first} to {@code first + count - 1} from {@code clients} threads; their latencies. */
    private static List<Long> run(
            ConsoleProcess console,
            List<String> keys,
            Instant at,
            int first,
            int count,
            int clients,
            AtomicReference<BigDecimal> sent)
            throws Exception {
        AtomicInteger next = new AtomicInteger(first);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(pool.submit(() -> {
                    int batch;
                    while ((batch = next.getAndIncrement()) < first + count) {
                        StringBuilder body = new StringBuilder(BATCH * 140).append("{\"events\":[");
                        BigDecimal credits = BigDecimal.ZERO;
                        for (int j = 0; j < BATCH; j++) {
                            BigDecimal e = BigDecimal.valueOf((batch * 31L + j * 7_919L) % 3_000_000L + 1, 6);
                            credits = credits.add(e);
                            if (j > 0) {
                                body.append(',');
                            }
                            body.append("{\"id\":\"b")
                                    .append(batch)
                                    .append('-')
                                    .append(j)
                                    .append("\",\"keyId\":\"")
                                    .append(keys.get(j % keys.size()))
                                    .append("\",\"credits\":")
                                    .append(e.toPlainString())
                                    .append(",\"timestamp\":\"")
                                    .append(at.plusMillis(j))
                                    .append("\"}");
                        }
                        String json = body.append("]}").toString();
                        long t0 = System.nanoTime();
                        HttpResponse<String> answer = console.postUsage(json);
                        latencies.add(System.nanoTime() - t0);
                        Matcher accepted = ConsoleProcess.ACCEPTED.matcher(answer.body());
                        if (answer.statusCode() != 202
                                || !accepted.find()
                                || Integer.parseInt(accepted.group(1)) != BATCH) {
                            throw new IllegalStateException(
                                    "batch " + batch + ": " + answer.statusCode() + " " + answer.body());
                        }
                        BigDecimal batchCredits = credits;
                        sent.accumulateAndGet(batchCredits, BigDecimal::add);
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return latencies;
    }

    static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim() + " ("
                    + Runtime.getRuntime().availableProcessors() + " cores)";
        } catch (Exception e) {
            return "unknown";
        }
    }
}
