package dev.vlmconsole.app.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** A small client of the machine API for tests: raw requests and parsed answers. */
final class ApiClient {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** An answer: status, content type and body. */
    record Answer(int status, String contentType, String body, HttpHeaders headers) {
        Answer(int status, String contentType, String body) {
            this(status, contentType, body, HttpHeaders.of(Map.of(), (a, b) -> true));
        }

        String header(String name) {
            return headers.firstValue(name).orElse("");
        }

        JsonNode json() {
            return JSON.readTree(body);
        }

        String text(String field) {
            return json().path(field).asText();
        }
    }

    Answer send(String method, String path, String bearer, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Answer verify(String key) {
        return send("POST", "/api/v1/keys/verify", null, "application/json", "{\"key\":\"" + key + "\"}");
    }

    String code(String key) {
        return verify(key).text("code");
    }

    Answer get(String path, String bearer) {
        return send("GET", path, bearer, null, null);
    }

    Answer post(String path, String bearer, String json) {
        return send("POST", path, bearer, "application/json", json);
    }

    Answer delete(String path, String bearer) {
        return send("DELETE", path, bearer, null, null);
    }

    /** Creates a key with an admin key and answers {id, secret}. */
    String[] create(String adminKey, String json) {
        Answer a = post("/api/v1/keys", adminKey, json);
        if (a.status() != 201) {
            throw new AssertionError("create failed: " + a);
        }
        return new String[] {a.json().path("key").path("id").asText(), a.text("secret")};
    }
}
