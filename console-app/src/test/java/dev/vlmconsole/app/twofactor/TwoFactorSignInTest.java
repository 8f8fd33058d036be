package dev.vlmconsole.app.twofactor;

import static dev.vlmconsole.app.db.Tables.AUDIT_LOG;
import static dev.vlmconsole.app.db.Tables.KNOWN_SIGN_IN_ADDRESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.app.account.ConsoleUser;
import dev.vlmconsole.app.signin.SignInPausedException;
import dev.vlmconsole.app.support.ConsoleTest;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Sign-in with a second factor through the real console filter chain: a session that gave only the
 * password reaches nothing but the code page until the code is given; wrong codes are throttled like
 * wrong passwords; a person of whom it is required and who has none is sent to set it up.
 */
class TwoFactorSignInTest extends ConsoleTest {

    @Autowired
    WebApplicationContext web;

    @Autowired
    TwoFactorService twoFactor;

    @Autowired
    TwoFactorGate gate;

    private final TotpCodes codes = new TotpCodes(Clock.systemUTC());
    private MockMvc mvc;
    private String address;

    @BeforeEach
    void mockMvc() {
        mvc = MockMvcBuilders.webAppContextSetup(web)
                .apply(SecurityMockMvcConfigurers.springSecurity())
                .build();
        address = "10.2." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250);
    }

    /** A person with two-factor sign-in on, and what they hold: the secret and their recovery codes. */
    private record Enrolled(TestUser user, String secret, List<String> recovery) {}

    private Enrolled enrolled() {
        TestUser user = newUser();
        login(user);
        TwoFactorService.Enrolment enrolment = twoFactor.begin();
        List<String> recovery =
                twoFactor.confirm(enrolment.secret(), codes.codeAt(enrolment.secret(), codes.currentStep()));
        SecurityContextHolder.clearContext();
        return new Enrolled(user, enrolment.secret(), recovery);
    }

    @Test
    void a_password_only_session_reaches_no_console_page_until_the_code() throws Exception {
        Enrolled e = enrolled();
        MockHttpSession session = passwordOnly(e.user());

        mvc.perform(get("/").session(session)).andExpect(redirectedUrl("/two-factor"));
        mvc.perform(get("/profile").session(session)).andExpect(redirectedUrl("/two-factor"));
        mvc.perform(get("/audit?page=2").session(session)).andExpect(redirectedUrl("/two-factor"));
        mvc.perform(post("/profile").with(csrf()).session(session)).andExpect(status().isForbidden());
        mvc.perform(get("/two-factor").session(session)).andExpect(status().isOk());

        giveCode(session, codes.codeAt(e.secret(), codes.currentStep() + 1));

        MvcResult home = mvc.perform(get("/").session(session)).andReturn();
        assertThat(home.getResponse().getStatus()).isEqualTo(200);
        assertThat(home.getResponse().getRedirectedUrl()).isNull();
    }

    @Test
    void the_page_asked_for_is_opened_after_the_code() throws Exception {
        Enrolled e = enrolled();
        MockHttpSession session = passwordOnly(e.user());

        mvc.perform(get("/audit").queryParam("page", "2").session(session)).andExpect(redirectedUrl("/two-factor"));

        assertThat(session.getAttribute(SecondFactorSession.CONTINUE_ATTRIBUTE)).isEqualTo("/audit?page=2");
    }

    @Test
    void a_code_signs_in_once_and_the_right_code_gives_the_address_its_exemption() throws Exception {
        Enrolled e = enrolled();
        String code = codes.codeAt(e.secret(), codes.currentStep() + 1);
        MockHttpSession first = passwordOnly(e.user());
        assertThat(knownAddresses(e.user()))
                .as("the password alone does not make the address known")
                .isZero();

        giveCode(first, code);
        assertThat(knownAddresses(e.user())).isOne();

        MockHttpSession second = passwordOnly(e.user());
        assertThatThrownBy(() -> giveCode(second, code))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("used already");
        mvc.perform(get("/").session(second)).andExpect(redirectedUrl("/two-factor"));
    }

    @Test
    void wrong_codes_are_throttled_like_wrong_passwords() throws Exception {
        Enrolled e = enrolled();
        MockHttpSession session = passwordOnly(e.user());
        for (int i = 0; i < 5; i++) {
            int right = Integer.parseInt(codes.codeAt(e.secret(), codes.currentStep()));
            String wrong = String.format("%06d", (right + 500_000 + i) % 1_000_000);
            if (codes.verify(e.secret(), wrong, -1).isPresent()) {
                continue; // a neighbouring step's code by chance
            }
            assertThatThrownBy(() -> giveCode(session, wrong)).isInstanceOf(InvalidInputException.class);
        }

        assertThatThrownBy(() -> giveCode(session, codes.codeAt(e.secret(), codes.currentStep() + 1)))
                .isInstanceOf(SignInPausedException.class);
        mvc.perform(get("/").session(session)).andExpect(redirectedUrl("/two-factor"));
        // the password form counts the same failures: the pair is paused there too
        mvc.perform(signIn(e.user())).andExpect(redirectedUrl("/login?locked=30"));
    }

    @Test
    void a_recovery_code_signs_in_once_and_is_audited() throws Exception {
        Enrolled e = enrolled();
        String recovery = e.recovery().get(3);

        MockHttpSession first = passwordOnly(e.user());
        giveCode(first, recovery.toUpperCase());
        mvc.perform(get("/").session(first)).andExpect(status().isOk());

        MockHttpSession second = passwordOnly(e.user());
        assertThatThrownBy(() -> giveCode(second, recovery)).isInstanceOf(InvalidInputException.class);
        giveCode(second, e.recovery().get(4));

        assertThat(db.fetchCount(
                        AUDIT_LOG,
                        AUDIT_LOG
                                .ACTION
                                .eq("core.profile.two_factor_recovery_code_used")
                                .and(AUDIT_LOG.ACTOR_ID.eq(e.user().id()))))
                .isEqualTo(2);
        assertThat(db.fetchValue(
                        AUDIT_LOG.DETAILS,
                        AUDIT_LOG
                                .ACTION
                                .eq("core.profile.two_factor_recovery_code_used")
                                .and(AUDIT_LOG.ACTOR_ID.eq(e.user().id()))
                                .and(AUDIT_LOG.DETAILS.startsWith("8"))))
                .isEqualTo("8 recovery codes left");
    }

    @Test
    void a_member_of_a_workspace_that_requires_it_and_without_it_is_sent_to_set_it_up() throws Exception {
        Workspace workspace = newWorkspace();
        Enrolled owner = enrolled();
        addMember(workspace, owner.user(), Role.OWNER);
        login(owner.user(), workspace);
        twoFactor.requireForWorkspace(true);
        SecurityContextHolder.clearContext();
        TestUser member = newMember(workspace, Role.MEMBER);

        MockHttpSession session = passwordOnly(member);
        mvc.perform(get("/").session(session)).andExpect(redirectedUrl("/two-factor"));
        mvc.perform(get("/two-factor").session(session)).andExpect(status().isOk());
        asRequestOf(session);
        assertThat(gate.need()).isEqualTo(TwoFactorGate.Need.ENROLMENT);
        assertThat(gate.requiredBecause(currentUser())).contains(TwoFactorGate.Reason.WORKSPACE);
    }

    @Test
    void a_person_without_it_and_of_whom_nobody_requires_it_signs_in_with_the_password() throws Exception {
        TestUser user = newUser();
        MockHttpSession session = passwordOnly(user);

        MvcResult home = mvc.perform(get("/").session(session)).andReturn();
        assertThat(home.getResponse().getRedirectedUrl()).isNull();
        assertThat(home.getResponse().getStatus()).isEqualTo(200);
    }

    private static ConsoleUser currentUser() {
        return (ConsoleUser)
                SecurityContextHolder.getContext().getAuthentication().getPrincipal();
    }

    private int knownAddresses(TestUser user) {
        return db.fetchCount(KNOWN_SIGN_IN_ADDRESS, KNOWN_SIGN_IN_ADDRESS.USER_ID.eq(user.id()));
    }

    /** Signs in with the password through the form; the session holds the password factor only. */
    private MockHttpSession passwordOnly(TestUser user) throws Exception {
        MvcResult result = mvc.perform(signIn(user).session(new MockHttpSession()))
                .andExpect(status().is3xxRedirection())
                .andReturn();
        assertThat(result.getResponse().getRedirectedUrl()).doesNotContain("error", "locked");
        return (MockHttpSession) result.getRequest().getSession(false);
    }

    /** Gives a code on the code page, as its button does: in a request of the session, from its address. */
    private void giveCode(MockHttpSession session, String code) {
        asRequestOf(session);
        try {
            twoFactor.verify(code);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private void asRequestOf(MockHttpSession session) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setSession(session);
        request.setRemoteAddr(address);
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request, new MockHttpServletResponse()));
        SecurityContextHolder.setContext((SecurityContext)
                session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY));
    }

    private MockHttpServletRequestBuilder signIn(TestUser user) {
        return post("/login")
                .param("username", user.email())
                .param("password", user.password())
                .with(csrf())
                .with(from(address));
    }

    private static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }
}
