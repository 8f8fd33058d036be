package dev.vlmconsole.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The shell's settings, {@code console.*}, bound once at start-up and checked there: a value out of
 * range stops the start with a message naming the setting. Each module binds its own prefix (the
 * keys module {@code console.keys.*}); the request-body limits are {@code console.http.*}
 * ({@link dev.vlmconsole.app.api.BodyLimits}). The README's configuration table lists every
 * setting with its environment variable; the bootstrap variables ({@code CONSOLE_BOOTSTRAP_*}) are
 * mapped onto {@code console.bootstrap.*} in {@code application.properties}.
 *
 * @param dataDir   folder of the embedded H2 database and of files kept across restarts
 * @param publicUrl the address people use to reach the console; empty: {@code http://localhost:<port>}
 * @param security  password hashing
 * @param api       the machine API
 * @param plans     the plans that apply while no billing module provides them
 * @param bootstrap first run without the setup page
 * @param payments  the built-in offline payment provider
 * @param feed      the change feed between nodes
 * @param mail      the mail outbox (the mail server itself is Spring Boot's {@code spring.mail.*})
 * @param passwordReset "Forgot password" links
 * @param supportContact how members reach the platform's support (an email address, a URL or a sentence),
 *                       named where the console says a workspace is suspended; empty: "your platform's
 *                       support"
 * @param audit     the audit log's retention
 * @param oidc      single sign-on with an OpenID Connect provider (DD034)
 */
@ConfigurationProperties("console")
public record ConsoleProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("") String publicUrl,
        @DefaultValue Security security,
        @DefaultValue Api api,
        @DefaultValue Plans plans,
        @DefaultValue Bootstrap bootstrap,
        @DefaultValue Payments payments,
        @DefaultValue Feed feed,
        @DefaultValue Mail mail,
        @DefaultValue PasswordReset passwordReset,
        @DefaultValue("") String supportContact,
        @DefaultValue Audit audit,
        @DefaultValue Oidc oidc) {

    public ConsoleProperties {
        check(
                publicUrl.isBlank()
                        || publicUrl.regionMatches(true, 0, "http://", 0, 7)
                        || publicUrl.regionMatches(true, 0, "https://", 0, 8),
                "console.public-url",
                "empty or an http:// or https:// address",
                publicUrl);
    }

    /**
     * @param bcryptCost                bcrypt work factor of stored passwords, 4 to 31 (each step doubles the time)
     * @param operatorsRequireTwoFactor whether operators (support staff, who see across workspaces) must
     *                                  sign in with a second factor: one without is sent to set it up
     *                                  before anything else (DD017)
     */
    public record Security(
            @DefaultValue("10") int bcryptCost,
            @DefaultValue("true") boolean operatorsRequireTwoFactor) {

        public Security {
            check(bcryptCost >= 4 && bcryptCost <= 31, "console.security.bcrypt-cost", "between 4 and 31", bcryptCost);
        }
    }

    /**
     * @param managementRateLimit  calls one key may make to the management API per period, per node
     * @param managementRatePeriod that period
     */
    public record Api(
            @DefaultValue("600") long managementRateLimit,
            @DefaultValue("PT1M") Duration managementRatePeriod) {

        public Api {
            check(managementRateLimit >= 1, "console.api.management-rate-limit", "at least 1", managementRateLimit);
            checkPositive(managementRatePeriod, "console.api.management-rate-period");
        }
    }

    /** @param payg the pay-as-you-go plan every workspace is on without a billing module */
    public record Plans(@DefaultValue Payg payg) {}

    /**
     * @param rateLimit  requests a workspace may verify per period
     * @param ratePeriod that period
     */
    public record Payg(
            @DefaultValue("10") long rateLimit,
            @DefaultValue("PT1M") Duration ratePeriod) {

        public Payg {
            check(rateLimit >= 0, "console.plans.payg.rate-limit", "0 or more", rateLimit);
            checkPositive(ratePeriod, "console.plans.payg.rate-period");
        }
    }

    /**
     * From {@code CONSOLE_BOOTSTRAP_OWNER_EMAIL}, {@code CONSOLE_BOOTSTRAP_OWNER_PASSWORD} and
     * {@code CONSOLE_BOOTSTRAP_WORKSPACE}.
     *
     * @param ownerEmail    first run creates this Owner (with the password) on an empty database
     * @param ownerPassword their password
     * @param workspace     the name of the first workspace
     */
    public record Bootstrap(
            @DefaultValue("") String ownerEmail,
            @DefaultValue("") String ownerPassword,
            @DefaultValue("Default workspace") String workspace) {

        /** Never prints the password. */
        @Override
        public String toString() {
            return "Bootstrap[ownerEmail=" + ownerEmail + ", workspace=" + workspace + "]";
        }
    }

    /** @param offlineDueDays days an invoice paid offline is due after it is issued, 0 to 365 */
    public record Payments(@DefaultValue("30") int offlineDueDays) {

        public Payments {
            check(
                    offlineDueDays >= 0 && offlineDueDays <= 365,
                    "console.payments.offline-due-days",
                    "between 0 and 365",
                    offlineDueDays);
        }
    }

    /**
     * The change feed ({@code console.feed.*}, DD008).
     *
     * @param heartbeat how often the listening connection makes a round trip to prove it is alive
     *                  ({@code console.keys.feed-heartbeat}, its name before 1.1, still works)
     */
    public record Feed(@DefaultValue("PT2S") Duration heartbeat) {

        public Feed {
            checkPositive(heartbeat, "console.feed.heartbeat");
        }
    }

    /**
     * The mail outbox ({@code console.mail.*}, DD016).
     *
     * @param from         the "From" of every email the console sends, an address or {@code Name <address>}
     * @param pollInterval how often each node looks for messages due for another attempt
     * @param retryFor     how long a message the mail server refuses or cannot take is retried
     * @param keepSent     how long sent and failed messages stay in the outbox before they are deleted
     */
    public record Mail(
            @DefaultValue("VLM Console <no-reply@localhost>")
            String from,

            @DefaultValue("PT30S") Duration pollInterval,
            @DefaultValue("P1D") Duration retryFor,
            @DefaultValue("P7D") Duration keepSent) {

        public Mail {
            check(from != null && !from.isBlank() && from.contains("@"), "console.mail.from", "an email address", from);
            checkPositive(pollInterval, "console.mail.poll-interval");
            checkPositive(retryFor, "console.mail.retry-for");
            checkPositive(keepSent, "console.mail.keep-sent");
        }
    }

    /**
     * "Forgot password" ({@code console.password-reset.*}).
     *
     * @param ttl        how long a reset link works
     * @param perHour    links one address (and one account) may be sent per hour
     */
    public record PasswordReset(
            @DefaultValue("PT30M") Duration ttl,
            @DefaultValue("3") int perHour) {

        public PasswordReset {
            checkPositive(ttl, "console.password-reset.ttl");
            check(perHour >= 1 && perHour <= 100, "console.password-reset.per-hour", "between 1 and 100", perHour);
        }
    }

    /**
     * The audit log's retention ({@code console.audit.*}, DD026).
     *
     * @param retentionDays entries older than this many days are archived to a JSON Lines file and
     *                      removed, once a day; 0 keeps them forever
     * @param archiveDir    folder of those files; empty: {@code audit-archive} in the data folder
     */
    public record Audit(
            @DefaultValue("0") int retentionDays,
            @DefaultValue("") String archiveDir) {

        public Audit {
            check(retentionDays >= 0, "console.audit.retention-days", "0 or more", retentionDays);
        }

        /** The archive folder, {@code dataDir}'s {@code audit-archive} unless set. */
        public Path archiveFolder(Path dataDir) {
            return archiveDir.isBlank() ? dataDir.resolve("audit-archive") : Path.of(archiveDir);
        }
    }

    /**
     * Single sign-on with the company's OpenID Connect provider ({@code console.oidc.*}, from
     * {@code CONSOLE_OIDC_*}; DD034). On when {@code issuerUri} and {@code clientId} are set; the
     * provider is discovered from the issuer at the first SSO sign-in, not at start.
     *
     * @param issuerUri    the provider's issuer, such as {@code https://sso.example.com/realms/acme}
     * @param clientId     the console's client id at the provider
     * @param clientSecret its secret (empty for a public client, which PKCE protects); never logged
     * @param buttonLabel  the words on the sign-in page's SSO button
     * @param scopes       the scopes asked for, comma-separated; {@code openid} is always asked for
     * @param emailClaim   the claim holding the person's email (the provider must verify it: {@code email_verified})
     * @param nameClaim    the claim holding the display name of a person the console creates
     * @param groupsClaim  the claim holding the person's groups, for the workspaces' group to role mappings
     * @param only         whether SSO is the only way in: the password form is the operators' break-glass only
     */
    public record Oidc(
            @DefaultValue("") String issuerUri,
            @DefaultValue("") String clientId,
            @DefaultValue("") String clientSecret,
            @DefaultValue("Sign in with SSO") String buttonLabel,
            @DefaultValue("openid,profile,email") String scopes,
            @DefaultValue("email") String emailClaim,
            @DefaultValue("name") String nameClaim,
            @DefaultValue("groups") String groupsClaim,
            @DefaultValue("false") boolean only) {

        public Oidc {
            check(
                    issuerUri.isBlank()
                            || issuerUri.regionMatches(true, 0, "http://", 0, 7)
                            || issuerUri.regionMatches(true, 0, "https://", 0, 8),
                    "console.oidc.issuer-uri",
                    "empty or an http:// or https:// address",
                    issuerUri);
            check(
                    issuerUri.isBlank() == clientId.isBlank(),
                    "console.oidc.client-id",
                    "set together with console.oidc.issuer-uri (both or neither)",
                    clientId.isBlank() ? "empty" : clientId);
            check(
                    !only || !issuerUri.isBlank(),
                    "console.oidc.only",
                    "false while console.oidc.issuer-uri is not set",
                    only);
            check(
                    !buttonLabel.isBlank() && buttonLabel.length() <= 60,
                    "console.oidc.button-label",
                    "1 to 60 characters",
                    buttonLabel);
            check(!emailClaim.isBlank(), "console.oidc.email-claim", "a claim name", "empty");
            check(!nameClaim.isBlank(), "console.oidc.name-claim", "a claim name", "empty");
            check(!groupsClaim.isBlank(), "console.oidc.groups-claim", "a claim name", "empty");
            check(!scopeList(scopes).isEmpty(), "console.oidc.scopes", "scopes such as openid,profile,email", scopes);
        }

        /** Whether single sign-on is configured. */
        public boolean enabled() {
            return !issuerUri.isBlank() && !clientId.isBlank();
        }

        /** Whether password sign-in is for operators only (SSO-only). */
        public boolean ssoOnly() {
            return enabled() && only;
        }

        /** The scopes asked for, {@code openid} first. */
        public List<String> scopeList() {
            return scopeList(scopes);
        }

        private static List<String> scopeList(String scopes) {
            LinkedHashSet<String> list = new LinkedHashSet<>();
            list.add("openid");
            for (String s : scopes.split("[,\\s]+")) {
                if (!s.isBlank()) {
                    list.add(s.trim());
                }
            }
            return List.copyOf(list);
        }

        /** Never prints the client secret. */
        @Override
        public String toString() {
            return "Oidc[issuerUri=" + issuerUri + ", clientId=" + clientId + ", clientSecret="
                    + (clientSecret.isEmpty() ? "" : "(set)") + ", buttonLabel=" + buttonLabel + ", scopes=" + scopes
                    + ", emailClaim=" + emailClaim + ", nameClaim=" + nameClaim + ", groupsClaim=" + groupsClaim
                    + ", only=" + only + "]";
        }
    }

    private static void check(boolean valid, String setting, String expected, Object actual) {
        if (!valid) {
            throw new IllegalArgumentException(setting + " must be " + expected + ", not " + actual);
        }
    }

    private static void checkPositive(Duration d, String setting) {
        check(d != null && d.isPositive(), setting, "a positive duration such as PT1M", d);
    }
}
