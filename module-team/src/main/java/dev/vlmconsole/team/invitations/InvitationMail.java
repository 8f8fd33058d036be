package dev.vlmconsole.team.invitations;

import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.MailMessage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The invitation email, in plain text and HTML. */
final class InvitationMail {

    /** {@link MailMessage#kind()} of invitation emails. */
    static final String KIND = "team.invitation";

    private static final DateTimeFormatter EXPIRY = DateTimeFormatter.ofPattern(
                    "d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private InvitationMail() {}

    static MailMessage of(String to, String workspace, String inviter, Role role, Instant expiresAt, String link) {
        String subject = oneLine(inviter) + " invited you to " + oneLine(workspace);
        String expiry = EXPIRY.format(expiresAt);
        String text = inviter + " invited you to join the workspace " + workspace + " as " + article(role) + " "
                + role.label() + ".\n\n"
                + "Accept the invitation:\n" + link + "\n\n"
                + "The link works once, until " + expiry + ".\n\n"
                + "If you did not expect this invitation, you can ignore this email: nothing happens"
                + " unless you open the link.\n";
        String html = "<!DOCTYPE html><html><body style=\"font-family: sans-serif; line-height: 1.5\">"
                + "<p>" + escape(inviter) + " invited you to join the workspace <strong>" + escape(workspace)
                + "</strong> as " + article(role) + " " + escape(role.label()) + ".</p>"
                + "<p><a href=\"" + escape(link) + "\">Accept the invitation</a></p>"
                + "<p>Or copy this link into your browser: " + escape(link) + "</p>"
                + "<p>The link works once, until " + escape(expiry) + ".</p>"
                + "<p style=\"color: #666\">If you did not expect this invitation, you can ignore this email:"
                + " nothing happens unless you open the link.</p>"
                + "</body></html>";
        return new MailMessage(to, subject, text, html, KIND);
    }

    private static String article(Role role) {
        return role == Role.OWNER || role == Role.ADMIN ? "an" : "a";
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n\\t]+", " ");
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
