package dev.vlmconsole.app.account;

import static dev.vlmconsole.app.db.Tables.AUDIT_LOG;
import static dev.vlmconsole.app.db.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.services.Accounts;
import dev.vlmconsole.app.support.ConsoleTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** module-api 1.2 {@link Accounts} as the console provides it. */
class ConsoleAccountsTest extends ConsoleTest {

    @Autowired
    Accounts accounts;

    @Autowired
    WebApplicationContext web;

    private MockMvc mvc;

    @BeforeEach
    void mockMvc() {
        mvc = MockMvcBuilders.webAppContextSetup(web)
                .apply(SecurityMockMvcConfigurers.springSecurity())
                .build();
    }

    @Test
    void create_makes_an_account_found_by_email_as_sign_in_compares_it_and_audits_it() {
        String email = "New.Person-" + unique() + "@Example.TEST";

        Accounts.Account created = accounts.create("  " + email + " ", "  Ada Lovelace ", PASSWORD);

        assertThat(created.email()).isEqualTo(email.toLowerCase());
        assertThat(created.displayName()).isEqualTo("Ada Lovelace");
        assertThat(accounts.byEmail(email.toUpperCase())).contains(created);
        assertThat(accounts.byId(created.id())).contains(created);
        String hash = tx.execute(
                s -> userRepository.findById(created.id()).orElseThrow().passwordHash());
        assertThat(encoder.matches(PASSWORD, hash)).isTrue();
        var entry = db.selectFrom(AUDIT_LOG)
                .where(AUDIT_LOG.TARGET_ID.eq(created.id().toString()))
                .fetchOne();
        assertThat(entry.getAction()).isEqualTo("core.account.created");
        assertThat(entry.getTargetType()).isEqualTo("user");
        assertThat(entry.getActorId()).isEqualTo(created.id());
    }

    @Test
    void create_refuses_what_sign_up_refuses_naming_every_field_and_creates_nothing() {
        String email = "not-an-address-" + unique();

        assertThatThrownBy(() -> accounts.create(email, "  ", "short"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.messageFor(Accounts.EMAIL)).isPresent();
                    assertThat(e.messageFor(Accounts.NAME)).isPresent();
                    assertThat(e.messageFor(Accounts.PASSWORD)).contains("Use at least 12 characters.");
                });
        assertThatThrownBy(() -> accounts.create("ok-" + unique() + "@example.test", "Name\u202e", PASSWORD))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.messageFor(Accounts.NAME)).isPresent());
        assertThatThrownBy(() -> accounts.create("ok-" + unique() + "@example.test", "Name", "é".repeat(40)))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.messageFor(Accounts.PASSWORD))
                                .contains("Use at most 72 bytes (bcrypt ignores the rest)."));
        assertThat(db.fetchCount(USERS, USERS.EMAIL.eq(email))).isZero();
    }

    @Test
    void an_address_that_has_an_account_is_refused_on_email() {
        TestUser existing = newUser();

        assertThatThrownBy(() -> accounts.create(" " + existing.email().toUpperCase(), "Someone else", PASSWORD))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.messageFor(Accounts.EMAIL))
                                .hasValueSatisfying(m -> assertThat(m).contains("already exists")));
        assertThat(db.fetchCount(USERS, USERS.EMAIL.eq(existing.email()))).isEqualTo(1);
    }

    @Test
    void signed_in_is_the_person_of_the_current_request() {
        assertThat(accounts.signedIn()).isEmpty();
        TestUser user = newUser();

        login(user);

        assertThat(accounts.signedIn())
                .hasValueSatisfying(a -> assertThat(a.id()).isEqualTo(user.id()));
        assertThat(accounts.byEmail("nobody-" + unique() + "@example.test")).isEmpty();
    }

    @Test
    void sign_in_makes_the_next_request_of_that_browser_session_signed_in_with_a_new_session_id() throws Exception {
        TestUser user = newUser();
        MockHttpSession session = new MockHttpSession();
        mvc.perform(get("/profile").session(session)).andExpect(unauthenticated());
        String before = session.getId();
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setSession(session);
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request, new MockHttpServletResponse()));

        accounts.signIn(user.id());

        assertThat(session.getId()).isNotEqualTo(before);
        mvc.perform(get("/profile").session(session)).andExpect(authenticated().withUsername(user.email()));

        accounts.signOut();

        assertThat(session.isInvalid()).isTrue();
        mvc.perform(get("/profile").session(new MockHttpSession())).andExpect(unauthenticated());
    }

    @Test
    void sign_in_without_a_request_is_refused() {
        TestUser user = newUser();
        RequestContextHolder.resetRequestAttributes();

        assertThatThrownBy(() -> accounts.signIn(user.id())).isInstanceOf(IllegalStateException.class);
    }
}
