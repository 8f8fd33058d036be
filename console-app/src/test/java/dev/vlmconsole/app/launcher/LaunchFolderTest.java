package dev.vlmconsole.app.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a relaunched console's extracted jar and cache live, and how old ones are cleared (DD019). */
class LaunchFolderTest {

    @TempDir
    Path root;

    @Test
    void the_key_changes_with_the_jar_and_the_jdk() {
        Path jar = Path.of("/opt/console.jar");
        FileTime t = FileTime.from(Instant.parse("2026-11-29T20:00:00Z"));
        String key = LaunchFolder.key(jar, 10, t, "cd", "/jdk25", "25.0.3+9");

        assertThat(key).matches("[0-9a-f]{16}");
        assertThat(LaunchFolder.key(jar, 10, t, "cd", "/jdk25", "25.0.3+9")).isEqualTo(key);
        assertThat(LaunchFolder.key(jar, 11, t, "cd", "/jdk25", "25.0.3+9")).isNotEqualTo(key);
        assertThat(LaunchFolder.key(
                        jar, 10, FileTime.from(Instant.parse("2026-11-29T20:00:01Z")), "cd", "/jdk25", "25.0.3+9"))
                .isNotEqualTo(key);
        assertThat(LaunchFolder.key(jar, 10, t, "cd", "/jdk25", "25.0.4+7")).isNotEqualTo(key);
        assertThat(LaunchFolder.key(jar, 10, t, "other", "/jdk25", "25.0.3+9")).isNotEqualTo(key);
        assertThat(LaunchFolder.key(Path.of("/srv/console.jar"), 10, t, "cd", "/jdk25", "25.0.3+9"))
                .isNotEqualTo(key);
    }

    @Test
    void a_jar_replaced_with_the_same_size_and_time_but_other_content_gets_another_key() throws IOException {
        FileTime t = FileTime.from(Instant.parse("2026-11-29T20:00:00Z"));
        Path first = jar(root.resolve("a.jar"), "version 1", t);
        Path second = jar(root.resolve("b.jar"), "version 2", t);
        Path same = jar(root.resolve("c.jar"), "version 1", t);
        Files.setLastModifiedTime(first, t);
        Files.setLastModifiedTime(second, t);
        assertThat(Files.size(second)).isEqualTo(Files.size(first));

        String a = LaunchFolder.contentDigest(first);
        assertThat(a).matches("[0-9a-f]{64}");
        assertThat(LaunchFolder.contentDigest(same)).isEqualTo(a);
        assertThat(LaunchFolder.contentDigest(second)).isNotEqualTo(a);
        Path jar = Path.of("/opt/console.jar");
        long size = Files.size(first);
        assertThat(LaunchFolder.key(jar, size, t, LaunchFolder.contentDigest(second), "/jdk25", "25.0.3+9"))
                .isNotEqualTo(LaunchFolder.key(jar, size, t, a, "/jdk25", "25.0.3+9"));

        // a script before the zip (an executable jar) is no zip start: the same entries, the same digest
        Path prefixed = root.resolve("prefixed.jar");
        Files.write(prefixed, "#!/bin/sh\nexec java -jar \"$0\" \"$@\"\n".getBytes(StandardCharsets.UTF_8));
        Files.write(prefixed, Files.readAllBytes(first), StandardOpenOption.APPEND);
        assertThat(LaunchFolder.contentDigest(prefixed)).isEqualTo(a);
        // a file that is no zip is hashed whole
        Path text = Files.writeString(root.resolve("not-a.jar"), "hello");
        assertThat(LaunchFolder.contentDigest(text)).matches("[0-9a-f]{64}");
    }

    /** A jar of one entry, with fixed entry times as a reproducible build makes it. */
    private static Path jar(Path path, String content, FileTime time) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(path))) {
            ZipEntry entry = new ZipEntry("app/version.txt");
            entry.setLastModifiedTime(time);
            zip.putNextEntry(entry);
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        Files.setLastModifiedTime(path, time);
        return path;
    }

    @Test
    void next_to_the_jar_first_then_the_users_cache() {
        Path jar = Path.of("/opt/console/console-1.0.jar");
        assertThat(LaunchFolder.roots(jar, "/home/ann", null))
                .containsExactly(
                        Path.of("/opt/console/console-1.0-start"),
                        Path.of("/home/ann/.cache/vlm-console/console-1.0-start"));
        assertThat(LaunchFolder.roots(jar, "/home/ann", "/xdg").get(1))
                .isEqualTo(Path.of("/xdg/vlm-console/console-1.0-start"));
    }

    @Test
    void an_existing_folder_is_used_as_it_is_and_an_unwritable_root_is_skipped() throws IOException {
        Path dir = Files.createDirectories(root.resolve("start/k1"));
        Files.writeString(dir.resolve("console.jar"), "jar");
        Path notADirectory = Files.writeString(root.resolve("file"), "x");

        Optional<LaunchFolder> folder = LaunchFolder.prepare(
                Path.of("/nowhere/console.jar"),
                Path.of("java"),
                "k1",
                List.of(notADirectory.resolve("sub"), root.resolve("start")));

        assertThat(folder).isPresent();
        assertThat(folder.get().dir()).isEqualTo(dir);
        assertThat(folder.get().extractedJar()).isEqualTo(dir.resolve("console.jar"));
    }

    @Test
    void folders_of_other_jars_are_deleted_once_nothing_runs_from_them() throws IOException {
        Path ours = folder("ours");
        Path unused = folder("old-unused");
        Path running = folder("old-running");
        Path notOurs = Files.createDirectories(root.resolve("someone-elses"));
        Path extracting = Files.createDirectories(root.resolve(".extracting-123"));
        Path abandoned = Files.createDirectories(root.resolve(".extracting-456"));
        Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minusSeconds(7200)));

        // another JVM running from old-running holds its marker; in this JVM a lock on another channel of the
        // same file is refused the same way
        try (FileChannel held =
                FileChannel.open(running.resolve(".in-use"), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            held.lock(0, Long.MAX_VALUE, true);
            LaunchFolder folder = LaunchFolder.prepare(
                            Path.of("/nowhere/console.jar"), Path.of("java"), "ours", List.of(root))
                    .orElseThrow();
            folder.holdAndTidy();
        }

        assertThat(ours).isDirectory();
        assertThat(unused).doesNotExist();
        assertThat(running).isDirectory();
        assertThat(notOurs).isDirectory();
        assertThat(extracting).isDirectory();
        assertThat(abandoned).doesNotExist();
    }

    @Test
    void only_one_start_at_a_time_holds_the_recording_lock() throws IOException {
        Path dir = folder("k");
        LaunchFolder folder = LaunchFolder.prepare(Path.of("/nowhere/console.jar"), Path.of("java"), "k", List.of(root))
                .orElseThrow();

        Optional<FileLock> first = folder.recordingLock();
        assertThat(first).isPresent();
        assertThat(folder.recordingLock()).isEmpty();

        first.get().channel().close();
        Optional<FileLock> again = folder.recordingLock();
        assertThat(again).isPresent();
        again.get().channel().close();
        assertThat(dir.resolve(".recording")).exists();
    }

    private Path folder(String name) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        Files.writeString(dir.resolve("console.jar"), "jar");
        Files.createFile(dir.resolve(".in-use"));
        return dir;
    }
}
