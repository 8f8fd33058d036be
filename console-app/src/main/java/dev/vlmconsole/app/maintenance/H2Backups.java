package dev.vlmconsole.app.maintenance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online backups of the embedded H2 database with H2's {@code BACKUP TO} (a consistent copy of the file,
 * taken while the console runs, zipped), and the restore of one into a data folder while no console runs
 * on it. PostgreSQL installs use {@code pg_dump} instead (README, "Backup and restore"). See
 * docs/decisions/DD031-backups-and-moving-to-postgres.md.
 */
public final class H2Backups {

    /** The database file in the data folder. */
    public static final String DATABASE_FILE = "console.mv.db";

    private static final Logger log = LoggerFactory.getLogger(H2Backups.class);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
    private static final String PREFIX = "console-";
    private static final String SUFFIX = ".zip";

    private final DataSource dataSource;
    private final Path directory;
    private final int keep;
    private final Clock clock;

    /** A backup or restore that did not happen; the message says why in plain words. */
    public static final class BackupException extends RuntimeException {
        public BackupException(String message) {
            super(message);
        }

        public BackupException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A backup written: its file, size and time. */
    public record Backup(Path file, long bytes, Instant createdAt) {}

    /**
     * @param dataSource the console's H2 database
     * @param directory  where backups are written
     * @param keep       how many of the newest backups to keep (older ones are deleted after each backup)
     */
    public H2Backups(DataSource dataSource, Path directory, int keep, Clock clock) {
        this.dataSource = dataSource;
        this.directory = directory;
        this.keep = keep;
        this.clock = clock;
    }

    /** Whether {@code dataSource} is an H2 database (backups here are only for H2). */
    public static boolean isH2(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getURL().startsWith("jdbc:h2:");
        } catch (SQLException e) {
            throw new BackupException("Cannot reach the database: " + e.getMessage(), e);
        }
    }

    /** Writes a backup now, while the console runs, and deletes the oldest beyond {@code keep}. */
    public synchronized Backup backup() {
        Instant now = clock.instant();
        Path file = directory.resolve(PREFIX + STAMP.format(now) + SUFFIX).toAbsolutePath();
        try {
            Files.createDirectories(directory);
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            try (Connection c = dataSource.getConnection();
                    Statement s = c.createStatement()) {
                s.execute("BACKUP TO '" + partial.toString().replace("'", "''") + "'");
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            Backup backup = new Backup(file, Files.size(file), now);
            log.info("Backup of the H2 database written to {} ({} bytes)", file, backup.bytes());
            prune();
            return backup;
        } catch (SQLException | IOException e) {
            throw new BackupException("The backup to " + file + " failed: " + e.getMessage(), e);
        }
    }

    /** The backups in the folder, newest first. */
    public List<Path> backups() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> {
                        String name = p.getFileName().toString();
                        return name.startsWith(PREFIX) && name.endsWith(SUFFIX);
                    })
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString())
                            .reversed())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void prune() throws IOException {
        List<Path> all = backups();
        for (Path old : all.subList(Math.min(keep, all.size()), all.size())) {
            Files.deleteIfExists(old);
            log.info("Old backup {} deleted (console.backup.keep={})", old, keep);
        }
    }

    /**
     * Puts the database of backup {@code zip} into {@code dataDir}; refuses while a console holds the
     * database there. The file it replaces is kept beside it, renamed.
     *
     * @return the replaced file's new name, or null when the folder had no database
     */
    public static @Nullable Path restore(Path zip, Path dataDir) throws IOException {
        if (!Files.isRegularFile(zip)) {
            throw new BackupException("No backup at " + zip);
        }
        Path database = dataDir.resolve(DATABASE_FILE);
        Files.createDirectories(dataDir);
        Path restored = dataDir.resolve(DATABASE_FILE + ".restoring");
        boolean found = false;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (!e.isDirectory()
                        && Path.of(e.getName()).getFileName().toString().equals(DATABASE_FILE)) {
                    copy(in, restored);
                    found = true;
                    break;
                }
            }
        }
        if (!found) {
            throw new BackupException(zip + " holds no " + DATABASE_FILE + ": is it a backup of the console?");
        }
        Path kept = null;
        if (Files.exists(database)) {
            if (inUse(database)) {
                Files.deleteIfExists(restored);
                throw new BackupException(
                        "A console is running on " + database + ": stop it, then restore the backup.");
            }
            kept = dataDir.resolve(DATABASE_FILE + ".before-restore-" + STAMP.format(Instant.now()));
            Files.move(database, kept);
        }
        Files.move(restored, database, StandardCopyOption.ATOMIC_MOVE);
        return kept;
    }

    private static void copy(InputStream in, Path to) throws IOException {
        Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Whether a console (in this JVM or another) has the database file open: H2 holds a lock on it. */
    public static boolean inUse(Path database) throws IOException {
        try (FileChannel channel = FileChannel.open(database, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException inThisJvm) {
            return true;
        }
    }
}
