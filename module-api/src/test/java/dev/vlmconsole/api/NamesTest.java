package dev.vlmconsole.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The name rule, checked on every Unicode code point and on many random names. */
class NamesTest {

    private static final Names.Rule RULE = new Names.Rule("name", 10);
    private static final String HIDDEN_MESSAGE =
            "Remove line breaks, tabs and invisible formatting characters (such as text direction marks).";

    @Test
    void every_code_point_alone_is_a_name_unless_it_is_white_space_or_a_control_format_separator_or_surrogate() {
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            String name = Character.toString(cp);
            int type = Character.getType(cp);
            boolean hidden = type == Character.CONTROL
                    || type == Character.FORMAT
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.SURROGATE;
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                assertThat(RULE.problem(name)).as("U+%04X", cp).contains("Enter a name.");
            } else if (hidden) {
                assertThat(RULE.problem(name)).as("U+%04X", cp).contains(HIDDEN_MESSAGE);
            } else {
                assertThat(RULE.require(name)).as("U+%04X", cp).isEqualTo(name);
            }
        }
    }

    @Test
    void random_names_are_accepted_exactly_when_trimmed_they_are_short_enough_and_hold_nothing_hidden() {
        Random random = new Random(20261129);
        int[] pool = {
            'a', 'Z', '7', ' ', '\u00A0', '\u3000', 'é', '名', 0x1F600, 0x1D11E, // visible, spaces
            '\n', '\r', '\t', 0x1B, 0x7F, 0x85, // controls
            0x202E, 0x2066, 0x200B, 0x200D, 0xFEFF, 0xE0001, // format: bidi, zero width, tags
            0x2028, 0x2029, 0xD800, 0xDC00
        }; // separators, lone surrogates
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(14);
            for (int j = 0; j < length; j++) {
                b.appendCodePoint(pool[random.nextInt(pool.length)]);
            }
            String input = b.toString();
            String trimmed = trimmed(input);
            boolean fits = !trimmed.isEmpty() && trimmed.codePointCount(0, trimmed.length()) <= RULE.maxLength();
            boolean clean = trimmed.codePoints().noneMatch(Names::hidden);
            if (fits && clean) {
                assertThat(RULE.require(input)).as("%s", escaped(input)).isEqualTo(trimmed);
            } else {
                assertThatThrownBy(() -> RULE.require(input))
                        .as("%s", escaped(input))
                        .isInstanceOfSatisfying(
                                InvalidInputException.class,
                                e -> assertThat(e.field()).isEqualTo("name"));
            }
        }
    }

    @Test
    void a_line_break_or_a_direction_override_inside_a_name_is_refused_for_its_field() {
        assertThatThrownBy(() -> Names.WORKSPACE_NAME.require("Acme\r\nINFO forged log line"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("workspaceName");
                    assertThat(e.getMessage()).isEqualTo(HIDDEN_MESSAGE);
                });
        assertThatThrownBy(() -> Names.DISPLAY_NAME.require("Eve \u202Egnp.exe"))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("displayName"));
    }

    @Test
    void length_counts_code_points_not_utf16_units() {
        String emoji = Character.toString(0x1F600);
        assertThat(RULE.require(emoji.repeat(10))).hasSize(20);
        assertThat(RULE.problem(emoji.repeat(11))).contains("Use at most 10 characters.");
        assertThat(Names.DISPLAY_NAME.problem("x".repeat(101))).contains("Use at most 100 characters.");
    }

    @Test
    void a_blank_optional_label_is_null_and_a_given_one_follows_the_rule() {
        assertThat(RULE.optional(null)).isNull();
        assertThat(RULE.optional("   ")).isNull();
        assertThat(RULE.optional("\u00A0prod\u3000")).isEqualTo("prod");
        assertThatThrownBy(() -> RULE.optional("pro\u0000d")).isInstanceOf(InvalidInputException.class);
    }

    /** White space at both ends removed, spaces that {@code String.strip} keeps (no-break) included. */
    private static String trimmed(String s) {
        int[] cps = s.codePoints().toArray();
        int start = 0;
        int end = cps.length;
        while (start < end && (Character.isWhitespace(cps[start]) || Character.isSpaceChar(cps[start]))) {
            start++;
        }
        while (end > start && (Character.isWhitespace(cps[end - 1]) || Character.isSpaceChar(cps[end - 1]))) {
            end--;
        }
        return new String(cps, start, end - start);
    }

    private static String escaped(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(cp -> b.append(String.format("U+%04X ", cp)));
        return b.toString();
    }
}
