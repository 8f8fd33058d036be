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
 * The audit log is append-only: no production source updates or deletes its rows, with three
 * exceptions, each held to what it must do:
 * <ul>
 *   <li>core migration V4 (DD009) fills the two target columns it adds for the rows written before
 *       them; it may set only those columns, and only where they are still empty;
 *   <li>{@link AuditChain} seals the entry it has just inserted with its hash, and chains the entries
 *       written before V8 once (DD026): every update it makes applies only to rows without a hash;
 *   <li>{@link AuditRetention} is the one deletion path (DD026): it deletes only entries it has
 *       written to the archive file and forced to disk before.
 * </ul>
 */
class AuditLogAppendOnlyTest {

    private static final String BACKFILL =
            "console-app/src/main/resources/db/migration/core/V4__typed_audit_targets.sql";
    private static final String CHAIN = "console-app/src/main/java/dev/vlmconsole/app/audit/AuditChain.java";
    private static final String RETENTION = "console-app/src/main/java/dev/vlmconsole/app/audit/AuditRetention.java";
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
                    .filter(p -> !List.of(BACKFILL, CHAIN, RETENTION)
                            .contains(root.relativize(p).toString()))
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
    void the_chain_updates_only_entries_without_a_hash_and_never_deletes() throws IOException {
        String source = Files.readString(BuildPaths.root().resolve(CHAIN));
        List<String> updates = statementsOn(source, "update(AUDIT_LOG)");

        assertThat(updates).hasSize(2);
        assertThat(updates).allSatisfy(u -> assertThat(u).contains("AUDIT_LOG.HASH.isNull()"));
        assertThat(source).doesNotContain("deleteFrom(AUDIT_LOG)", "mergeInto(AUDIT_LOG)", "truncate(AUDIT_LOG)");
    }

    @Test
    void only_retention_deletes_entries_and_only_after_forcing_their_archive_to_disk() throws IOException {
        String source = Files.readString(BuildPaths.root().resolve(RETENTION));
        List<String> deletes = statementsOn(source, "deleteFrom(AUDIT_LOG)");

        assertThat(deletes).hasSize(1);
        assertThat(source.indexOf("out.force(true)")).isPositive().isLessThan(source.indexOf("deleteFrom(AUDIT_LOG)"));
        assertThat(source).doesNotContain("update(AUDIT_LOG)", "mergeInto(AUDIT_LOG)", "truncate(AUDIT_LOG)");
    }

    /** Each jOOQ statement of {@code source} that starts with {@code start}, up to its {@code execute()}. */
    private static List<String> statementsOn(String source, String start) {
        List<String> found = new ArrayList<>();
        for (int i = source.indexOf(start); i >= 0; i = source.indexOf(start, i + 1)) {
            found.add(source.substring(i, source.indexOf("execute()", i)));
        }
        return found;
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
