package dev.vlmconsole.team;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.env.Environment;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The address people reach the console at, for links in emails: the shell's
 * {@code console.public-url} when set (read by name: a module does not depend on the shell); else
 * the address of the current request (the inviting person's or API client's, who is signed in or
 * holds an admin key); else {@code http://localhost:<server.port>} and the context path.
 *
 * @see "DD018, docs/decisions/DD018-invitations.md"
 */
final class PublicUrl {

    private PublicUrl() {}

    static String of(Environment environment) {
        String configured = environment.getProperty("console.public-url", "").trim();
        if (!configured.isEmpty()) {
            return configured;
        }
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes instanceof ServletRequestAttributes servlet) {
            HttpServletRequest request = servlet.getRequest();
            return ServletUriComponentsBuilder.fromContextPath(request).toUriString();
        }
        return "http://localhost:" + environment.getProperty("server.port", "8080")
                + environment.getProperty("server.servlet.context-path", "");
    }
}
