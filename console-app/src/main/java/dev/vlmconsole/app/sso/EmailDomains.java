package dev.vlmconsole.app.sso;

import dev.vlmconsole.api.InvalidInputException;
import java.net.IDN;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The email domains a workspace may claim (DD035): a domain name as people type it, stored lower-case in
 * its ASCII form (an internationalised name such as {@code bücher.example} becomes
 * {@code xn--bcher-kva.example}), with at least one dot, no {@code @}, no address, and not a public mail
 * service's domain (or one under it): whoever claimed {@code gmail.com} would capture everybody's
 * sign-ins.
 */
public final class EmailDomains {

    /** The longest domain name DNS allows. */
    public static final int MAX_LENGTH = 253;

    /** Public mail services, by exact domain; a subdomain of one is refused too. */
    private static final Set<String> PUBLIC = Set.of(
            "gmail.com",
            "googlemail.com",
            "outlook.com",
            "hotmail.com",
            "live.com",
            "msn.com",
            "yahoo.com",
            "ymail.com",
            "rocketmail.com",
            "icloud.com",
            "me.com",
            "mac.com",
            "aol.com",
            "proton.me",
            "pm.me",
            "protonmail.com",
            "protonmail.ch",
            "web.de",
            "t-online.de",
            "freenet.de",
            "mail.ru",
            "inbox.ru",
            "bk.ru",
            "list.ru",
            "yandex.ru",
            "yandex.com",
            "ya.ru",
            "qq.com",
            "163.com",
            "126.com",
            "yeah.net",
            "sina.com",
            "naver.com",
            "daum.net",
            "zoho.com",
            "mail.com",
            "email.com",
            "fastmail.com",
            "tutanota.com",
            "tuta.io",
            "hey.com",
            "laposte.net",
            "orange.fr",
            "free.fr",
            "libero.it",
            "seznam.cz",
            "wp.pl",
            "o2.pl",
            "interia.pl",
            "rediffmail.com");

    /** Public mail services present under many country domains: {@code gmx.de}, {@code yahoo.co.uk}. */
    private static final Set<String> PUBLIC_IN_EVERY_COUNTRY = Set.of("gmx", "yahoo", "hotmail", "outlook", "live");

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private EmailDomains() {}

    /**
     * The domain to store for {@code input}, or {@link InvalidInputException} on {@link DomainClaims#DOMAIN}
     * saying what is wrong, in words.
     */
    public static String require(@Nullable String input) {
        String typed = input == null ? "" : input.strip();
        if (typed.isEmpty()) {
            throw refused("Enter your company's email domain, such as example.com.");
        }
        if (typed.contains("@")) {
            throw refused(
                    "Enter the domain without the @ or a name before it: example.com, not " + "someone@example.com.");
        }
        String ascii;
        try {
            ascii = IDN.toASCII(typed, 0).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw refused("This is not a domain name: use letters, digits, hyphens and dots, such as example.com.");
        }
        if (ascii.length() > MAX_LENGTH) {
            throw refused("A domain name has at most " + MAX_LENGTH + " characters.");
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2) {
            throw refused("A domain has at least one dot, such as example.com.");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw refused("This is not a domain name: use letters, digits, hyphens and dots, such as example.com.");
            }
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            throw refused("Enter a domain name, not an address.");
        }
        if (isPublic(ascii)) {
            throw refused(typed.toLowerCase(Locale.ROOT) + " is a public mail service: anyone can have an address "
                    + "there. Claim your company's own domain.");
        }
        return ascii;
    }

    /** The stored form of the domain of {@code email}, if it has a well-formed one. */
    public static Optional<String> of(@Nullable String email) {
        if (email == null) {
            return Optional.empty();
        }
        int at = email.lastIndexOf('@');
        if (at < 0 || at == email.length() - 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(IDN.toASCII(email.substring(at + 1).strip(), 0).toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A domain as people read it: {@code xn--bcher-kva.example} as {@code bücher.example}. */
    public static String display(String domain) {
        return IDN.toUnicode(domain, IDN.ALLOW_UNASSIGNED);
    }

    /** Whether {@code domain} (ASCII, lower-case) is a public mail service's or under one. */
    static boolean isPublic(String domain) {
        String[] labels = domain.split("\\.");
        for (int i = 0; i < labels.length - 1; i++) {
            String suffix = String.join(".", Arrays.copyOfRange(labels, i, labels.length));
            if (PUBLIC.contains(suffix)) {
                return true;
            }
        }
        // gmx.de, gmx.net, yahoo.co.uk, hotmail.fr: the service's name followed by a country or generic ending
        for (int i = 0; i < labels.length - 1; i++) {
            int endings = labels.length - i - 1;
            if (PUBLIC_IN_EVERY_COUNTRY.contains(labels[i])
                    && endings <= 2
                    && Arrays.stream(labels, i + 1, labels.length).allMatch(l -> l.length() <= 3)) {
                return true;
            }
        }
        return false;
    }

    private static InvalidInputException refused(String message) {
        return InvalidInputException.of(DomainClaims.DOMAIN, message);
    }
}
