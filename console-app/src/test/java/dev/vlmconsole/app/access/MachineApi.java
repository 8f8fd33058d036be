package dev.vlmconsole.app.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The machine API over real HTTP, called with an admin key, for the access tests. */
final class MachineApi {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    MachineApi(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** One call's answer. */
    record Answer(String call, int status, String contentType, String body) {

        boolean isProblem() {
            return contentType.startsWith("application/problem+json");
        }

        @Override
        public String toString() {
            return call + " -> " + status + " " + body;
        }
    }

    Answer get(String path, String key) {
        return send("GET", path, key, null);
    }

    Answer post(String path, String key, Map<String, ?> body) {
        return send("POST", path, key, body);
    }

    Answer put(String path, String key, Map<String, ?> body) {
        return send("PUT", path, key, body);
    }

    Answer patch(String path, String key, Map<String, ?> body) {
        return send("PATCH", path, key, body);
    }

    Answer delete(String path, String key) {
        return send("DELETE", path, key, null);
    }

    private Answer send(String method, String path, String key, Map<String, ?> body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + key)
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    method + " " + path,
                    r.statusCode(),
                    r.headers().firstValue("Content-Type").orElse(""),
                    r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
