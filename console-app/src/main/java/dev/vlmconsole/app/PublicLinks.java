package dev.vlmconsole.app;

import dev.vlmconsole.api.services.ConsoleLinks;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Absolute links to the console's pages, for emails: from {@code console.public-url}, else from
 * {@code http://localhost}, the port the web server listens on and the servlet context path. Never
 * from the request's {@code Host} header: anyone can send any host, and a password reset link
 * pointing at their server would hand them the token.
 */
@Component
public class PublicLinks implements ConsoleLinks, ApplicationListener<WebServerInitializedEvent> {

    private final String publicUrl;
    private final String contextPath;
    private volatile int port;

    public PublicLinks(
            ConsoleProperties settings,
            @Value("${server.servlet.context-path:}") String contextPath,
            @Value("${server.port:8080}") int port) {
        this.publicUrl = settings.publicUrl();
        this.contextPath = contextPath;
        this.port = port;
    }

    /** Whether links are built from {@code console.public-url} (else they name localhost). */
    @Override
    public boolean hasPublicUrl() {
        return !publicUrl.isBlank();
    }

    /**
     * The absolute address of a console path.
     *
     * @param pathSegments the path's segments, each encoded as needed, such as {@code "reset-password", token}
     */
    @Override
    public String to(String... pathSegments) {
        UriComponentsBuilder base = hasPublicUrl()
                ? UriComponentsBuilder.fromUriString(publicUrl)
                : UriComponentsBuilder.newInstance()
                        .scheme("http")
                        .host("localhost")
                        .port(port)
                        .path(contextPath);
        return base.pathSegment(pathSegments).build().encode().toUriString();
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() == null) {
            port = event.getWebServer().getPort();
        }
    }
}
