package dev.vlmconsole.keys;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The key format: {@code <prefix>_live_} (inference) or {@code <prefix>_admin_} (admin and SCIM), then 32
 * random base-62 characters, then a 6-character checksum: the CRC32 (IEEE) of those 32 ASCII
 * characters in base 62 with the same alphabet, left-padded with {@code 0}. The prefix is
 * {@code vlm} unless an install configures its own. Platform keys ({@code <prefix>_svc_}, install-wide
 * keys of the platform's own services) follow the same rule; {@link #parse} never accepts them, so a
 * platform key is never mistaken for a workspace key ({@link #parsePlatform} reads them).
 */
public final class KeyFormat {

    static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    static final int BODY_LENGTH = 32;
    static final int CHECKSUM_LENGTH = 6;
    /** Characters of the secret shown after the scope prefix, e.g. {@code vlm_live_AbCd}. */
    static final int DISPLAY_CHARS = 4;
    /** The marker of platform keys: {@code <prefix>_svc_}. */
    static final String PLATFORM_MARKER = "svc";

    private final String prefix;
    private final SecureRandom random = new SecureRandom();

    /** @param prefix the brand part, {@code vlm} by default: lower-case letters and digits */
    public KeyFormat(String prefix) {
        if (!prefix.matches("[a-z][a-z0-9]{0,15}")) {
            throw new IllegalArgumentException("The key prefix must be 1-16 lower-case letters or digits: " + prefix);
        }
        this.prefix = prefix;
    }

    /**
     * A parsed, checksum-valid key.
     *
     * @param scope the scope its form says: {@link Scope#INFERENCE} for {@code _live_}, {@link Scope#ADMIN}
     *              for every {@code _admin_} key, although a key of that form may be stored as an admin
     *              or a SCIM key: the scope stored with the key decides, never its prefix
     */
    public record ParsedKey(Scope scope, String secret) {}

    /**
     * A key's scope and the form its secret takes. Two scopes share the {@code _admin_} form (a SCIM key
     * is a management credential too, and the secret scanners' pattern stays the same), so a scope
     * cannot be read back from a secret: it is stored with the key.
     */
    public enum Scope {
        INFERENCE("inference", "live"),
        ADMIN("admin", "admin"),
        /** The workspace's key for its identity provider's SCIM provisioning (module-api 1.5, DD037). */
        SCIM("scim", "admin");

        private final String id;
        private final String marker;

        Scope(String id, String marker) {
            this.id = id;
            this.marker = marker;
        }

        /** As stored and as answered on the API: {@code inference}, {@code admin} or {@code scim}. */
        public String id() {
            return id;
        }

        /** Parses {@code inference}, {@code admin} or {@code scim}. */
        public static Optional<Scope> of(String id) {
            for (Scope s : values()) {
                if (s.id.equals(id)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }

    /** The prefix of keys of {@code scope}, e.g. {@code vlm_live_} ({@code vlm_admin_} for SCIM keys too). */
    public String prefixOf(Scope scope) {
        return prefix + "_" + scope.marker + "_";
    }

    /** A new random key of {@code scope}. */
    public String generate(Scope scope) {
        return generateWith(prefixOf(scope));
    }

    /** The prefix of platform keys, e.g. {@code vlm_svc_}. */
    public String platformPrefix() {
        return prefix + "_" + PLATFORM_MARKER + "_";
    }

    /** A new random platform key. */
    public String generatePlatform() {
        return generateWith(platformPrefix());
    }

    /** Whether {@code key} starts like a platform key, without checking the rest. */
    public boolean isPlatformShaped(String key) {
        return key != null && key.startsWith(platformPrefix());
    }

    /**
     * Whether {@code key} is a well-formed platform key: prefix, length, alphabet and checksum. Pure
     * computation, like {@link #parse}.
     */
    public boolean isWellFormedPlatform(String key) {
        return key != null && wellFormed(key, platformPrefix());
    }

    /** What the console shows of a platform key: its prefix and the first characters of the body. */
    public String platformDisplayPrefix(String key) {
        if (!isWellFormedPlatform(key)) {
            throw new IllegalArgumentException("Not a platform key");
        }
        return key.substring(0, platformPrefix().length() + DISPLAY_CHARS);
    }

    private String generateWith(String keyPrefix) {
        char[] body = new char[BODY_LENGTH];
        for (int i = 0; i < BODY_LENGTH; i++) {
            body[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        String b = new String(body);
        return keyPrefix + b + checksum(b);
    }

    private static boolean wellFormed(String key, String keyPrefix) {
        if (key.length() != keyPrefix.length() + BODY_LENGTH + CHECKSUM_LENGTH || !key.startsWith(keyPrefix)) {
            return false;
        }
        String body = key.substring(keyPrefix.length(), keyPrefix.length() + BODY_LENGTH);
        String sum = key.substring(keyPrefix.length() + BODY_LENGTH);
        return isBase62(body) && checksum(body).equals(sum);
    }

    /**
     * Parses a presented key: right prefix, right length and alphabet, right checksum. Pure
     * computation: no cache or database is touched for a key that fails here.
     */
    public Optional<ParsedKey> parse(String key) {
        if (key == null) {
            return Optional.empty();
        }
        for (Scope scope : Scope.values()) {
            if (scope == Scope.SCIM) {
                continue; // the admin form: answered as ADMIN, see ParsedKey
            }
            String p = prefixOf(scope);
            if (key.length() == p.length() + BODY_LENGTH + CHECKSUM_LENGTH && key.startsWith(p)) {
                String body = key.substring(p.length(), p.length() + BODY_LENGTH);
                String sum = key.substring(p.length() + BODY_LENGTH);
                if (isBase62(body) && checksum(body).equals(sum)) {
                    return Optional.of(new ParsedKey(scope, key));
                }
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** What the console shows of a key: its prefix and the first characters of the body. */
    public String displayPrefix(String key) {
        ParsedKey parsed = parse(key).orElseThrow(() -> new IllegalArgumentException("Not a key"));
        return key.substring(0, prefixOf(parsed.scope()).length() + DISPLAY_CHARS);
    }

    static String checksum(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long v = crc.getValue();
        char[] out = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            out[i] = ALPHABET.charAt((int) (v % 62));
            v /= 62;
        }
        return new String(out);
    }

    private static boolean isBase62(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                return false;
            }
        }
        return true;
    }
}
