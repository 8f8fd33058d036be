package dev.vlmconsole.app.signin;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The address sign-in throttling counts by: an IPv4 address as it is, an IPv6 address by its /64
 * (one subscriber usually holds a whole /64, so counting single addresses would count nothing),
 * anything else as given, hashed when it is longer than the column.
 */
final class SignInAddress {

    static final int MAX_LENGTH = 64;
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:.]+(%[0-9A-Za-z]+)?");

    private SignInAddress() {}

    static String of(String remoteAddress) {
        if (remoteAddress == null || remoteAddress.isBlank()) {
            return "unknown";
        }
        String a = remoteAddress.trim();
        if (a.indexOf(':') >= 0 && IPV6_LITERAL.matcher(a).matches()) {
            try {
                // a literal: no name lookup happens
                byte[] bytes = InetAddress.getByName(a).getAddress();
                if (bytes.length == 16) {
                    return HexFormat.of().formatHex(bytes, 0, 8).replaceAll("(.{4})(?!$)", "$1:") + "::/64";
                }
                return InetAddress.getByAddress(bytes).getHostAddress();
            } catch (UnknownHostException e) {
                // not an address after all: counted as given
            }
        }
        return a.length() <= MAX_LENGTH ? a : sha256(a);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
