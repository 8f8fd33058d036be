package dev.vlmconsole.app.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Whether a request is for the machine API, judged from its raw URI as well as from its decoded,
 * normalised form, for errors raised before (or instead of) the servlet container's own decoding.
 */
final class ApiPaths {

    static final String PREFIX = "/api";

    private ApiPaths() {}

    static boolean isApi(String rawUri, String contextPath) {
        if (rawUri == null) {
            return false;
        }
        String path = rawUri;
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        String context = contextPath == null ? "" : contextPath;
        if (!context.isEmpty() && path.startsWith(context)) {
            path = path.substring(context.length());
        }
        return underApi(path) || underApi(normalise(decode(path)));
    }

    private static boolean underApi(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/") || path.startsWith(PREFIX + ";");
    }

    /** Percent-decoding that leaves broken escapes as they are. */
    static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            int hi = i + 2 < in.length && in[i] == '%' ? Character.digit(in[i + 1], 16) : -1;
            int lo = hi >= 0 ? Character.digit(in[i + 2], 16) : -1;
            if (lo >= 0) {
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Drops path parameters ({@code ;x}), empty and {@code .} segments, and resolves {@code ..}. */
    static String normalise(String path) {
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : path.replace('\\', '/').split("/")) {
            int semicolon = segment.indexOf(';');
            String s = semicolon >= 0 ? segment.substring(0, semicolon) : segment;
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(s);
            }
        }
        return "/" + String.join("/", segments);
    }
}
