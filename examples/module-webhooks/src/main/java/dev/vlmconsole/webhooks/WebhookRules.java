package dev.vlmconsole.webhooks;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** What a valid endpoint looks like; the form and the service ask the same questions. */
public final class WebhookRules {

    public static final int MAX_URL_LENGTH = 500;
    public static final int MAX_DESCRIPTION_LENGTH = 200;
    /** Endpoints one workspace may register. */
    public static final int MAX_ENDPOINTS = 20;

    private WebhookRules() {}

    /** Why {@code url} cannot be an endpoint, or empty when it can. */
    public static Optional<String> urlProblem(String url) {
        String u = url == null ? "" : url.trim();
        if (u.isEmpty()) {
            return Optional.of("Enter the endpoint's URL.");
        }
        if (u.length() > MAX_URL_LENGTH) {
            return Optional.of("Use at most " + MAX_URL_LENGTH + " characters.");
        }
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            return Optional.of("This is not a valid URL.");
        }
        if (uri.getScheme() == null || !uri.getScheme().toLowerCase(Locale.ROOT).equals("https")) {
            return Optional.of("Use an https:// URL: notifications are only sent encrypted.");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return Optional.of("The URL needs a host name, such as https://example.com/hooks.");
        }
        if (uri.getUserInfo() != null) {
            return Optional.of("Do not put a user name or password in the URL.");
        }
        if (uri.getFragment() != null) {
            return Optional.of("Remove the #fragment: it is never sent to the server.");
        }
        return Optional.empty();
    }

    /** Why {@code description} is refused, or empty when it is fine (it may be blank). */
    public static Optional<String> descriptionProblem(String description) {
        String d = description == null ? "" : description.trim();
        return d.length() > MAX_DESCRIPTION_LENGTH
                ? Optional.of("Use at most " + MAX_DESCRIPTION_LENGTH + " characters.")
                : Optional.empty();
    }

    /** Why this choice of events is refused, or empty when it is fine. */
    public static Optional<String> eventsProblem(Set<WebhookEvent> events) {
        return events == null || events.isEmpty() ? Optional.of("Choose at least one event.") : Optional.empty();
    }
}
