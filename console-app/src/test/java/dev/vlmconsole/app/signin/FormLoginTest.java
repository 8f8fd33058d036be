package dev.vlmconsole.app.signin;

import static dev.vlmconsole.app.db.Tables.LOGIN_FAILURE;
import static dev.vlmconsole.app.db.Tables.LOGIN_THROTTLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.vlmconsole.app.support.ConsoleTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * Form sign-in through the real security filter chain. Each test signs in from an address of its
 * own, so that the per-address throttle of one test never locks another.
 */
class FormLoginTest extends ConsoleTest {

    @Autowired
    WebApplicationContext web;

    @Autowired
    SessionEpochs epochs;

    private MockMvc mvc;
    private String address;

    @BeforeEach
    void mockMvc() {
        mvc = MockMvcBuilders.webAppContextSetup(web)
                .apply(SecurityMockMvcConfigurers.springSecurity())
                .build();
        address = "10.0." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250);
    }

    @Test
    void the_right_password_signs_in_and_rotates_the_session_id() throws Exception {
        TestUser user = newUser();
        MockHttpSession session = new MockHttpSession();
        String before = session.getId();

        MvcResult result = mvc.perform(signIn(user.email(), user.password()).session(session))
                .andExpect(status().is3xxRedirection())
                .andExpect(authenticated().withUsername(user.email()))
                .andReturn();

        assertThat(result.getResponse().getRedirectedUrl()).doesNotContain("error", "locked");
        assertThat(result.getRequest().getSession().getId()).isNotEqualTo(before);
    }

    @Test
    void a_wrong_password_goes_back_to_the_login_page_with_an_error() throws Exception {
        TestUser user = newUser();

        mvc.perform(signIn(user.email(), "not the password"))
                .andExpect(redirectedUrl("/login?error"))
                .andExpect(unauthenticated());
    }

    @Test
    void an_unknown_email_looks_like_a_wrong_password() throws Exception {
        mvc.perform(signIn("nobody-" + unique() + "@example.test", "whatever password"))
                .andExpect(redirectedUrl("/login?error"))
                .andExpect(unauthenticated());
    }

    @Test
    void after_five_wrong_passwords_from_one_address_even_the_right_one_is_paused_there_only() throws Exception {
        TestUser user = newUser();
        for (int i = 0; i < 5; i++) {
            mvc.perform(signIn(user.email(), "wrong password " + i)).andExpect(redirectedUrl("/login?error"));
        }

        mvc.perform(signIn(user.email(), user.password()))
                .andExpect(redirectedUrl("/login?locked=30"))
                .andExpect(unauthenticated());

        address = "10.1." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250);
        mvc.perform(signIn(user.email(), user.password()))
                .andExpect(status().is3xxRedirection())
                .andExpect(authenticated().withUsername(user.email()));
    }

    @Test
    void random_names_from_one_address_are_plain_failures_and_leave_few_rows() throws Exception {
        String tag = unique();
        for (int i = 0; i < 300; i++) {
            String name = switch (i % 3) {
                case 0 -> "r" + i + "-" + unique() + "@" + tag + ".example";
                case 1 -> "not an email " + i;
                default -> "x".repeat(5_000) + i + "@" + tag + ".example";
            };
            MvcResult result = mvc.perform(signIn(name, "some password")).andReturn();
            assertThat(result.getResponse().getStatus()).as("post " + i).isEqualTo(302);
            assertThat(result.getResponse().getRedirectedUrl()).matches("/login\\?(error|locked=[0-9]+)");
        }

        int rows = db.fetchCount(LOGIN_FAILURE, LOGIN_FAILURE.ADDRESS.eq(address))
                + db.fetchCount(
                        LOGIN_THROTTLE,
                        LOGIN_THROTTLE
                                .SUBJECT
                                .eq("address:" + address)
                                .or(LOGIN_THROTTLE.SUBJECT.endsWith("@" + tag + ".example")));
        assertThat(rows).isBetween(1, 100);
    }

    @Test
    void a_session_ends_at_its_next_request_once_the_person_ends_their_sessions() throws Exception {
        TestUser user = newUser();
        MockHttpSession other = signedInSession(user);
        MockHttpSession mine = signedInSession(user);

        tx.executeWithoutResult(s -> epochs.endSessions(user.id(), false));

        mvc.perform(get("/").session(other)).andExpect(unauthenticated());
        assertThat(other.isInvalid()).isTrue();
        mvc.perform(get("/").session(mine)).andExpect(unauthenticated());
        MockHttpSession again = signedInSession(user);
        mvc.perform(get("/").session(again)).andExpect(authenticated().withUsername(user.email()));
        assertThat(again.isInvalid()).isFalse();
    }

    private MockHttpSession signedInSession(TestUser user) throws Exception {
        MvcResult result = mvc.perform(signIn(user.email(), user.password()).session(new MockHttpSession()))
                .andExpect(authenticated())
                .andReturn();
        return (MockHttpSession) result.getRequest().getSession(false);
    }

    @Test
    void a_sign_in_without_csrf_token_is_rejected() throws Exception {
        TestUser user = newUser();

        MvcResult result = mvc.perform(post("/login")
                        .param("username", user.email())
                        .param("password", user.password())
                        .with(from(address)))
                .andExpect(unauthenticated())
                .andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(403);
        assertThat(result.getRequest().getSession(false) == null
                        || result.getRequest().getSession(false).getAttribute("SPRING_SECURITY_CONTEXT") == null)
                .isTrue();
    }

    private MockHttpServletRequestBuilder signIn(String email, String password) {
        return post("/login")
                .param("username", email)
                .param("password", password)
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
