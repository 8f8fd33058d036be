package dev.vlmconsole.app.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.app.support.BuildPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The audit log is append-only: no production source updates or deletes its rows. */
class AuditLogAppendOnlyTest {

    private static final Pattern CHANGES_AUDIT_ROWS = Pattern.compile(
            "(update|deleteFrom|delete|truncate|mergeInto)\\(\\s*(Tables\\.)?AUDIT_LOG\\b"
                    + "|(?i)(update|delete\\s+from|truncate(\\s+table)?)\\s+audit_log\\b");

    @Test
    void no_code_path_updates_or_deletes_audit_entries() throws IOException {
        Path root = BuildPaths.root();
        List<String> offenders;
        try (Stream<Path> files = Files.walk(root)) {
            offenders = files
                    .filter(p -> p.toString().contains("/src/main/"))
                    .filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".sql"))
                    .filter(p -> {
                        try {
                            return CHANGES_AUDIT_ROWS.matcher(Files.readString(p)).find();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(p -> root.relativize(p).toString())
                    .toList();
        }
        assertThat(offenders).isEmpty();
        assertThat(CHANGES_AUDIT_ROWS.matcher("db.deleteFrom(AUDIT_LOG).execute()").find()).isTrue();
        assertThat(CHANGES_AUDIT_ROWS.matcher("DELETE FROM audit_log WHERE 1=1").find()).isTrue();
    }
}
