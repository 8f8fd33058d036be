package dev.vlmconsole.app.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.app.support.BuildPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

/**
 * Upgrades only go forward: a migration of a released version is never changed or removed, and a new one
 * comes after every released one of its module (an install of the previous release then upgrades by
 * applying the new ones, and Flyway's checksum validation never stops a start). The released ones and their
 * SHA-256 are listed in {@code released-migrations.txt}; the README's "Upgrading" says when to add to it.
 */
class ReleasedMigrationsTest {

    private static final Pattern VERSIONED = Pattern.compile("V([0-9_.]+)__.+");

    @Test
    void released_migrations_are_unchanged_and_new_ones_come_after_them() throws IOException {
        Map<String, String> released = released();
        Map<String, String> now = current();
        List<String> problems = new ArrayList<>();
        released.forEach((path, sha) -> {
            if (!now.containsKey(path)) {
                problems.add(path + " was released and is gone: put it back (migrations only go forward)");
            } else if (!now.get(path).equals(sha)) {
                problems.add(path + " was released and has changed: restore it and add a new migration instead");
            }
        });
        Map<String, MigrationVersion> highestReleased = new TreeMap<>();
        released.keySet()
                .forEach(path -> version(path)
                        .ifPresent(v -> highestReleased.merge(folder(path), v, (a, b) -> a.compareTo(b) >= 0 ? a : b)));
        List<String> unreleased = new ArrayList<>();
        now.forEach((path, sha) -> {
            if (!released.containsKey(path)) {
                unreleased.add(path + " " + sha);
                MigrationVersion highest = highestReleased.get(folder(path));
                version(path).ifPresent(v -> {
                    if (highest != null && v.compareTo(highest) <= 0) {
                        problems.add(path + " is new but not after the released " + folder(path) + " V" + highest
                                + ": an install of the last release would never apply it");
                    }
                });
            }
        });
        assertThat(problems)
                .as(
                        "released migrations (unreleased ones, to add at the next release:%n%s)",
                        String.join("\n", unreleased))
                .isEmpty();
    }

    @Test
    void the_list_holds_every_module_of_the_build() throws IOException {
        assertThat(released().keySet())
                .anyMatch(p -> p.contains("/db/migration/core/"))
                .anyMatch(p -> p.contains("/db/migration/keys/"))
                .anyMatch(p -> p.contains("/db/migration/team/"))
                .anyMatch(p -> p.contains("/db/migration/billing/"));
    }

    private static Map<String, String> released() throws IOException {
        Map<String, String> released = new LinkedHashMap<>();
        try (InputStream in =
                Objects.requireNonNull(ReleasedMigrationsTest.class.getResourceAsStream("/released-migrations.txt"))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] parts = line.trim().split(" +");
                    released.put(parts[0], parts[1]);
                }
            }
        }
        return released;
    }

    /** Every migration file of the build's modules and the example plugin, with its SHA-256. */
    private static Map<String, String> current() throws IOException {
        Path root = BuildPaths.root();
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root, 9)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                if (rel.contains("/src/main/resources/db/migration/") && !rel.contains("/target/")) {
                    files.put(rel, sha256(Files.readAllBytes(p)));
                }
            }
        }
        return files;
    }

    private static String folder(String path) {
        return path.substring(0, path.lastIndexOf('/'));
    }

    private static Optional<MigrationVersion> version(String path) {
        Matcher m = VERSIONED.matcher(path.substring(path.lastIndexOf('/') + 1));
        return m.matches() ? Optional.of(MigrationVersion.fromVersion(m.group(1).replace('_', '.'))) : Optional.empty();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
