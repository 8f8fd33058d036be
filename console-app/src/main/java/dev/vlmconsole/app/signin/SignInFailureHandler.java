package dev.vlmconsole.app.signin;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Sends a failed sign-in back to the login page: {@code ?locked=<seconds>} while paused (the page
 * writes its own sentence from the number), {@code ?error} otherwise (never saying which of email
 * or password was wrong).
 */
public class SignInFailureHandler extends SimpleUrlAuthenticationFailureHandler {

    public SignInFailureHandler() {
        super("/login?error");
    }

    @Override
    public void onAuthenticationFailure(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException, ServletException {
        if (exception instanceof SignInPausedException paused) {
            long seconds = Math.max(1, (paused.retryAfter().toMillis() + 999) / 1000);
            getRedirectStrategy()
                    .sendRedirect(
                            request,
                            response,
                            UriComponentsBuilder.fromPath("/login")
                                    .queryParam("locked", seconds)
                                    .build()
                                    .toUriString());
        } else {
            super.onAuthenticationFailure(request, response, exception);
        }
    }
}
