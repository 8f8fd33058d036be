package dev.vlmconsole.app;

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
 * What the formatter (Spotless, checked in {@code mvn verify}) cannot check: code names types by
 * their simple name and imports them, never as an inline fully qualified name such as
 * {@code java.util.Optional<dev.vlmconsole.api.services.ApiKeyPrincipal>}. Javadoc, comments and
 * string literals may name a type fully.
 */
class SourceRulesTest {

    /** A package-qualified type in code: lower-case segments, then a capitalised name. */
    static final Pattern INLINE_QUALIFIED_NAME =
            Pattern.compile("(?<![\\w.\"])(?:java|javax|jakarta|org|com|dev)\\.(?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*");

    @Test
    void code_imports_types_instead_of_naming_them_fully() throws IOException {
        Path root = BuildPaths.root();
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(SourceRulesTest::isSource).toList()) {
                List<String> lines = Files.readAllLines(file);
                boolean inComment = false;
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    if (inComment || line.startsWith("/*") || line.startsWith("*")) {
                        inComment = (inComment || line.startsWith("/*")) && !line.contains("*/");
                        continue;
                    }
                    if (line.startsWith("import ") || line.startsWith("package ")) {
                        continue;
                    }
                    if (INLINE_QUALIFIED_NAME.matcher(codeOf(line)).find()) {
                        offenders.add(root.relativize(file) + ":" + (i + 1) + ": " + line);
                    }
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        assertThat(offenders)
                .as("inline fully qualified names (import the type instead)")
                .isEmpty();
    }

    @Test
    void the_rule_finds_what_it_should_and_nothing_else() {
        assertThat(INLINE_QUALIFIED_NAME
                        .matcher(codeOf("java.util.Optional<String> key;"))
                        .find())
                .isTrue();
        assertThat(INLINE_QUALIFIED_NAME
                        .matcher(codeOf("@org.junit.jupiter.api.Test void x()"))
                        .find())
                .isTrue();
        assertThat(INLINE_QUALIFIED_NAME
                        .matcher(codeOf("Optional<String> key; // java.util.Optional"))
                        .find())
                .isFalse();
        assertThat(INLINE_QUALIFIED_NAME
                        .matcher(codeOf("load(\"dev.vlmconsole.webhooks.WebhooksModule\")"))
                        .find())
                .isFalse();
        assertThat(INLINE_QUALIFIED_NAME
                        .matcher(codeOf("Map.Entry<String, List<Role>> e;"))
                        .find())
                .isFalse();
    }

    private static boolean isSource(Path p) {
        String s = p.toString();
        return s.endsWith(".java")
                && s.contains("/src/")
                && !s.contains("/target/")
                && !s.endsWith("package-info.java")
                && !s.contains("/node_modules/");
    }

    /** The line without string literals and a trailing line comment. */
    private static String codeOf(String line) {
        String code = line.replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"");
        int comment = code.indexOf("//");
        return comment < 0 ? code : code.substring(0, comment);
    }
}
