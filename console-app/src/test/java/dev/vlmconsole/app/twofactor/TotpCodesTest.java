package dev.vlmconsole.app.twofactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class TotpCodesTest {

    /** RFC 6238's SHA-1 test key ("12345678901234567890"), base32. */
    private static final String RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T12:00:10Z"));
    private final TotpCodes codes = new TotpCodes(clock);

    @Test
    void codes_are_those_of_rfc_6238() {
        // RFC 6238, appendix B: T = 59 s gives 94287082 (8 digits); six digits are its last six
        assertThat(codes.codeAt(RFC_SECRET, 59 / 30)).isEqualTo("287082");
        // T = 1111111109 s gives 07081804
        assertThat(codes.codeAt(RFC_SECRET, 1111111109L / 30)).isEqualTo("081804");
    }

    @Test
    void the_current_code_and_one_step_either_side_are_right_two_steps_off_is_not() {
        String secret = codes.newSecret();
        long now = codes.currentStep();

        assertThat(codes.verify(secret, codes.codeAt(secret, now), -1)).hasValue(now);
        assertThat(codes.verify(secret, codes.codeAt(secret, now - 1), -1)).hasValue(now - 1);
        assertThat(codes.verify(secret, codes.codeAt(secret, now + 1), -1)).hasValue(now + 1);
        String old = codes.codeAt(secret, now - 2);
        String early = codes.codeAt(secret, now + 2);
        // a neighbour's code may by chance equal this one (one in a million); then it is right after all
        if (!old.equals(codes.codeAt(secret, now)) && !old.equals(codes.codeAt(secret, now - 1))) {
            assertThat(codes.verify(secret, old, -1)).isEmpty();
        }
        if (!early.equals(codes.codeAt(secret, now)) && !early.equals(codes.codeAt(secret, now + 1))) {
            assertThat(codes.verify(secret, early, -1)).isEmpty();
        }
    }

    @Test
    void a_code_expires_once_the_clock_moves_two_steps_on() {
        String secret = codes.newSecret();
        String code = codes.codeAt(secret, codes.currentStep());

        clock.advance(Duration.ofSeconds(30));
        assertThat(codes.verify(secret, code, -1)).isPresent();
        clock.advance(Duration.ofSeconds(60));
        assertThat(codes.verify(secret, code, -1)).isEmpty();
    }

    @Test
    void a_code_of_a_step_already_used_or_earlier_is_refused() {
        String secret = codes.newSecret();
        long now = codes.currentStep();
        String code = codes.codeAt(secret, now);

        assertThat(codes.verify(secret, code, now)).isEmpty();
        assertThat(codes.verify(secret, codes.codeAt(secret, now - 1), now)).isEmpty();
        assertThat(codes.verify(secret, codes.codeAt(secret, now + 1), now)).hasValue(now + 1);
    }

    @Test
    void typed_codes_may_carry_spaces_anything_else_is_not_a_code() {
        String secret = codes.newSecret();
        String code = codes.codeAt(secret, codes.currentStep());

        assertThat(codes.verify(secret, code.substring(0, 3) + " " + code.substring(3), -1))
                .isPresent();
        assertThat(codes.verify(secret, "", -1)).isEmpty();
        assertThat(codes.verify(secret, null, -1)).isEmpty();
        assertThat(codes.verify(secret, code + "0", -1)).isEmpty();
        assertThat(codes.verify(secret, "abcdef", -1)).isEmpty();
    }

    @Test
    void secrets_are_new_each_time_and_160_bits() {
        String a = codes.newSecret();
        assertThat(a).hasSize(32).matches("[A-Z2-7]+");
        assertThat(codes.newSecret()).isNotEqualTo(a);
    }

    @Test
    void recovery_codes_are_ten_different_and_their_hash_ignores_case_and_dashes() {
        List<String> recovery = TotpCodes.newRecoveryCodes();
        assertThat(new HashSet<>(recovery)).hasSize(10);
        String one = recovery.getFirst();

        assertThat(TotpCodes.hashRecoveryCode(" " + one.toUpperCase() + " "))
                .isEqualTo(TotpCodes.hashRecoveryCode(one))
                .isEqualTo(TotpCodes.hashRecoveryCode(one.replace("-", "")))
                .hasSize(64)
                .doesNotContain(one.replace("-", ""));
        assertThat(TotpCodes.normalizeTotp(one))
                .as("a recovery code is never taken for an app code")
                .isNull();
    }

    @Test
    void the_qr_code_is_a_png_of_the_otpauth_address() {
        String uri = TotpCodes.otpauthUri("Account console", "ada@example.test", RFC_SECRET);
        assertThat(uri)
                .startsWith("otpauth://totp/")
                .contains("secret=" + RFC_SECRET, "issuer=Account", "digits=6", "period=30");
        byte[] png = TotpCodes.qrPng("Account console", "ada@example.test", RFC_SECRET);
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    }
}
