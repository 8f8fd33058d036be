package dev.vlmconsole.app.passwordreset;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.vlmconsole.app.support.ConsoleTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/** The pages a signed-out person reaches from the sign-in page and from the mail open without signing in. */
class PasswordResetPagesOverHttpTest extends ConsoleTest {

    @Autowired
    WebApplicationContext web;

    @Test
    void forgot_password_and_the_reset_link_open_without_signing_in() throws Exception {
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(web)
                .apply(SecurityMockMvcConfigurers.springSecurity())
                .build();

        mvc.perform(get("/forgot-password")).andExpect(status().isOk());
        mvc.perform(get("/reset-password/some-token-from-a-mail")).andExpect(status().isOk());
        // while a page that needs signing in sends the browser to the sign-in page
        mvc.perform(get("/profile")).andExpect(status().is3xxRedirection());
    }
}
