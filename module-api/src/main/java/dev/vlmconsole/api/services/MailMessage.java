package dev.vlmconsole.api.services;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One email for {@link OutboundMail}: a plain-text body always, an HTML body when the sender has one.
 *
 * @param to      the recipient's address (one address; no display name)
 * @param subject the subject line
 * @param text    the plain-text body (mail clients that show no HTML, and screen readers)
 * @param html    the HTML body, or {@code null} for a plain-text message
 * @param kind    what the message is, {@code <module>.<what>} such as {@code team.invitation}: logged
 *                and counted instead of the address or the body, which may carry a secret link
 * @since 1.2
 */
public record MailMessage(
        String to, String subject, String text, @Nullable String html, String kind) {

    public MailMessage {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(kind, "kind");
        if (to.isBlank()
                || to.contains("\n")
                || to.contains("\r")
                || subject.contains("\n")
                || subject.contains("\r")) {
            throw new IllegalArgumentException("one address and a one-line subject");
        }
    }
}
