package dev.vlmconsole.testsupport;

import dev.vlmconsole.api.services.ConsoleLinks;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The console's {@link ConsoleLinks} for a module's tests: links under one fixed public address,
 * such as {@code https://console.example.test}, with each segment encoded as the console encodes it.
 */
public final class FixedConsoleLinks implements ConsoleLinks {

    private final String base;

    /** @param base the console's public address, without a trailing slash */
    public FixedConsoleLinks(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    @Override
    public String to(String... pathSegments) {
        StringBuilder link = new StringBuilder(base);
        for (String segment : pathSegments) {
            link.append('/')
                    .append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return link.toString();
    }

    @Override
    public boolean hasPublicUrl() {
        return true;
    }
}
