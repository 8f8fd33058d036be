package dev.vlmconsole.app.twofactor;

import dev.samstevens.totp.code.CodeGenerator;
import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import dev.samstevens.totp.exceptions.CodeGenerationException;
import dev.samstevens.totp.exceptions.QrGenerationException;
import dev.samstevens.totp.qr.QrData;
import dev.samstevens.totp.qr.ZxingPngQrGenerator;
import dev.samstevens.totp.recovery.RecoveryCodeGenerator;
import dev.samstevens.totp.secret.DefaultSecretGenerator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Time-based one-time codes (RFC 6238: HMAC-SHA1, six digits, 30-second steps, as every authenticator
 * app reads them) and recovery codes. A code is right for its own time step and one either side (a
 * phone's clock may be off by half a minute), and only for a step after the last one used, so that a
 * code seen over someone's shoulder cannot sign in a second time.
 */
final class TotpCodes {

    static final int PERIOD_SECONDS = 30;
    static final int DIGITS = 6;
    /** Time steps accepted either side of the current one. */
    static final int DRIFT_STEPS = 1;
    /** Recovery codes handed out at a time. */
    static final int RECOVERY_CODES = 10;

    private static final Pattern TOTP = Pattern.compile("[0-9]{" + DIGITS + "}");
    private static final Pattern NOT_CODE = Pattern.compile("[^a-z0-9]");

    private final CodeGenerator generator = new DefaultCodeGenerator(HashingAlgorithm.SHA1, DIGITS);
    private final Clock clock;

    TotpCodes(Clock clock) {
        this.clock = clock;
    }

    /** A new random secret, base32, 160 bits (the size RFC 4226 recommends). */
    String newSecret() {
        return new DefaultSecretGenerator(32).generate();
    }

    long currentStep() {
        return Math.floorDiv(clock.instant().getEpochSecond(), PERIOD_SECONDS);
    }

    /**
     * The time step {@code code} belongs to, when it is right for the current step or one either side
     * and that step is later than {@code lastUsedStep}; empty otherwise.
     */
    OptionalLong verify(String secret, String code, long lastUsedStep) {
        String given = normalizeTotp(code);
        if (given == null) {
            return OptionalLong.empty();
        }
        long now = currentStep();
        long found = -1;
        // every candidate is computed and compared, so the time taken says nothing about which matched
        for (long step = now - DRIFT_STEPS; step <= now + DRIFT_STEPS; step++) {
            boolean same = MessageDigest.isEqual(
                    codeAt(secret, step).getBytes(StandardCharsets.US_ASCII),
                    given.getBytes(StandardCharsets.US_ASCII));
            if (same && step > lastUsedStep && found < 0) {
                found = step;
            }
        }
        return found < 0 ? OptionalLong.empty() : OptionalLong.of(found);
    }

    /** The code of {@code secret} at time step {@code step}. */
    String codeAt(String secret, long step) {
        try {
            return generator.generate(secret, step);
        } catch (CodeGenerationException e) {
            throw new IllegalStateException("A stored two-factor secret cannot make codes", e);
        }
    }

    /** The six digits of a typed code (spaces and dashes ignored), or null when it is not one. */
    static String normalizeTotp(String code) {
        if (code == null) {
            return null;
        }
        String digits = code.replace(" ", "").replace("-", "");
        return TOTP.matcher(digits).matches() ? digits : null;
    }

    /** The {@code otpauth://} address an authenticator app reads from the QR code. */
    static String otpauthUri(String issuer, String account, String secret) {
        return qrData(issuer, account, secret).getUri();
    }

    /** The QR code of {@link #otpauthUri}, as a PNG. */
    static byte[] qrPng(String issuer, String account, String secret) {
        ZxingPngQrGenerator qr = new ZxingPngQrGenerator();
        qr.setImageSize(220);
        try {
            return qr.generate(qrData(issuer, account, secret));
        } catch (QrGenerationException e) {
            throw new IllegalStateException("Cannot draw the QR code", e);
        }
    }

    private static QrData qrData(String issuer, String account, String secret) {
        return new QrData.Builder()
                .label(account)
                .secret(secret)
                .issuer(issuer)
                .algorithm(HashingAlgorithm.SHA1)
                .digits(DIGITS)
                .period(PERIOD_SECONDS)
                .build();
    }

    /** {@value #RECOVERY_CODES} new recovery codes, such as {@code 4f2k-9qzt-x8bm-2cwa} (80 random bits each). */
    static List<String> newRecoveryCodes() {
        return List.of(new RecoveryCodeGenerator().generateCodes(RECOVERY_CODES));
    }

    /**
     * What is stored of a recovery code: the SHA-256 of its letters and digits, lower case (a typed code's
     * case, spaces and dashes do not matter). A plain hash suffices: the codes are random, not chosen.
     */
    static String hashRecoveryCode(String code) {
        String plain = NOT_CODE.matcher(code.toLowerCase(Locale.ROOT)).replaceAll("");
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(plain.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
