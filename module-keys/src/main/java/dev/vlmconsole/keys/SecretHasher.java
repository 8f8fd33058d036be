package dev.vlmconsole.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hashes key secrets for storage and lookup: SHA-256, or HMAC-SHA-256 when the install sets a
 * pepper ({@code console.keys.pepper}), so that a stolen database alone cannot confirm a guess.
 */
public final class SecretHasher {

    private final byte[] pepper;
    private final ThreadLocal<MessageDigest> sha256 = ThreadLocal.withInitial(SecretHasher::newDigest);
    private final ThreadLocal<Mac> hmac;

    public SecretHasher(String pepper) {
        this.pepper = pepper == null || pepper.isEmpty() ? null : pepper.getBytes(StandardCharsets.UTF_8);
        this.hmac = ThreadLocal.withInitial(this::newMac);
    }

    /** The stored form of {@code secret}: 64 lower-case hex characters. */
    public String hash(String secret) {
        byte[] in = secret.getBytes(StandardCharsets.US_ASCII);
        byte[] out = pepper == null ? sha256.get().digest(in) : hmac.get().doFinal(in);
        return HexFormat.of().formatHex(out);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Mac newMac() {
        if (pepper == null) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(pepper, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
