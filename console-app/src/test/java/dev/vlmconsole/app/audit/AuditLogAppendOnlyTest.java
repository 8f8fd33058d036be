package dev.vlmconsole.app.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.app.support.BuildPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The audit log is append-only: no production source updates or deletes its rows. The one
 * exception is core migration V4 (DD009), which fills the two target columns it adds for the rows
 * written before them; it may set only those columns, and only where they are still empty.
 */
class AuditLogAppendOnlyTest {

    private static final String BACKFILL =
            "console-app/src/main/resources/db/migration/core/V4__typed_audit_targets.sql";
    private static final List<String> BACKFILLED_COLUMNS = List.of("target_type", "target_id");

    private static final Pattern CHANGES_AUDIT_ROWS =
            Pattern.compile("(update|deleteFrom|delete|truncate|mergeInto)\\(\\s*(Tables\\.)?AUDIT_LOG\\b"
                    + "|(?i)(update|delete\\s+from|truncate(\\s+table)?)\\s+audit_log\\b");

    @Test
    void no_code_path_updates_or_deletes_audit_entries() throws IOException {
        Path root = BuildPaths.root();
        List<String> offenders;
        try (Stream<Path> files = Files.walk(root)) {
            offenders = files.filter(p -> p.toString().contains("/src/main/"))
                    .filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".sql"))
                    .filter(p -> !root.relativize(p).toString().equals(BACKFILL))
                    .filter(p -> {
                        try {
                            return CHANGES_AUDIT_ROWS
                                    .matcher(Files.readString(p))
                                    .find();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .map(p -> root.relativize(p).toString())
                    .toList();
        }
        assertThat(offenders).isEmpty();
        assertThat(CHANGES_AUDIT_ROWS
                        .matcher("db.deleteFrom(AUDIT_LOG).execute()")
                        .find())
                .isTrue();
        assertThat(CHANGES_AUDIT_ROWS.matcher("DELETE FROM audit_log WHERE 1=1").find())
                .isTrue();
    }

    @Test
    void the_typed_targets_migration_only_fills_the_columns_it_adds_where_they_are_empty() throws IOException {
        String script = Files.readString(BuildPaths.root().resolve(BACKFILL)).replaceAll("(?m)--.*$", "");
        List<String> statements = Stream.of(script.split(";"))
                .map(st -> st.strip().replaceAll("\\s+", " "))
                .filter(st -> !st.isEmpty())
                .toList();
        List<String> updates = statements.stream()
                .filter(st -> st.toLowerCase().startsWith("update audit_log "))
                .toList();

        assertThat(updates).hasSize(5);
        assertThat(statements.stream()
                        .filter(st -> CHANGES_AUDIT_ROWS.matcher(st).find()))
                .containsExactlyElementsOf(updates);
        for (String update : updates) {
            String lower = update.toLowerCase();
            int where = lower.lastIndexOf(" where target_type is null");
            assertThat(where).as("filled only where empty: %s", update).isPositive();
            assertThat(assignedColumns(lower.substring("update audit_log set ".length(), where)))
                    .as("columns set by %s", update)
                    .isSubsetOf(BACKFILLED_COLUMNS);
        }
    }

    /** The columns a SET clause assigns: the name before each top-level {@code =}, after a comma. */
    private static List<String> assignedColumns(String set) {
        List<String> columns = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= set.length(); i++) {
            char ch = i < set.length() ? set.charAt(i) : ',';
            if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
            } else if (ch == ',' && depth == 0) {
                columns.add(set.substring(start, i).split("=")[0].strip());
                start = i + 1;
            }
        }
        return columns;
    }
}
