import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-model load generator: requests start at a fixed rate whatever the answers' latency (each on
 * a virtual thread, over kept-alive HTTP/1.1 connections), and each latency is counted from the time
 * the request was due, not from when it could be sent, so a stall shows as latency of every request
 * it delayed (no coordinated omission). Loopback only; stops by itself.
 *
 * <p>Usage: {@code java bench/OpenLoad.java <url> <requests/s> <seconds> [Header: value]...}; prints
 * {@code rate achieved p50 p90 p99 p99.9 max non200 errors} (latencies in ms).
 */
public class OpenLoad {

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        if (!"127.0.0.1".equals(url.getHost()) && !"localhost".equals(url.getHost())) {
            throw new IllegalArgumentException("loopback only: " + url);
        }
        double rate = Double.parseDouble(args[1]);
        int seconds = Integer.parseInt(args[2]);
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).GET();
        for (int i = 3; i < args.length; i++) {
            int colon = args[i].indexOf(':');
            b.header(args[i].substring(0, colon).trim(), args[i].substring(colon + 1).trim());
        }
        HttpRequest request = b.build();
        int total = (int) Math.round(rate * seconds);
        long interval = Math.round(1e9 / rate);
        long[] latency = new long[total];
        AtomicInteger non200 = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
                HttpClient http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .executor(threads)
                        .build()) {
            long start = System.nanoTime() + 50_000_000;
            for (int i = 0; i < total; i++) {
                long due = start + i * interval;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                int n = i;
                threads.execute(() -> {
                    try {
                        HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() != 200) {
                            non200.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latency[n] = System.nanoTime() - due;
                });
            }
            long sent = System.nanoTime() - start;
            threads.shutdown();
            threads.awaitTermination(30, TimeUnit.SECONDS);
            Arrays.sort(latency);
            System.out.printf(
                    "%.0f %.0f %.3f %.3f %.3f %.3f %.3f %d %d%n",
                    rate,
                    total / (sent / 1e9),
                    ms(latency, 0.50),
                    ms(latency, 0.90),
                    ms(latency, 0.99),
                    ms(latency, 0.999),
                    latency[total - 1] / 1e6,
                    non200.get(),
                    errors.get());
        }
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
