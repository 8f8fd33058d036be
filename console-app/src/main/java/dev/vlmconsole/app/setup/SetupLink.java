package dev.vlmconsole.app.setup;

import dev.vlmconsole.app.ConsoleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Writes the one-time setup link to the log so that it opens as printed: from
 * {@code console.public-url} when set (at once), else from {@code http(s)://localhost}, the port the
 * console's web server listens on and the servlet context path (once the server has its port).
 */
@Component
class SetupLink implements ApplicationListener<WebServerInitializedEvent> {

    /** First run's logger: operators find every first-run line under one name. */
    private static final Logger log = LoggerFactory.getLogger(FirstRun.class);

    private final String publicUrl;
    private final String contextPath;
    private final boolean https;
    /** A token whose link waits for the web server's port. */
    private volatile String waiting;

    /** Spring Boot's own {@code server.*} settings are read by name: the shell does not re-bind them. */
    SetupLink(
            ConsoleProperties settings,
            @Value("${server.servlet.context-path:}") String contextPath,
            @Value("${server.ssl.enabled:true}") boolean sslEnabled,
            @Value("${server.ssl.bundle:${server.ssl.key-store:}}") String sslSource) {
        this.publicUrl = settings.publicUrl();
        this.contextPath = contextPath;
        this.https = sslEnabled && !sslSource.isBlank();
    }

    /** Logs the link of {@code token} now, or as soon as the web server knows its port. */
    void announce(String token) {
        if (publicUrl.isBlank()) {
            waiting = token;
        } else {
            log(UriComponentsBuilder.fromUriString(publicUrl), token);
        }
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() != null) {
            return; // a separate management server
        }
        String token = waiting;
        waiting = null;
        if (token != null) {
            log(
                    UriComponentsBuilder.newInstance()
                            .scheme(https ? "https" : "http")
                            .host("localhost")
                            .port(event.getWebServer().getPort())
                            .path(contextPath),
                    token);
        }
    }

    private static void log(UriComponentsBuilder base, String token) {
        String link =
                base.pathSegment("setup").queryParam("token", token).build().toUriString();
        log.warn(
                "First run: no Owner exists yet. Open {} to create one (valid until used; a later start"
                        + " writes a new link).",
                link);
    }
}
