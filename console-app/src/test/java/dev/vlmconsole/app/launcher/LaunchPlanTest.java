package dev.vlmconsole.app.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.app.launcher.LaunchPlan.Cache;
import dev.vlmconsole.app.launcher.LaunchPlan.Start;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a plain {@code java -jar} starts a second JVM, and that JVM's command line (DD019). */
class LaunchPlanTest {

    private static final Runtime.Version JDK_25 = Runtime.Version.parse("25.0.3");

    private static final List<String> PLAIN = List.of("-jar", "console.jar", "--server.port=9090");

    private static Start plain() {
        return new Start(null, null, null, LaunchPlan.FAT_JAR_LOADER, "console.jar", 25, Optional.of(PLAIN));
    }

    @Test
    void a_plain_java_jar_on_jdk_21_or_later_relaunches() {
        assertThat(LaunchPlan.reasonToStayInThisJvm(plain())).isEmpty();
        assertThat(LaunchPlan.reasonToStayInThisJvm(withFeature(plain(), 21))).isEmpty();
        assertThat(LaunchPlan.reasonToStayInThisJvm(withCommandLine(
                        plain(),
                        List.of(
                                "-Xmx2g",
                                "-Dfoo=bar",
                                "--add-opens",
                                "java.base/java.lang=ALL-UNNAMED",
                                "-jar",
                                "c.jar"))))
                .isEmpty();
    }

    @Test
    void the_switch_turns_it_off_as_property_or_variable() {
        for (String off : List.of("off", "OFF", " false ", "no", "0")) {
            Start p = plain();
            assertThat(LaunchPlan.reasonToStayInThisJvm(
                            new Start(off, null, null, p.classLoaderName(), p.classPath(), 25, p.commandLine())))
                    .contains("turned off");
            assertThat(LaunchPlan.reasonToStayInThisJvm(
                            new Start(null, off, null, p.classLoaderName(), p.classPath(), 25, p.commandLine())))
                    .contains("turned off");
        }
        Start on = new Start("on", "", null, LaunchPlan.FAT_JAR_LOADER, "console.jar", 25, Optional.of(PLAIN));
        assertThat(LaunchPlan.reasonToStayInThisJvm(on)).isEmpty();
    }

    @Test
    void the_second_jvm_never_relaunches_again() {
        Start child = new Start(null, null, "4242", LaunchPlan.FAT_JAR_LOADER, "console.jar", 25, Optional.of(PLAIN));
        assertThat(LaunchPlan.reasonToStayInThisJvm(child)).contains("already the second JVM");
    }

    @Test
    void only_a_packaged_jar_started_by_spring_boot_relaunches() {
        // tests, an IDE, and ./run.sh (the extracted jar on the application class loader)
        Start ide = new Start(
                null,
                null,
                null,
                "jdk.internal.loader.ClassLoaders$AppClassLoader",
                "target/classes",
                25,
                Optional.of(PLAIN));
        assertThat(LaunchPlan.reasonToStayInThisJvm(ide)).isPresent();
        Start runSh = new Start(
                null,
                null,
                null,
                "jdk.internal.loader.ClassLoaders$AppClassLoader",
                "app/console.jar",
                25,
                Optional.of(PLAIN));
        assertThat(LaunchPlan.reasonToStayInThisJvm(runSh)).isPresent();
        Start classPath =
                new Start(null, null, null, LaunchPlan.FAT_JAR_LOADER, "console.jar:other.jar", 25, Optional.of(PLAIN));
        assertThat(LaunchPlan.reasonToStayInThisJvm(classPath)).contains("not started with java -jar");
    }

    @Test
    void an_old_jdk_or_an_unreadable_command_line_stays() {
        assertThat(LaunchPlan.reasonToStayInThisJvm(withFeature(plain(), 17))).contains("JDK older than 21");
        Start p = plain();
        assertThat(LaunchPlan.reasonToStayInThisJvm(
                        new Start(null, null, null, p.classLoaderName(), p.classPath(), 25, Optional.empty())))
                .isPresent();
        assertThat(LaunchPlan.reasonToStayInThisJvm(withCommandLine(p, List.of("-cp", "console.jar", "Main"))))
                .contains("no -jar on the command line");
    }

    @Test
    void own_class_data_agents_and_debuggers_keep_one_jvm() {
        for (String option : List.of(
                "-XX:SharedArchiveFile=my.jsa",
                "-XX:AOTCache=my.aot",
                "-XX:AOTMode=off",
                "-Xshare:off",
                "-javaagent:otel.jar",
                "-agentlib:jdwp=transport=dt_socket,server=y,address=5005",
                "-agentpath:/opt/profiler.so")) {
            assertThat(LaunchPlan.reasonToStayInThisJvm(
                            withCommandLine(plain(), List.of(option, "-jar", "console.jar"))))
                    .as(option)
                    .contains("the command line sets " + option);
        }
        // an option of the console after -jar is the console's, not the JVM's
        assertThat(LaunchPlan.reasonToStayInThisJvm(
                        withCommandLine(plain(), List.of("-jar", "console.jar", "-Xshare:off"))))
                .isEmpty();
    }

    @Test
    void jvm_options_are_the_words_before_jar() {
        assertThat(LaunchPlan.jvmOptions(List.of("-Xmx2g", "@opts.txt", "-jar", "c.jar", "-jar")))
                .containsExactly("-Xmx2g", "@opts.txt");
        assertThat(LaunchPlan.jvmOptions(PLAIN)).isEmpty();
        assertThat(LaunchPlan.jvmOptions(List.of("-cp", "c.jar", "Main"))).isNull();
    }

    @Test
    void the_cache_is_recorded_once_used_after_and_skipped_while_another_start_writes_it() {
        assertThat(LaunchPlan.cache(25, false, true)).isEqualTo(Cache.RECORD_AOT);
        assertThat(LaunchPlan.cache(25, true, true)).isEqualTo(Cache.USE_AOT);
        assertThat(LaunchPlan.cache(26, true, true)).isEqualTo(Cache.USE_AOT);
        assertThat(LaunchPlan.cache(25, false, false)).isEqualTo(Cache.NONE);
        assertThat(LaunchPlan.cache(25, true, false)).isEqualTo(Cache.NONE);
        assertThat(LaunchPlan.cache(21, false, true)).isEqualTo(Cache.CDS);
        assertThat(LaunchPlan.cache(24, true, true)).isEqualTo(Cache.CDS);
        assertThat(LaunchPlan.cache(21, true, false)).isEqualTo(Cache.NONE);

        assertThat(LaunchPlan.records(Cache.RECORD_AOT, false)).isTrue();
        assertThat(LaunchPlan.records(Cache.CDS, false)).isTrue();
        assertThat(LaunchPlan.records(Cache.CDS, true)).isFalse();
        assertThat(LaunchPlan.records(Cache.USE_AOT, true)).isFalse();
        assertThat(LaunchPlan.records(Cache.NONE, false)).isFalse();

        assertThat(LaunchPlan.cacheFileName(25)).isEqualTo("console.aot");
        assertThat(LaunchPlan.cacheFileName(21)).isEqualTo("console.jsa");
    }

    @Test
    void the_child_command_puts_the_users_options_after_ours_and_the_arguments_last() {
        Path java = Path.of("/jdk/bin/java");
        Path cache = Path.of("/x/console.aot");
        Path jar = Path.of("/x/console.jar");
        List<String> command = LaunchPlan.childCommand(
                java,
                JDK_25,
                Cache.USE_AOT,
                cache,
                List.of("-Xmx4g", "-Dx=y"),
                77,
                jar,
                List.of("--server.port=9090", "a b"));

        assertThat(command.getFirst()).isEqualTo("/jdk/bin/java");
        assertThat(command).containsSubsequence(LaunchPlan.MEMORY_OPTIONS);
        assertThat(command).contains(LaunchPlan.TRIM_NATIVE_HEAP);
        assertThat(command).contains("-XX:AOTCache=/x/console.aot");
        // the user's -Xmx4g comes after ours, so it wins
        assertThat(command.indexOf("-Xmx4g")).isGreaterThan(command.indexOf("-Xmx1g"));
        assertThat(command.indexOf("-Xmx4g")).isGreaterThan(command.indexOf("-XX:AOTCache=/x/console.aot"));
        assertThat(command.subList(command.size() - 5, command.size()))
                .containsExactly(
                        "-Dconsole.launcher.parent-pid=77", "-jar", "/x/console.jar", "--server.port=9090", "a b");
    }

    @Test
    void the_child_command_per_cache() {
        Path cache = Path.of("/x/c");
        assertThat(command(Cache.RECORD_AOT, cache))
                .contains("-XX:AOTCacheOutput=/x/c")
                .noneMatch(a -> a.startsWith("-XX:AOTCache="));
        assertThat(command(Cache.CDS, cache)).contains("-XX:SharedArchiveFile=/x/c", "-XX:+AutoCreateSharedArchive");
        assertThat(command(Cache.NONE, cache)).noneMatch(a -> a.contains("/x/c"));
    }

    @Test
    void the_native_heap_is_trimmed_only_where_the_jdk_has_the_product_option() {
        assertThat(LaunchPlan.memoryOptions(Runtime.Version.parse("25.0.3"))).endsWith(LaunchPlan.TRIM_NATIVE_HEAP);
        assertThat(LaunchPlan.memoryOptions(Runtime.Version.parse("23"))).contains(LaunchPlan.TRIM_NATIVE_HEAP);
        assertThat(LaunchPlan.memoryOptions(Runtime.Version.parse("22.0.1"))).contains(LaunchPlan.TRIM_NATIVE_HEAP);
        assertThat(LaunchPlan.memoryOptions(Runtime.Version.parse("21.0.4+7"))).contains(LaunchPlan.TRIM_NATIVE_HEAP);
        // experimental in 21.0.1-21.0.3 and 22, unknown in 21: an unknown option would stop the JVM
        assertThat(LaunchPlan.memoryOptions(Runtime.Version.parse("22"))).isEqualTo(LaunchPlan.MEMORY_OPTIONS);
        assertThat(LaunchPlan.memoryOptions(Runtime.Version.parse("21.0.3"))).isEqualTo(LaunchPlan.MEMORY_OPTIONS);
        assertThat(LaunchPlan.memoryOptions(Runtime.Version.parse("21"))).isEqualTo(LaunchPlan.MEMORY_OPTIONS);
    }

    private static List<String> command(Cache cache, Path file) {
        return LaunchPlan.childCommand(Path.of("java"), JDK_25, cache, file, List.of(), 1, Path.of("c.jar"), List.of());
    }

    private static Start withFeature(Start s, int feature) {
        return new Start(null, null, null, s.classLoaderName(), s.classPath(), feature, s.commandLine());
    }

    private static Start withCommandLine(Start s, List<String> commandLine) {
        return new Start(
                null, null, null, s.classLoaderName(), s.classPath(), s.javaFeature(), Optional.of(commandLine));
    }
}
