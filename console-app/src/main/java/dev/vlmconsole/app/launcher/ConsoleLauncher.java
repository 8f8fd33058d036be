package dev.vlmconsole.app.launcher;

import dev.vlmconsole.app.ConsoleApplication;
import dev.vlmconsole.app.maintenance.MaintenanceCommands;
import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The jar's start class, run before anything of Spring: a plain {@code java -jar console.jar} starts the
 * console in a second JVM the way {@code ./run.sh} does (the jar extracted, JDK 25's ahead-of-time cache or
 * the class-data-sharing archive on 21-24, the serial collector and a small starting heap), recording the
 * cache on the first start. This JVM stays small: it passes its own JVM options and the arguments on,
 * shares standard input and output, stops the console when it is stopped and exits with the console's exit
 * code. Every other start (tests, an IDE, {@code ./run.sh}, {@code CONSOLE_LAUNCHER=off}) runs
 * {@link ConsoleApplication} here. See docs/decisions/DD019-jar-relaunch.md.
 */
public final class ConsoleLauncher {

    private ConsoleLauncher() {}

    public static void main(String[] args) {
        if (MaintenanceCommands.isCommand(args)) {
            // move-to-postgres, restore-h2: a short command in this JVM instead of the console (DD031)
            System.exit(MaintenanceCommands.run(args, System.out, System.err));
            return;
        }
        if (LaunchPlan.reasonToStayInThisJvm(currentStart()).isEmpty()) {
            Optional<Process> child;
            try {
                child = startConsole(args);
            } catch (IOException | RuntimeException e) {
                System.err.println("Starting the console in this JVM (" + e + ")");
                child = Optional.empty();
            }
            if (child.isPresent()) {
                System.exit(waitFor(child.get()));
                return;
            }
        }
        exitWithParent();
        ConsoleApplication.main(args);
    }

    private static LaunchPlan.Start currentStart() {
        return new LaunchPlan.Start(
                System.getProperty(LaunchPlan.SWITCH_PROPERTY),
                System.getenv(LaunchPlan.SWITCH_ENV),
                System.getProperty(LaunchPlan.PARENT_PID_PROPERTY),
                ConsoleLauncher.class.getClassLoader().getClass().getName(),
                System.getProperty("java.class.path"),
                Runtime.version().feature(),
                ProcessHandle.current().info().arguments().map(Arrays::asList));
    }

    /** Starts the console in a second JVM; empty when it cannot, to start it here instead. */
    private static Optional<Process> startConsole(String[] args) throws IOException {
        Path jar = Path.of(System.getProperty("java.class.path")).toAbsolutePath();
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path java = javaHome.resolve("bin").resolve(isWindows() ? "java.exe" : "java");
        List<String> commandLine =
                ProcessHandle.current().info().arguments().map(Arrays::asList).orElseThrow();
        int feature = Runtime.version().feature();
        String key = LaunchFolder.key(
                jar,
                Files.size(jar),
                Files.getLastModifiedTime(jar),
                LaunchFolder.contentDigest(jar),
                javaHome.toString(),
                System.getProperty("java.vm.version"));
        Optional<LaunchFolder> prepared = LaunchFolder.prepare(
                jar,
                java,
                key,
                LaunchFolder.roots(jar, System.getProperty("user.home"), System.getenv("XDG_CACHE_HOME")));
        if (prepared.isEmpty()) {
            return Optional.empty();
        }
        LaunchFolder folder = prepared.get();
        folder.holdAndTidy();
        Path cacheFile = folder.dir().resolve(LaunchPlan.cacheFileName(feature));
        boolean cacheExists = Files.isRegularFile(cacheFile) && Files.size(cacheFile) > 0;
        Optional<FileLock> recording = folder.recordingLock();
        LaunchPlan.Cache cache = LaunchPlan.cache(feature, cacheExists, recording.isPresent());
        if (recording.isPresent() && !LaunchPlan.records(cache, cacheExists)) {
            recording.get().channel().close(); // nothing to write: let another start record if it must
        }
        List<String> command = LaunchPlan.childCommand(
                java,
                Runtime.version(),
                cache,
                cacheFile,
                LaunchPlan.jvmOptions(commandLine),
                ProcessHandle.current().pid(),
                folder.extractedJar(),
                List.of(args));
        Process child = new ProcessBuilder(command).inheritIO().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(child), "console-launcher-stop"));
        return Optional.of(child);
    }

    /** Waits for the console's end: only that ends this JVM (or a signal, through the shutdown hook). */
    private static int waitFor(Process child) {
        while (true) {
            try {
                return child.waitFor();
            } catch (InterruptedException e) {
                // keep waiting
            }
        }
    }

    /** Stops the console gracefully when this JVM is stopped, and waits while it shuts down and writes its cache. */
    private static void stop(Process child) {
        if (!child.isAlive()) {
            return;
        }
        child.destroy();
        try {
            child.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** In the second JVM: exit when the first one has gone (killed, so that its hook did not stop this one). */
    private static void exitWithParent() {
        String parentPid = System.getProperty(LaunchPlan.PARENT_PID_PROPERTY);
        if (parentPid == null) {
            return;
        }
        Optional<ProcessHandle> parent = ProcessHandle.of(Long.parseLong(parentPid));
        if (parent.isEmpty()) {
            System.exit(1);
        }
        parent.get().onExit().thenRun(() -> {
            System.err.println("The launching JVM (" + parentPid + ") has gone: stopping the console.");
            System.exit(1);
        });
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").startsWith("Windows");
    }
}
