package dev.vlmconsole.app.maintenance;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Backups of the embedded H2 database, {@code console.backup.*} (DD031). On PostgreSQL they do nothing:
 * back it up with {@code pg_dump}.
 *
 * @param dir      where backups are written; unset: {@code backups/} in the data folder
 * @param interval how often each node writes one while it runs; unset: only on request
 *                 ({@code POST /api/v1/operator/backup}); at least one minute
 * @param keep     how many of the newest backups are kept, 1 to 1000
 */
@ConfigurationProperties("console.backup")
public record BackupProperties(
        @Nullable Path dir,
        @Nullable Duration interval,
        @DefaultValue("7") int keep) {

    public BackupProperties {
        if (interval != null && interval.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException(
                    "console.backup.interval must be at least PT1M (one minute), not " + interval);
        }
        if (keep < 1 || keep > 1000) {
            throw new IllegalArgumentException("console.backup.keep must be 1 to 1000, not " + keep);
        }
    }

    /** The folder of backups, given the data folder. */
    public Path directory(Path dataDir) {
        return dir != null ? dir : dataDir.resolve("backups");
    }
}
