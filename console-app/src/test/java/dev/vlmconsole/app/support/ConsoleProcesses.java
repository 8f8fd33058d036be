package dev.vlmconsole.app.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** For tests that run {@code console.jar} as a process of its own: waiting for it, and what it printed. */
public final class ConsoleProcesses {

    private ConsoleProcesses() {}

    /**
     * Waits until the console on {@code port} is ready ({@code /actuator/health/readiness} answers 200).
     *
     * @throws AssertionError when the process exits first or is not ready within {@code timeout}, with the
     *                        last lines of its {@code log}
     */
    public static Process awaitReady(Process process, int port, Path log, Duration timeout, HttpClient http)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the console exited during start-up: " + tail(log));
            }
            try {
                HttpResponse<Void> ready = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return process;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the console was not ready within " + timeout + ": " + tail(log));
    }

    /** The last 40 lines of a process's log. */
    public static String tail(Path log) {
        try {
            if (!Files.exists(log)) {
                return "(no " + log + ")";
            }
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port free on this machine now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
