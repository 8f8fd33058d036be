package dev.vlmconsole.team.invitations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.MailMessage;
import dev.vlmconsole.testsupport.FixedConsoleLinks;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The invitation email's words, and names that could break its HTML or its subject line. */
class InvitationMailTest {

    private static final String LINK = "https://console.example.test/invite/abc";

    @Test
    void the_email_names_the_workspace_the_inviter_the_role_the_expiry_and_the_link_in_text_and_html() {
        MailMessage mail = InvitationMail.of(
                "ann@example.com", "Acme", "Bob", Role.ADMIN, Instant.parse("2026-06-08T09:00:00Z"), LINK);

        assertThat(mail.to()).isEqualTo("ann@example.com");
        assertThat(mail.kind()).isEqualTo("team.invitation");
        assertThat(mail.subject()).isEqualTo("Bob invited you to Acme");
        assertThat(mail.text())
                .contains("Bob invited you to join the workspace Acme as an Admin.", LINK, "8 June 2026, 09:00 UTC")
                .contains("you can ignore this email");
        assertThat(mail.html())
                .contains("<strong>Acme</strong>", "href=\"" + LINK + "\"", "8 June 2026, 09:00 UTC", "ignore");
    }

    @Test
    void names_are_escaped_in_the_html_and_kept_on_one_line_in_the_subject() {
        MailMessage mail = InvitationMail.of(
                "ann@example.com",
                "<script>alert(1)</script> & Co",
                "Eve\r\nBcc: all@example.com",
                Role.MEMBER,
                Instant.parse("2026-06-08T09:00:00Z"),
                LINK);

        assertThat(mail.html()).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co");
        assertThat(mail.subject()).doesNotContain("\n").doesNotContain("\r").startsWith("Eve Bcc:");
    }

    @Test
    void addresses_are_split_on_commas_semicolons_and_white_space_and_kept_once_ignoring_case() {
        assertThat(InvitationService.addresses(" a@x.com,b@x.com;\n<c@x.com>  A@X.COM ,, "))
                .containsExactly("a@x.com", "b@x.com", "c@x.com");
        assertThat(InvitationService.addresses(null)).isEmpty();
    }

    @Test
    void only_plausible_addresses_are_accepted() {
        assertThat(InvitationService.isAddress("first.last+tag@sub.example.co.uk"))
                .isTrue();
        assertThat(InvitationService.isAddress("no-at-sign")).isFalse();
        assertThat(InvitationService.isAddress("a@localhost")).isFalse();
        assertThat(InvitationService.isAddress("a@@example.com")).isFalse();
        assertThat(InvitationService.isAddress(".a@example.com")).isFalse();
        assertThat(InvitationService.isAddress("a..b@example.com")).isFalse();
        assertThat(InvitationService.isAddress("a@-example.com")).isFalse();
        assertThat(InvitationService.isAddress("a@example.com\r\nBcc: x@y.z")).isFalse();
    }

    @Test
    void a_token_is_32_random_bytes_in_base64url_and_only_its_hash_is_comparable() {
        InvitationLinks links = new InvitationLinks(() -> new FixedConsoleLinks("https://console.example.test/base/"));
        String token = links.newToken();

        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(links.newToken()).isNotEqualTo(token);
        assertThat(InvitationLinks.hash(token))
                .hasValueSatisfying(h -> assertThat(h).matches("[0-9a-f]{64}"));
        assertThat(InvitationLinks.hash("../etc/passwd")).isEmpty();
        assertThat(links.link(token)).isEqualTo("https://console.example.test/base/invite/" + token);
    }
}
