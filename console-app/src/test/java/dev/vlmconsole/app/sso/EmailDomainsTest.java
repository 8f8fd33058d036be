package dev.vlmconsole.app.sso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which email domains a workspace may claim, and how they are stored (DD035). */
class EmailDomainsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "gmail.com",
                "GoogleMail.com",
                "outlook.com",
                "hotmail.com",
                "hotmail.co.uk",
                "live.com",
                "yahoo.com",
                "yahoo.co.jp",
                "icloud.com",
                "me.com",
                "aol.com",
                "proton.me",
                "protonmail.com",
                "gmx.de",
                "gmx.net",
                "gmx.at",
                "web.de",
                "mail.ru",
                "eu.mail.ru",
                "yandex.ru",
                "qq.com",
                "163.com"
            })
    void public_mail_domains_and_their_subdomains_are_refused(String domain) {
        assertThatThrownBy(() -> EmailDomains.require(domain))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.messageFor(DomainClaims.DOMAIN))
                                .hasValueSatisfying(m -> assertThat(m).contains("public mail service")));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "  ",
                "ann@acme.example",
                "@acme.example",
                "localhost",
                "acme..example",
                "-acme.example",
                "acme-.example",
                "acme.example.",
                "acme_corp.example",
                "10.0.0.1",
                "acme example.com",
                "https://acme.example"
            })
    void malformed_domains_are_refused_on_the_domain_field(String domain) {
        assertThatThrownBy(() -> EmailDomains.require(domain))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.messageFor(DomainClaims.DOMAIN)).isPresent());
    }

    @Test
    void a_domain_is_stored_lower_case_in_its_ascii_form() {
        assertThat(EmailDomains.require("  Acme.Example ")).isEqualTo("acme.example");
        assertThat(EmailDomains.require("eu.acme-corp.co.uk")).isEqualTo("eu.acme-corp.co.uk");
        assertThat(EmailDomains.require("Bücher.Example")).isEqualTo("xn--bcher-kva.example");
        assertThat(EmailDomains.display("xn--bcher-kva.example")).isEqualTo("bücher.example");
    }

    @Test
    void company_domains_that_merely_contain_a_services_name_are_allowed() {
        assertThat(EmailDomains.require("live.acme.com")).isEqualTo("live.acme.com");
        assertThat(EmailDomains.require("outlook-consulting.com")).isEqualTo("outlook-consulting.com");
        assertThat(EmailDomains.require("gmx-partners.de")).isEqualTo("gmx-partners.de");
        assertThat(EmailDomains.require("notgmail.com")).isEqualTo("notgmail.com");
    }

    @Test
    void the_domain_of_an_email_is_read_in_the_stored_form() {
        assertThat(EmailDomains.of("Ann@ACME.example")).contains("acme.example");
        assertThat(EmailDomains.of("leser@bücher.example")).contains("xn--bcher-kva.example");
        assertThat(EmailDomains.of("no-at-sign")).isEmpty();
        assertThat(EmailDomains.of("trailing@")).isEmpty();
        assertThat(EmailDomains.of(null)).isEmpty();
    }
}
