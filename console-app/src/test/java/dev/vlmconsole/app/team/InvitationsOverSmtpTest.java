package dev.vlmconsole.app.team;

import static dev.vlmconsole.app.db.Tables.AUDIT_LOG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.LastOwnerException;
import dev.vlmconsole.api.services.MemberDirectory;
import dev.vlmconsole.api.services.Memberships;
import dev.vlmconsole.app.mail.MailTesting;
import dev.vlmconsole.app.support.ConsoleTest;
import dev.vlmconsole.keys.KeyFormat;
import dev.vlmconsole.keys.KeyService;
import dev.vlmconsole.team.Invitations;
import dev.vlmconsole.team.Invitations.Link;
import dev.vlmconsole.team.Invitations.Outcome;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Invitations end to end on a whole console whose mail server is a real SMTP server (GreenMail):
 * invited through the machine API and through the service the Team page uses, the mail read as the
 * invited person gets it, its link followed, accepted as a new person and as an existing account,
 * signed in through the real sign-in form, a key made by the new member revoked when the Owner
 * removes them. Every mail is counted: each arrives exactly once.
 *
 * <p>A console of its own (its own database), as the shared test console has no mail server.
 */
class InvitationsOverSmtpTest extends ConsoleTest {

    @RegisterExtension
    static GreenMailExtension greenMail =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:invitations-over-smtp;DB_CLOSE_DELAY=-1");
        registry.add("spring.mail.host", () -> "localhost");
        registry.add("spring.mail.port", () -> greenMail.getSmtp().getPort());
    }

    /** How the mail words the expiry (as the Team module writes it). */
    private static final DateTimeFormatter EXPIRY = DateTimeFormatter.ofPattern(
                    "d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern EXPIRES = Pattern.compile("\"expiresAt\"\\s*:\\s*\"([^\"]+)\"");

    @LocalServerPort
    int port;

    @Autowired
    Invitations invitations;

    @Autowired
    Memberships memberships;

    @Autowired
    MemberDirectory directory;

    @Autowired
    KeyService keys;

    @Autowired
    KeyFormat format;

    @Autowired
    WebApplicationContext web;

    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private MockMvc mvc;

    @BeforeEach
    void signInForm() {
        mvc = MockMvcBuilders.webAppContextSetup(web)
                .apply(SecurityMockMvcConfigurers.springSecurity())
                .build();
    }

    @Test
    void invited_through_the_api_the_new_person_accepts_from_the_mail_signs_in_and_loses_their_key_when_removed()
            throws Exception {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        String ownerKey = key(w, owner, "owner admin");
        String to = "new-" + unique() + "@example.test";

        HttpResponse<String> invited =
                call("POST", "/api/v1/invitations", ownerKey, "{\"email\": \"" + to + "\", \"role\": \"MEMBER\"}");

        assertThat(invited.statusCode()).isEqualTo(201);
        assertThat(invited.body())
                .as("with a mail server the link is only in the mail")
                .doesNotContain("link", "/invite/");
        UUID invitationId = UUID.fromString(group(ID, invited.body()));
        Instant expiresAt = Instant.parse(group(EXPIRES, invited.body()));

        Mail mail = onlyMail(to, 1);
        assertThat(mail.subject()).isEqualTo(owner.displayName() + " invited you to " + w.name());
        assertThat(mail.text())
                .contains(owner.displayName(), w.name(), "as a Member", "until " + EXPIRY.format(expiresAt));
        assertThat(mail.html())
                .contains(owner.displayName(), "<strong>" + w.name() + "</strong>", "Member", EXPIRY.format(expiresAt));
        String link = mail.link();
        assertThat(mail.html()).contains("<a href=\"" + link + "\">");
        assertThat(link).startsWith("http://localhost:" + port + "/invite/");
        String token = token(link);

        // the link opens the accept page, without signing in
        HttpResponse<String> page = call("GET", URI.create(link).getPath(), null, null);
        assertThat(page.statusCode()).isEqualTo(200);
        Link.Open open = (Link.Open) invitations.open(token);
        assertThat(open.invitationId()).isEqualTo(invitationId);
        assertThat(open.email()).isEqualTo(to);
        assertThat(open.workspaceName()).isEqualTo(w.name());
        assertThat(open.role()).isEqualTo(Role.MEMBER);
        assertThat(open.invitedByName()).isEqualTo(owner.displayName());
        assertThat(open.expiresAt()).isBetween(expiresAt.minusMillis(1), expiresAt.plusMillis(1));
        assertThat(open.hasAccount()).isFalse();

        // the accept page's "create your account": the new person is signed in on that request
        String password = "a brand new long password";
        UUID joined = inRequest(() -> invitations.acceptAsNewPerson(token, "New Person", password));
        assertThat(joined).isEqualTo(w.id());
        Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
        assertThat(signedIn).isNotNull();
        assertThat(signedIn.getName()).isEqualTo(to);
        // used up: the person who joined is welcomed into the workspace (module-api 1.5), anyone else told so
        assertThat(invitations.open(token)).isEqualTo(new Link.Joined(w.id(), w.name(), Role.MEMBER));
        SecurityContextHolder.clearContext();
        assertThat(invitations.open(token)).isEqualTo(new Link.Closed(Link.Reason.ACCEPTED));
        MemberDirectory.Member member = directory.members(w.id()).stream()
                .filter(m -> m.email().equals(to))
                .findFirst()
                .orElseThrow();
        assertThat(member.role()).isEqualTo(Role.MEMBER);
        assertThat(call("GET", "/api/v1/members", ownerKey, null).body()).contains(to);

        // later, on the sign-in page, with the password chosen there, and into the console
        MockHttpSession session = signIn(to, password);
        MvcResult home = mvc.perform(get("/").session(session))
                .andExpect(authenticated().withUsername(to))
                .andReturn();
        assertThat(home.getResponse().getStatus()).isEqualTo(200);

        // the member makes a key of their own
        TestUser newcomer = new TestUser(member.userId(), to, "New Person", password, false);
        login(newcomer, w);
        String secret = keys.create(new KeyService.NewKey("newcomer ci", null, null, "inference"))
                .secret();
        SecurityContextHolder.clearContext();
        assertThat(verify(secret)).contains("\"VALID\"");

        // the Owner removes them through the API: the key is revoked with them, and the log names it
        assertThat(call("DELETE", "/api/v1/members/" + member.userId(), ownerKey, null)
                        .statusCode())
                .isEqualTo(204);
        assertThat(verify(secret)).contains("\"REVOKED\"");
        assertThat(db.select(AUDIT_LOG.DETAILS)
                        .from(AUDIT_LOG)
                        .where(AUDIT_LOG
                                .WORKSPACE_ID
                                .eq(w.id())
                                .and(AUDIT_LOG.ACTION.eq("keys.key.revoked_with_member")))
                        .fetch(AUDIT_LOG.DETAILS))
                .singleElement()
                .asString()
                .contains("newcomer ci");
        assertThat(directory.member(w.id(), member.userId())).isEmpty();
        assertThat(MailTesting.receivedBy(greenMail, to)).as("still one mail").hasSize(1);
    }

    @Test
    void resending_voids_the_old_link_and_mails_a_new_one_once() throws Exception {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        String ownerKey = key(w, owner, "owner admin");
        String to = "late-" + unique() + "@example.test";
        HttpResponse<String> invited =
                call("POST", "/api/v1/invitations", ownerKey, "{\"email\": \"" + to + "\", \"role\": \"VIEWER\"}");
        assertThat(invited.statusCode()).isEqualTo(201);
        String oldToken = token(onlyMail(to, 1).link());

        HttpResponse<String> resent =
                call("POST", "/api/v1/invitations/" + group(ID, invited.body()) + "/resend", ownerKey, null);

        assertThat(resent.statusCode()).isEqualTo(200);
        assertThat(resent.body()).doesNotContain("link", "/invite/");
        List<MimeMessage> mails = MailTesting.awaitReceived(greenMail, to, 2);
        assertThat(mails).as("the first mail and the new one, once each").hasSize(2);
        String newLink = read(mails.get(1)).link();
        String newToken = token(newLink);
        assertThat(newToken).isNotEqualTo(oldToken);
        assertThat(invitations.open(oldToken)).isEqualTo(new Link.Closed(Link.Reason.REPLACED));
        assertThat(invitations.open(newToken)).isInstanceOf(Link.Open.class);
        assertThatThrownBy(() ->
                        inRequest(() -> invitations.acceptAsNewPerson(oldToken, "Late", "a long enough password")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(inRequest(() -> invitations.acceptAsNewPerson(newToken, "Late Comer", "a long enough password")))
                .isEqualTo(w.id());
        assertThat(MailTesting.receivedBy(greenMail, to)).hasSize(2);
    }

    @Test
    void invited_from_the_team_page_an_existing_account_accepts_signed_in_and_signs_in_with_its_password()
            throws Exception {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        TestUser existing = newUser();
        login(owner, w);

        List<Outcome> outcomes = invitations.invite(existing.email(), Role.ADMIN);

        assertThat(outcomes)
                .singleElement()
                .isInstanceOfSatisfying(
                        Outcome.Sent.class,
                        sent -> assertThat(sent.link())
                                .as("with a mail server the link is only in the mail")
                                .isNull());
        SecurityContextHolder.clearContext();
        Mail mail = onlyMail(existing.email(), 1);
        assertThat(mail.subject()).isEqualTo(owner.displayName() + " invited you to " + w.name());
        assertThat(mail.text()).contains(owner.displayName(), w.name(), "as an Admin");
        assertThat(mail.html()).contains(owner.displayName(), w.name(), "Admin");
        String token = token(mail.link());
        assertThat(invitations.open(token))
                .isInstanceOfSatisfying(
                        Link.Open.class, open -> assertThat(open.hasAccount()).isTrue());

        // the accept page's "sign in to accept": the person signs in with their account, then accepts
        login(existing);
        UUID joined = inRequest(() -> invitations.acceptAsSignedIn(token));
        SecurityContextHolder.clearContext();

        assertThat(joined).isEqualTo(w.id());
        assertThat(directory.member(w.id(), existing.id()).orElseThrow().role()).isEqualTo(Role.ADMIN);
        assertThat(invitations.open(token)).isEqualTo(new Link.Closed(Link.Reason.ACCEPTED));
        MockHttpSession session = signIn(existing.email(), existing.password());
        mvc.perform(get("/").session(session)).andExpect(authenticated().withUsername(existing.email()));
        assertThat(MailTesting.receivedBy(greenMail, existing.email())).hasSize(1);
    }

    @Test
    void the_last_owner_cannot_be_removed_nor_demoted() {
        Workspace w = newWorkspace();
        TestUser owner = newMember(w, Role.OWNER);
        String ownerKey = key(w, owner, "owner admin");

        HttpResponse<String> demoted =
                call("PATCH", "/api/v1/members/" + owner.id(), ownerKey, "{\"role\": \"ADMIN\"}");
        HttpResponse<String> removed = call("DELETE", "/api/v1/members/" + owner.id(), ownerKey, null);

        assertThat(demoted.statusCode()).isEqualTo(409);
        // the last Owner first: nobody may remove them (a key may not make its owner leave anyway)
        assertThat(removed.statusCode()).isEqualTo(409);
        // and the Owner themself, signed in, is refused as the last Owner
        login(owner, w);
        assertThatThrownBy(() -> memberships.remove(owner.id())).isInstanceOf(LastOwnerException.class);
        SecurityContextHolder.clearContext();
        assertThat(directory.member(w.id(), owner.id()).orElseThrow().role()).isEqualTo(Role.OWNER);
    }

    // ---------------------------------------------------------------- helpers

    /** A mail as its reader sees it: subject, the text and HTML parts, and the link in them. */
    private record Mail(String subject, String text, String html) {
        String link() {
            Matcher m = Pattern.compile("https?://\\S+/invite/[A-Za-z0-9_-]+").matcher(text);
            assertThat(m.find()).as("a link in the text part").isTrue();
            return m.group();
        }
    }

    /** The one mail {@code to} received (and no second copy), read. */
    private static Mail onlyMail(String to, int count) throws Exception {
        List<MimeMessage> received = MailTesting.awaitReceived(greenMail, to, count);
        assertThat(received).as("mails to " + to).hasSize(count);
        return read(received.getLast());
    }

    private static Mail read(MimeMessage message) throws Exception {
        assertThat(message.getContent()).isInstanceOf(Multipart.class);
        return new Mail(
                message.getSubject(),
                part(message, "text/plain").orElseThrow(),
                part(message, "text/html").orElseThrow());
    }

    private static Optional<String> part(Part part, String type) throws Exception {
        if (part.isMimeType(type)) {
            return Optional.of((String) part.getContent());
        }
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart body = multipart.getBodyPart(i);
                Optional<String> found = part(body, type);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static String token(String link) {
        return link.substring(link.lastIndexOf('/') + 1);
    }

    private static String group(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as(pattern + " in " + text).isTrue();
        return m.group(1);
    }

    /** Runs {@code call} as one request of the accept page: with a response, where sign-in writes its session. */
    private static <T> T inRequest(Supplier<T> call) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setSession(new MockHttpSession());
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request, new MockHttpServletResponse()));
        return call.get();
    }

    /** Signs in on the real sign-in form; the signed-in session. */
    private MockHttpSession signIn(String email, String password) throws Exception {
        String address = "10.8." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250);
        MvcResult result = mvc.perform(post("/login")
                        .param("username", email)
                        .param("password", password)
                        .with(csrf())
                        .with(r -> {
                            r.setRemoteAddr(address);
                            return r;
                        })
                        .session(new MockHttpSession()))
                .andExpect(authenticated().withUsername(email))
                .andReturn();
        assertThat(result.getResponse().getRedirectedUrl()).doesNotContain("error", "locked");
        return (MockHttpSession) result.getRequest().getSession(false);
    }

    private String key(Workspace w, TestUser owner, String name) {
        String secret = format.generate(KeyFormat.Scope.ADMIN);
        keys.install(secret, w.id(), owner.id(), name, Actor.SYSTEM);
        return secret;
    }

    private String verify(String secret) {
        HttpResponse<String> answer = call("POST", "/api/v1/keys/verify", null, "{\"key\": \"" + secret + "\"}");
        assertThat(answer.statusCode()).isEqualTo(200);
        return answer.body();
    }

    private HttpResponse<String> call(String method, String path, String key, String json) {
        return ApiCalls.call(http, port, method, path, key, json);
    }
}
