package dev.vlmconsole.bench;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Usage ingestion over HTTP against a running console: {@code POST /api/v1/usage} with batches of
 * unique events from a few connections, for a fixed time after a warm-up. Prints events per second and
 * the latency of a batch (p50, p99). Every answer must be {@code 202} with all events accepted.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.vlmconsole.bench.UsageIngestHttp \
 *     --url http://127.0.0.1:8080 --platform-key vlm_svc_... (--key-id UUID... | --admin-key vlm_admin_...) \
 *     [--seconds 20] [--warmup 10] [--connections 4] [--batch 1000] [--keys 4]
 * </pre>
 *
 * With {@code --admin-key} it first creates {@code --keys} workspace keys to report usage for.
 */
public final class UsageIngestHttp {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-fA-F-]{36})\"");

    private UsageIngestHttp() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        String url = o.getOrDefault("url", "http://127.0.0.1:8080");
        String platformKey = require(o, "platform-key");
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "20"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "10"));
        int connections = Integer.parseInt(o.getOrDefault("connections", "4"));
        int batch = Integer.parseInt(o.getOrDefault("batch", "1000"));
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        List<String> keyIds = new ArrayList<>();
        if (o.containsKey("key-id")) {
            keyIds.addAll(Arrays.asList(o.get("key-id").split(",")));
        } else {
            String admin = require(o, "admin-key");
            int keys = Integer.parseInt(o.getOrDefault("keys", "4"));
            for (int i = 0; i < keys; i++) {
                HttpResponse<String> created = http.send(
                        HttpRequest.newBuilder(URI.create(url + "/api/v1/keys"))
                                .header("Authorization", "Bearer " + admin)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"ingest-bench-" + i + "\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                Matcher m = ID.matcher(created.body());
                if (created.statusCode() != 201 || !m.find()) {
                    throw new IllegalStateException(
                            "Cannot create a key: " + created.statusCode() + " " + created.body());
                }
                keyIds.add(m.group(1));
            }
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        System.out.printf(
                "POST %s/api/v1/usage, batches of %d unique events, %d connections, %d keys, %d s after %d s warm-up%n",
                url, batch, connections, keyIds.size(), seconds, warmup);
        measure(http, url, platformKey, keyIds, batch, connections, warmup, run + "-w", false);
        measure(http, url, platformKey, keyIds, batch, connections, seconds, run, true);
    }

    private static void measure(
            HttpClient http,
            String url,
            String platformKey,
            List<String> keyIds,
            int batch,
            int connections,
            int seconds,
            String run,
            boolean print)
            throws Exception {
        AtomicLong events = new AtomicLong();
        AtomicLong sequence = new AtomicLong();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            workers.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    long n = sequence.getAndIncrement();
                    String body = body(run, n, batch, keyIds);
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = http.send(
                            HttpRequest.newBuilder(URI.create(url + "/api/v1/usage"))
                                    .header("Authorization", "Bearer " + platformKey)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    latencies.add(System.nanoTime() - t0);
                    if (r.statusCode() != 202 || !r.body().replace(" ", "").contains("\"accepted\":" + batch)) {
                        throw new IllegalStateException("Unexpected answer " + r.statusCode() + ": " + r.body());
                    }
                    events.addAndGet(batch);
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        pool.shutdown();
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (print) {
            List<Long> sorted = new ArrayList<>(latencies);
            sorted.sort(null);
            System.out.printf(
                    "%d events in %.1f s: %.0f events/s; batch latency p50 %.1f ms, p99 %.1f ms (%d batches)%n",
                    events.get(),
                    elapsed,
                    events.get() / elapsed,
                    sorted.get(sorted.size() / 2) / 1e6,
                    sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99))) / 1e6,
                    sorted.size());
        }
    }

    /** One batch of unique events ({@code run-batch-i}), spread over the keys, timestamps of now. */
    static String body(String run, long batchNumber, int size, List<String> keyIds) {
        StringBuilder b = new StringBuilder(size * 130).append("{\"events\":[");
        String now = Instant.now().toString();
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                b.append(',');
            }
            BigDecimal credits = BigDecimal.valueOf(1 + (i * 7919L) % 5000, 3);
            b.append("{\"id\":\"")
                    .append(run)
                    .append('-')
                    .append(batchNumber)
                    .append('-')
                    .append(i)
                    .append("\",\"keyId\":\"")
                    .append(keyIds.get(i % keyIds.size()))
                    .append("\",\"credits\":")
                    .append(credits.toPlainString())
                    .append(",\"timestamp\":\"")
                    .append(now)
                    .append("\"}");
        }
        return b.append("]}").toString();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Expected --option value, not " + args[i]);
            }
            o.put(args[i].substring(2), args[i + 1]);
        }
        return o;
    }

    private static String require(Map<String, String> o, String name) {
        String v = o.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }
}
