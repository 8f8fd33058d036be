package dev.vlmconsole.app.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.server.PathContainer;
import org.springframework.util.unit.DataSize;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * How large a request body may be: {@code console.http.max-body-size} for every request, raised
 * (or lowered) for the paths in {@code console.http.body-size-overrides}, e.g.
 * {@code console.http.body-size-overrides[/api/v1/usage]=1MB}. Patterns are matched against the
 * decoded, normalised path, so no spelling of a path escapes them. Usage ingestion
 * ({@value #USAGE_PATH}, up to 1,000 events a call) accepts {@link #USAGE_DEFAULT} unless configured
 * otherwise.
 *
 * @param maxBodySize       the limit of every request without an override (64 KiB)
 * @param bodySizeOverrides path pattern (as in {@code @RequestMapping}) to its own limit
 */
@ConfigurationProperties("console.http")
public record BodyLimits(@DefaultValue("64KB") DataSize maxBodySize, Map<String, DataSize> bodySizeOverrides) {

    /** The path of usage ingestion, whose batches are larger than other calls' bodies. */
    public static final String USAGE_PATH = "/api/v1/usage";
    /** The body limit of {@link #USAGE_PATH} unless an override sets another. */
    public static final DataSize USAGE_DEFAULT = DataSize.ofMegabytes(1);

    public BodyLimits {
        Map<String, DataSize> overrides =
                bodySizeOverrides == null ? new LinkedHashMap<>() : new LinkedHashMap<>(bodySizeOverrides);
        overrides.putIfAbsent(USAGE_PATH, USAGE_DEFAULT);
        bodySizeOverrides = overrides;
    }

    private record Override(PathPattern pattern, long bytes) {}

    /** The limits compiled for matching. */
    Matcher matcher() {
        List<Override> overrides = bodySizeOverrides.entrySet().stream()
                .map(e -> new Override(
                        PathPatternParser.defaultInstance.parse(e.getKey()),
                        e.getValue().toBytes()))
                .sorted((a, b) -> PathPattern.SPECIFICITY_COMPARATOR.compare(a.pattern(), b.pattern()))
                .toList();
        return new Matcher(maxBodySize.toBytes(), overrides);
    }

    /** The largest body any path accepts: the JSON reader's document limit follows it. */
    long largest() {
        return bodySizeOverrides.values().stream()
                .mapToLong(DataSize::toBytes)
                .reduce(maxBodySize.toBytes(), Math::max);
    }

    /** Finds the limit of one path; the most specific override wins. */
    static final class Matcher {
        private final long defaultBytes;
        private final List<Override> overrides;

        private Matcher(long defaultBytes, List<Override> overrides) {
            this.defaultBytes = defaultBytes;
            this.overrides = overrides;
        }

        long limitFor(String decodedPath) {
            if (overrides.isEmpty()) {
                return defaultBytes;
            }
            PathContainer path = PathContainer.parsePath(decodedPath);
            for (Override o : overrides) {
                if (o.pattern().matches(path)) {
                    return o.bytes();
                }
            }
            return defaultBytes;
        }
    }
}
