package dev.vlmconsole.team.invitations;

import dev.vlmconsole.api.services.ConsoleLinks;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Invitation links: a 32-byte random token (base64url), of which only the SHA-256 hash is stored,
 * under the console's public address ({@code <base>/invite/<token>}).
 *
 * @see "DD018, docs/decisions/DD018-invitations.md"
 */
public class InvitationLinks {

    /** The accept page's route. */
    public static final String ROUTE = "invite";

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final SecureRandom random = new SecureRandom();
    private final Supplier<ConsoleLinks> console;

    /** @param console the console's links, looked up when a link is made (the console provides them) */
    public InvitationLinks(Supplier<ConsoleLinks> console) {
        this.console = console;
    }

    /** Whether links carry the console's public address rather than {@code localhost}. */
    boolean arePublic() {
        return console.get().hasPublicUrl();
    }

    /** A new random token. */
    String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The stored form of a token: its SHA-256 hash in hex; empty for what cannot be a token. */
    static Optional<String> hash(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return Optional.of(HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.US_ASCII))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The absolute accept link of {@code token}. */
    String link(String token) {
        return console.get().to(ROUTE, token);
    }
}
