package dev.vlmconsole.app.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.utils.JsonUtils;
import java.io.UncheckedIOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * SCIM's JSON, read and written with UnboundID's own Jackson 2 mapper ({@link JsonUtils}): its
 * attribute names are case-insensitive as RFC 7643 wants, and its types serialise as SCIM clients
 * expect. The console's own Jackson (3) is never involved, so the wire format is the SDK's (DD036).
 */
final class ScimJson {

    static final String MEDIA_TYPE = "application/scim+json";
    static final MediaType SCIM = MediaType.parseMediaType(MEDIA_TYPE + ";charset=UTF-8");

    private ScimJson() {}

    /** The request body as a JSON object, or a 400 invalidSyntax. */
    static ObjectNode object(String body) {
        if (body == null || body.isBlank()) {
            throw ScimProblem.badRequest(BadRequestException.INVALID_SYNTAX, "The request has no body.");
        }
        JsonNode node;
        try {
            node = JsonUtils.getObjectReader().readTree(body);
        } catch (JsonProcessingException e) {
            throw ScimProblem.badRequest(BadRequestException.INVALID_SYNTAX, "The body is not valid JSON.");
        }
        if (!(node instanceof ObjectNode object)) {
            throw ScimProblem.badRequest(BadRequestException.INVALID_SYNTAX, "The body must be a JSON object.");
        }
        return object;
    }

    static String write(Object value) {
        try {
            return JsonUtils.getObjectWriter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ResponseEntity<String> answer(HttpStatus status, Object value) {
        return ResponseEntity.status(status).contentType(SCIM).body(write(value));
    }

    static ResponseEntity<String> error(ScimProblem problem) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(SCIM);
        return ResponseEntity.status(problem.status()).headers(headers).body(write(problem.response()));
    }
}
