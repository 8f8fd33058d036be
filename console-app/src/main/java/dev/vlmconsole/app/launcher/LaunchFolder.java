package dev.vlmconsole.app.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The folder a plain {@code java -jar console.jar} starts the console from (DD019): the jar extracted with
 * Spring Boot's {@code jarmode=tools}, as {@code ./run.sh} does, and its start-up cache. One folder per jar
 * (path, size, modification time, a digest of its central directory) and JDK, under {@code <jar's folder>/<jar's name>-start/}, or under the
 * user's cache folder when the jar's folder cannot be written. Folders of other jars or JDKs are deleted
 * once nothing runs from them.
 */
final class LaunchFolder {

    private static final String IN_USE = ".in-use";
    private static final String RECORDING = ".recording";
    private static final String TEMPORARY = ".extracting-";

    private final Path dir;
    private final Path extractedJar;

    private LaunchFolder(Path dir, Path extractedJar) {
        this.dir = dir;
        this.extractedJar = extractedJar;
    }

    Path dir() {
        return dir;
    }

    Path extractedJar() {
        return extractedJar;
    }

    /**
     * The name of this jar's and this JDK's folder: a digest of what makes a cache valid.
     *
     * @param content the jar's {@link #contentDigest}: a jar replaced at the same path with the same size
     *     and modification time (tar, {@code cp -p}, reproducible builds) must not reuse the old folder
     */
    static String key(Path jar, long size, FileTime modified, String content, String javaHome, String vmVersion) {
        String identity = String.join(
                "\n", jar.toString(), Long.toString(size), modified.toString(), content, javaHome, vmVersion);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static final int END_RECORD = 22;
    private static final int END_SIGNATURE = 0x06054b50;
    private static final int ZIP64_LOCATOR = 20;
    private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
    private static final int ZIP64_END_SIGNATURE = 0x06064b50;

    /**
     * A cheap digest of the jar's content: SHA-256 of its central directory and end record, found from the
     * end of the file. The central directory lists every entry with its CRC-32 and sizes, so a changed
     * entry changes it; it is a few hundred KB at most, where the whole jar is tens of MB. A file that is
     * no zip is hashed whole.
     */
    static String contentDigest(Path jar) throws IOException {
        MessageDigest sha = sha256();
        try (FileChannel file = FileChannel.open(jar, StandardOpenOption.READ)) {
            long size = file.size();
            int tailLength = (int) Math.min(size, END_RECORD + 0xFFFF);
            ByteBuffer tail = read(file, size - tailLength, tailLength);
            int end = -1;
            for (int i = tailLength - END_RECORD; i >= 0; i--) {
                if (tail.getInt(i) == END_SIGNATURE
                        && Short.toUnsignedInt(tail.getShort(i + 20)) == tailLength - i - END_RECORD) {
                    end = i;
                    break;
                }
            }
            if (end < 0) {
                hashRange(file, 0, size, sha);
                return HexFormat.of().formatHex(sha.digest());
            }
            long endAt = size - tailLength + end;
            long directorySize = Integer.toUnsignedLong(tail.getInt(end + 12));
            long directoryEnd = endAt;
            if (directorySize == 0xFFFFFFFFL && endAt >= ZIP64_LOCATOR) {
                ByteBuffer locator = read(file, endAt - ZIP64_LOCATOR, ZIP64_LOCATOR);
                if (locator.getInt(0) == ZIP64_LOCATOR_SIGNATURE) {
                    // the ZIP64 end record sits just before its locator; its size field is 8 bytes at +40
                    long recordAt = endAt - ZIP64_LOCATOR - 56;
                    if (recordAt >= 0) {
                        ByteBuffer record = read(file, recordAt, 56);
                        if (record.getInt(0) == ZIP64_END_SIGNATURE) {
                            directorySize = record.getLong(40);
                            directoryEnd = recordAt;
                        }
                    }
                }
            }
            // measured back from the end record, so that a script prepended to the jar does not matter
            long directoryStart = directoryEnd - directorySize;
            if (directorySize < 0 || directoryStart < 0) {
                hashRange(file, 0, size, sha);
            } else {
                hashRange(file, directoryStart, size - directoryStart, sha);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static ByteBuffer read(FileChannel file, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (file.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("The jar ended early");
            }
        }
        return buffer.flip();
    }

    private static void hashRange(FileChannel file, long position, long length, MessageDigest sha) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long done = 0;
        while (done < length) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), length - done));
            int n = file.read(buffer, position + done);
            if (n < 0) {
                throw new IOException("The jar ended early");
            }
            sha.update(buffer.flip());
            done += n;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Where the launch folders of a jar go, in order of preference. */
    static List<Path> roots(Path jar, String userHome, String xdgCacheHome) {
        String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
        Path userCache =
                xdgCacheHome != null && !xdgCacheHome.isBlank() ? Path.of(xdgCacheHome) : Path.of(userHome, ".cache");
        return List.of(
                jar.getParent().resolve(name + "-start"),
                userCache.resolve("vlm-console").resolve(name + "-start"));
    }

    /**
     * This jar's folder, extracted now when it is new (a JVM runs Spring Boot's extraction: a few
     * seconds, once); empty when no root can be written.
     */
    static Optional<LaunchFolder> prepare(Path jar, Path java, String key, List<Path> roots) throws IOException {
        for (Path root : roots) {
            try {
                Files.createDirectories(root);
            } catch (IOException e) {
                continue;
            }
            if (!Files.isWritable(root) || !ownOnly(root)) {
                continue;
            }
            Path dir = root.resolve(key);
            if (Files.isDirectory(dir) && !ownOnly(dir)) {
                continue;
            }
            if (!Files.isDirectory(dir)) {
                System.err.println("First start of " + jar.getFileName() + " with this JDK: extracting it to " + dir
                        + " and recording a start-up cache (this start is slower, and its stop takes some seconds"
                        + " more); CONSOLE_LAUNCHER=off starts it in one JVM instead (DD019).");
                extract(jar, java, root, dir);
            }
            Optional<Path> extracted = extractedJarIn(dir);
            if (extracted.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new LaunchFolder(dir, extracted.get()));
        }
        return Optional.empty();
    }

    /**
     * Whether {@code folder} belongs to the user running this JVM and nobody else may write it, made
     * so when it is ours: the console runs code from it (the extracted jar, the start-up cache), so a
     * folder another local user can write is never used.
     */
    static boolean ownOnly(Path folder) {
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(folder, PosixFileAttributeView.class);
            if (view == null) {
                return true; // not a POSIX file system: its own access rules apply
            }
            PosixFileAttributes attributes = view.readAttributes();
            if (!attributes.owner().getName().equals(System.getProperty("user.name"))) {
                return false;
            }
            Set<PosixFilePermission> permissions = attributes.permissions();
            if (permissions.contains(PosixFilePermission.GROUP_WRITE)
                    || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                view.setPermissions(PosixFilePermissions.fromString("rwx------"));
            }
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private static void extract(Path jar, Path java, Path root, Path dir) throws IOException {
        Path temporary = Files.createTempDirectory(root, TEMPORARY);
        try {
            Process process = new ProcessBuilder(
                            java.toString(),
                            "-Djarmode=tools",
                            "-jar",
                            jar.toString(),
                            "extract",
                            "--destination",
                            temporary.resolve("app").toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IOException("extracting " + jar + " ended with exit code " + exit);
            }
            try {
                Files.move(temporary.resolve("app"), dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
                if (!Files.isDirectory(dir)) {
                    throw e; // not another start that extracted the same jar first
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while extracting " + jar, e);
        } finally {
            deleteTree(temporary);
        }
    }

    private static Optional<Path> extractedJarIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar"))
                    .filter(Files::isRegularFile)
                    .findFirst();
        }
    }

    /** Locks this JVM holds until it exits: kept reachable, or collecting a channel would release its lock. */
    private static final List<FileLock> HELD = new CopyOnWriteArrayList<>();

    /**
     * Marks this folder as in use for the life of this JVM (a shared lock), so that a start of another jar
     * or JDK does not delete it, and deletes the folders next to it that nothing uses.
     */
    void holdAndTidy() throws IOException {
        FileChannel channel = FileChannel.open(
                dir.resolve(IN_USE), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        HELD.add(channel.lock(0, Long.MAX_VALUE, true)); // released when this JVM exits
        try (Stream<Path> siblings = Files.list(dir.getParent())) {
            for (Path other : siblings.filter(Files::isDirectory).toList()) {
                if (!other.equals(dir)) {
                    try {
                        deleteIfUnused(other);
                    } catch (IOException e) {
                        // not ours to delete (another user's, read-only): leave it
                    }
                }
            }
        }
    }

    private static void deleteIfUnused(Path other) throws IOException {
        if (other.getFileName().toString().startsWith(TEMPORARY)) {
            // an extraction that was killed; a running one is younger than an hour
            if (Files.getLastModifiedTime(other)
                    .toInstant()
                    .isBefore(Instant.now().minus(Duration.ofHours(1)))) {
                deleteTree(other);
            }
            return;
        }
        Path marker = other.resolve(IN_USE);
        if (!Files.exists(marker)) {
            return; // not one of ours
        }
        try (FileChannel channel = FileChannel.open(marker, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                deleteTree(other);
            }
        } catch (OverlappingFileLockException e) {
            // this JVM holds it: cannot happen for another folder, but never delete what is held
        }
    }

    /**
     * The recording lock: held by the one start whose second JVM writes the cache (until it exits), and
     * briefly by every start to check that no other start is writing it; empty when another start holds it.
     */
    Optional<FileLock> recordingLock() throws IOException {
        FileChannel channel =
                FileChannel.open(dir.resolve(RECORDING), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
            } else {
                HELD.add(lock);
            }
            return Optional.ofNullable(lock);
        } catch (OverlappingFileLockException e) {
            channel.close();
            return Optional.empty();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
