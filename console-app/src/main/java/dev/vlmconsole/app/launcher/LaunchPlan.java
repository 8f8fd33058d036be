package dev.vlmconsole.app.launcher;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a plain {@code java -jar console.jar} starts the console in a second JVM, and that JVM's
 * command line (DD019). Pure functions of what the first JVM sees, so that they can be tested without
 * starting anything.
 * See docs/decisions/DD019-jar-relaunch.md.
 */
final class LaunchPlan {

    /** System property and environment variable that turn the relaunch off ({@code off}). */
    static final String SWITCH_PROPERTY = "console.launcher";

    static final String SWITCH_ENV = "CONSOLE_LAUNCHER";

    /** Set on the second JVM: the process id of the first, which the second outlives by no more than a moment. */
    static final String PARENT_PID_PROPERTY = "console.launcher.parent-pid";

    /** The class loader Spring Boot's {@code JarLauncher} loads a packaged jar's classes with. */
    static final String FAT_JAR_LOADER = "org.springframework.boot.loader.launch.LaunchedClassLoader";

    /**
     * The JVM options of {@code scripts/launch.sh} (DD015), which {@code ./run.sh} starts with: the serial
     * collector and a heap that starts small. Keep the two lists the same.
     */
    static final List<String> MEMORY_OPTIONS = List.of(
            "-XX:+UseSerialGC",
            "-Xms32m",
            "-Xmx1g",
            "-XX:MaxMetaspaceSize=256m",
            "-Xss512k",
            "-XX:ReservedCodeCacheSize=128m");

    /**
     * Returns the C heap's freed memory to the system every 5 s (DD033): glibc keeps what the JVM and the
     * libraries free, about 16 MiB after start here. Also in {@code scripts/launch.sh}, with the same versions.
     */
    static final String TRIM_NATIVE_HEAP = "-XX:TrimNativeHeapInterval=5000";

    /**
     * JVM options of the user's command line that mean "leave this JVM alone": a class-data archive or
     * cache of their own, class sharing switched off, or an agent (a debugger or profiler attached to the
     * first JVM would not see the console).
     */
    private static final List<String> OPTIONS_THAT_KEEP_ONE_JVM = List.of(
            "-XX:SharedArchiveFile",
            "-XX:ArchiveClassesAtExit",
            "-XX:+AutoCreateSharedArchive",
            "-XX:AOTCache",
            "-XX:AOTCacheOutput",
            "-XX:AOTConfiguration",
            "-XX:AOTMode",
            "-Xshare",
            "-agentlib:",
            "-agentpath:",
            "-javaagent:",
            "-Xdebug",
            "-Xrunjdwp");

    private LaunchPlan() {}

    /** What the first JVM knows about how it was started. */
    record Start(
            String switchProperty,
            String switchEnv,
            String parentPidProperty,
            String classLoaderName,
            String classPath,
            int javaFeature,
            Optional<List<String>> commandLine) {}

    /**
     * Why this start runs the console in this JVM, or empty when it should start a second JVM.
     *
     * @return a short reason, empty to relaunch
     */
    static Optional<String> reasonToStayInThisJvm(Start start) {
        if (isOff(start.switchProperty()) || isOff(start.switchEnv())) {
            return Optional.of("turned off");
        }
        if (start.parentPidProperty() != null) {
            return Optional.of("already the second JVM");
        }
        if (!FAT_JAR_LOADER.equals(start.classLoaderName())) {
            return Optional.of("not started from the packaged jar by Spring Boot's launcher");
        }
        if (start.classPath() == null
                || start.classPath().contains(File.pathSeparator)
                || !start.classPath().endsWith(".jar")) {
            return Optional.of("not started with java -jar");
        }
        if (start.javaFeature() < 21) {
            return Optional.of("JDK older than 21");
        }
        if (start.commandLine().isEmpty()) {
            return Optional.of("the JVM's command line cannot be read on this system");
        }
        List<String> options = jvmOptions(start.commandLine().get());
        if (options == null) {
            return Optional.of("no -jar on the command line");
        }
        for (String option : options) {
            for (String keep : OPTIONS_THAT_KEEP_ONE_JVM) {
                if (option.startsWith(keep)) {
                    return Optional.of("the command line sets " + option);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isOff(String value) {
        if (value == null) {
            return false;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        return v.equals("off") || v.equals("false") || v.equals("no") || v.equals("0");
    }

    /**
     * The JVM options of a {@code java [options] -jar file [arguments]} command line (without the
     * {@code java} itself): the words before {@code -jar}, or {@code null} when there is no {@code -jar}.
     */
    static List<String> jvmOptions(List<String> commandLine) {
        int jar = commandLine.indexOf("-jar");
        return jar < 0 ? null : List.copyOf(commandLine.subList(0, jar));
    }

    /**
     * The memory options for a JDK: {@link #MEMORY_OPTIONS}, and {@link #TRIM_NATIVE_HEAP} where it is a
     * product option (21.0.4 and later updates of 21, 22.0.1 and later, 23+); older updates of 21 and 22 have it
     * as an experimental option, 21.0.0 not at all (an unknown option stops the JVM).
     */
    static List<String> memoryOptions(Runtime.Version jdk) {
        List<String> options = new ArrayList<>(MEMORY_OPTIONS);
        if (trimsNativeHeap(jdk)) {
            options.add(TRIM_NATIVE_HEAP);
        }
        return List.copyOf(options);
    }

    static boolean trimsNativeHeap(Runtime.Version jdk) {
        return jdk.feature() > 22
                || (jdk.feature() == 22 && jdk.update() >= 1)
                || (jdk.feature() == 21 && jdk.update() >= 4);
    }

    /** The class-data options for the second JVM: how it reads, or records, its start-up cache. */
    enum Cache {
        /** JDK 25+: load classes linked, and method profiles, from an ahead-of-time cache (JEP 483/515). */
        USE_AOT,
        /** JDK 25+: record the ahead-of-time cache; the JVM writes it when it exits (JEP 514). */
        RECORD_AOT,
        /** JDK 21-24: the dynamic class-data-sharing archive, written at exit when missing. */
        CDS,
        /** Another start is recording the cache at this moment: start without one. */
        NONE
    }

    /**
     * Which cache options the second JVM gets.
     *
     * @param cacheFileExists whether the cache was written by an earlier start
     * @param noOneRecording whether this start got the recording lock, i.e. no other start is recording
     *     or writing the cache at this moment (a file being written must not be read)
     */
    static Cache cache(int javaFeature, boolean cacheFileExists, boolean noOneRecording) {
        if (!noOneRecording) {
            return Cache.NONE;
        }
        if (javaFeature >= 25) {
            return cacheFileExists ? Cache.USE_AOT : Cache.RECORD_AOT;
        }
        return Cache.CDS;
    }

    /** Whether the second JVM writes the cache when it exits, so that this start keeps the recording lock. */
    static boolean records(Cache cache, boolean cacheFileExists) {
        return cache == Cache.RECORD_AOT || (cache == Cache.CDS && !cacheFileExists);
    }

    /** The name of the cache file in the launch folder for this JDK. */
    static String cacheFileName(int javaFeature) {
        return javaFeature >= 25 ? "console.aot" : "console.jsa";
    }

    /**
     * The second JVM's command line: this JDK's {@code java}, the memory options for its version, the cache options, the
     * user's own JVM options (last, so that theirs win, e.g. {@code -Xmx4g}), the first JVM's process id,
     * the extracted jar and the console's arguments.
     */
    static List<String> childCommand(
            Path java,
            Runtime.Version jdk,
            Cache cache,
            Path cacheFile,
            List<String> userJvmOptions,
            long parentPid,
            Path extractedJar,
            List<String> appArgs) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(memoryOptions(jdk));
        switch (cache) {
            case USE_AOT -> command.addAll(List.of("-XX:AOTCache=" + cacheFile, "-Xlog:aot=off", "-Xlog:cds=off"));
            case RECORD_AOT ->
                command.addAll(List.of("-XX:AOTCacheOutput=" + cacheFile, "-Xlog:aot=off", "-Xlog:cds=off"));
            case CDS ->
                command.addAll(List.of(
                        "-XX:SharedArchiveFile=" + cacheFile,
                        "-XX:+AutoCreateSharedArchive",
                        "-Xlog:cds=off",
                        "-Xlog:cds+dynamic=off"));
            case NONE -> {}
        }
        command.addAll(userJvmOptions);
        command.add("-D" + PARENT_PID_PROPERTY + "=" + parentPid);
        command.add("-jar");
        command.add(extractedJar.toString());
        command.addAll(appArgs);
        return command;
    }
}
