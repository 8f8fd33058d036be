package dev.vlmconsole.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.keys.KeyFormat.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class KeyFormatTest {

    private final KeyFormat format = new KeyFormat("vlm");

    @Test
    void generated_keys_have_the_documented_shape_and_parse_back() {
        String live = format.generate(Scope.INFERENCE);
        String admin = format.generate(Scope.ADMIN);
        assertThat(live).matches("vlm_live_[0-9A-Za-z]{32}[0-9A-Za-z]{6}");
        assertThat(admin).matches("vlm_admin_[0-9A-Za-z]{32}[0-9A-Za-z]{6}");
        assertThat(format.parse(live))
                .hasValueSatisfying(k -> assertThat(k.scope()).isEqualTo(Scope.INFERENCE));
        assertThat(format.parse(admin))
                .hasValueSatisfying(k -> assertThat(k.scope()).isEqualTo(Scope.ADMIN));
    }

    @Test
    void checksum_is_crc32_of_the_body_in_base62_left_padded() {
        // vectors computed independently (zlib.crc32, then base 62)
        assertThat(KeyFormat.checksum("abcdefghijklmnopqrstuvwxyzABCDEF")).isEqualTo("1mVgZW"); // 0x6154d22a
        assertThat(KeyFormat.checksum("0".repeat(32))).isEqualTo("2wjyrI"); // 0xa0f292d0
        assertThat(format.parse("vlm_live_abcdefghijklmnopqrstuvwxyzABCDEF1mVgZW"))
                .isPresent();
    }

    @Test
    void any_single_changed_character_is_rejected() {
        String key = format.generate(Scope.INFERENCE);
        String alphabet = KeyFormat.ALPHABET;
        int rejected = 0;
        int tried = 0;
        for (int i = "vlm_live_".length(); i < key.length(); i++) {
            char replacement = alphabet.charAt((alphabet.indexOf(key.charAt(i)) + 1) % alphabet.length());
            String tampered = key.substring(0, i) + replacement + key.substring(i + 1);
            tried++;
            if (format.parse(tampered).isEmpty()) {
                rejected++;
            }
        }
        assertThat(rejected).isEqualTo(tried);
    }

    @Test
    void wrong_prefix_length_or_alphabet_is_malformed() {
        String key = format.generate(Scope.INFERENCE);
        assertThat(format.parse(null)).isEmpty();
        assertThat(format.parse("")).isEmpty();
        assertThat(format.parse(key.replace("vlm_live_", "vlm_test_"))).isEmpty();
        assertThat(format.parse(key + "A")).isEmpty();
        assertThat(format.parse(key.substring(0, key.length() - 1))).isEmpty();
        assertThat(format.parse(key.substring(0, 12) + "-" + key.substring(13))).isEmpty();
        assertThat(new KeyFormat("acme").parse(key)).isEmpty();
    }

    @Test
    void white_label_prefix_is_used_everywhere() {
        KeyFormat acme = new KeyFormat("acme");
        String key = acme.generate(Scope.ADMIN);
        assertThat(key).startsWith("acme_admin_");
        assertThat(acme.parse(key)).isPresent();
        assertThat(acme.displayPrefix(key)).isEqualTo(key.substring(0, "acme_admin_".length() + 4));
        assertThatThrownBy(() -> new KeyFormat("Bad-Prefix")).isInstanceOf(IllegalArgumentException.class);
    }

    /** The pattern the README gives secret scanners, which is what they use (the console does not serve one). */
    @Test
    void the_readmes_scanner_pattern_finds_keys_in_text_and_nothing_else() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher documented = Pattern.compile("```\\n(\\\\bvlm_[^\\n]+)\\n```").matcher(readme);
        assertThat(documented.find()).as("the scanner pattern in README.md").isTrue();
        Pattern p = Pattern.compile(documented.group(1));
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String k = format.generate(i % 2 == 0 ? Scope.INFERENCE : Scope.ADMIN);
            keys.add(k);
            assertThat(p.matcher("export VLMRUN_API_KEY=" + k + "\n").find()).isTrue();
        }
        assertThat(keys).hasSize(200);
        String platform = format.generatePlatform();
        assertThat(p.matcher("CONSOLE_BOOTSTRAP_PLATFORM_KEY=" + platform + "\n")
                        .find())
                .isTrue();
        assertThat(p.matcher("vlm_live_tooShort").find()).isFalse();
    }

    @Test
    void scim_keys_take_the_admin_form_so_the_scanner_pattern_stays_the_same() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher documented = Pattern.compile("```\\n(\\\\bvlm_[^\\n]+)\\n```").matcher(readme);
        assertThat(documented.find()).isTrue();
        String scim = format.generate(Scope.SCIM);
        assertThat(scim).matches("vlm_admin_[0-9A-Za-z]{32}[0-9A-Za-z]{6}");
        assertThat(Pattern.compile(documented.group(1))
                        .matcher("Bearer " + scim)
                        .find())
                .isTrue();
        assertThat(format.prefixOf(Scope.SCIM)).isEqualTo(format.prefixOf(Scope.ADMIN));
        assertThat(format.displayPrefix(scim)).isEqualTo(scim.substring(0, "vlm_admin_".length() + 4));
        // the form says admin; the scope stored with the key says whether it is an admin or a SCIM key
        assertThat(format.parse(scim))
                .hasValueSatisfying(k -> assertThat(k.scope()).isEqualTo(Scope.ADMIN));
        assertThat(Scope.of("scim")).contains(Scope.SCIM);
        assertThat(Scope.SCIM.id()).isEqualTo("scim");
    }

    @Test
    void platform_keys_have_the_same_shape_and_checksum_after_their_own_prefix() {
        String key = format.generatePlatform();
        assertThat(key).matches("vlm_svc_[0-9A-Za-z]{32}[0-9A-Za-z]{6}");
        assertThat(format.isWellFormedPlatform(key)).isTrue();
        assertThat(format.isPlatformShaped(key)).isTrue();
        assertThat(format.platformDisplayPrefix(key)).isEqualTo(key.substring(0, "vlm_svc_".length() + 4));
        String body = "abcdefghijklmnopqrstuvwxyzABCDEF";
        assertThat(format.isWellFormedPlatform("vlm_svc_" + body + "1mVgZW")).isTrue(); // the vector above
        assertThat(format.isWellFormedPlatform("vlm_svc_" + body + "1mVgZX")).isFalse();
        for (int i = "vlm_svc_".length(); i < key.length(); i++) {
            char c = key.charAt(i);
            char replacement = KeyFormat.ALPHABET.charAt((KeyFormat.ALPHABET.indexOf(c) + 1) % 62);
            assertThat(format.isWellFormedPlatform(key.substring(0, i) + replacement + key.substring(i + 1)))
                    .as("changed at %d", i)
                    .isFalse();
        }
        assertThat(format.isWellFormedPlatform(null)).isFalse();
        assertThat(format.isWellFormedPlatform(key + "A")).isFalse();
        assertThat(format.isPlatformShaped("vlm_svc_short")).isTrue();
        assertThat(format.isWellFormedPlatform("vlm_svc_short")).isFalse();
        assertThat(new KeyFormat("acme").isWellFormedPlatform(key)).isFalse();
        assertThat(new KeyFormat("acme").generatePlatform()).startsWith("acme_svc_");
    }

    @Test
    void a_platform_key_is_never_parsed_as_a_workspace_key_nor_the_other_way() {
        String platform = format.generatePlatform();
        assertThat(format.parse(platform)).isEmpty();
        String live = format.generate(Scope.INFERENCE);
        assertThat(format.isPlatformShaped(live)).isFalse();
        assertThat(format.isWellFormedPlatform(live)).isFalse();
        assertThat(format.isWellFormedPlatform(format.generate(Scope.ADMIN))).isFalse();
    }

    @Test
    void hashes_are_sha256_or_hmac_with_a_pepper() {
        String key = format.generate(Scope.INFERENCE);
        String plain = new SecretHasher("").hash(key);
        String peppered = new SecretHasher("pepper").hash(key);
        assertThat(plain).hasSize(64).isNotEqualTo(peppered);
        assertThat(new SecretHasher(null).hash(key)).isEqualTo(plain);
        assertThat(new SecretHasher("pepper").hash(key)).isEqualTo(peppered);
        assertThat(plain).doesNotContain(key.substring(9, 20));
    }
}
