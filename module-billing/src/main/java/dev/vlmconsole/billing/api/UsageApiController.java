package dev.vlmconsole.billing.api;

import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.services.PlatformKeyPrincipal;
import dev.vlmconsole.billing.usage.UsageIngestion;
import dev.vlmconsole.billing.usage.UsageIngestion.Event;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * Usage ingestion for the platform's gateway: {@code POST /api/v1/usage}, called with a platform key
 * of scope {@code usage} (never a workspace's key). The body is {@code {"events": [...]}}, 1 to
 * {@value UsageIngestion#MAX_EVENTS} events of {@code {"id", "keyId", "credits", "timestamp"}};
 * {@code credits} is a JSON number or a decimal string, read exactly ({@link BillingJson}),
 * {@code timestamp} an ISO-8601 instant with its offset ({@code 2026-11-29T10:15:30Z}). The answer,
 * {@code 202 {"accepted", "duplicates"}}, comes only after the events were committed
 * ({@link UsageIngestion#ingest}); a replayed event id is a duplicate, never a second debit.
 *
 * <p>A bad event makes the whole call a {@code 400} problem naming every refused field as
 * {@code events[i].field} and nothing is stored: what the body's format decides is checked here, the
 * rest (an unknown key, a timestamp out of range) by the ingestion, which refuses in the same terms.
 * The body may be up to 1 MiB ({@code console.http.body-size-overrides[/api/v1/usage]}).
 */
@RestController
@RequestMapping(path = "/api/v1", produces = "application/json")
public class UsageApiController {

    /** The body field of the events. */
    static final String EVENTS = "events";

    /** Longest event id. */
    static final int MAX_ID_LENGTH = 100;

    private final UsageIngestion ingestion;
    private final ConsoleContext context;

    public UsageApiController(UsageIngestion ingestion, ConsoleContext context) {
        this.ingestion = ingestion;
        this.context = context;
    }

    /** The body of a report; {@code null} fields are absent ones. */
    public record UsageReport(@Nullable List<@Nullable EventBody> events) {}

    /**
     * One event as the body gives it: checked field by field, so that a bad one is named, not
     * refused as a malformed body.
     */
    public record EventBody(
            @Nullable JsonNode id,
            @Nullable JsonNode keyId,

            @JsonDeserialize(using = BillingJson.AmountDeserializer.class)
            BillingJson.@Nullable Amount credits,

            @Nullable JsonNode timestamp) {}

    /** What a report did: events recorded now, and events recorded before (replays). */
    public record UsageAccepted(int accepted, int duplicates) {}

    @PostMapping(path = "/usage", consumes = "application/json")
    public ResponseEntity<?> report(@RequestBody(required = false) @Nullable UsageReport body) {
        if (context.platformKey().isEmpty()) {
            if (context.apiKey().isPresent()) {
                throw new PermissionDeniedException("a platform key");
            }
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.UNAUTHORIZED, "Report usage with a platform key: 'Authorization: Bearer vlm_svc_...'.");
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                    .header("WWW-Authenticate", "Bearer")
                    .body(problem);
        }
        PlatformKeyPrincipal key = context.platformKey().orElseThrow();
        if (!key.hasScope(PlatformKeyPrincipal.SCOPE_USAGE)) {
            throw new PermissionDeniedException(PlatformKeyPrincipal.SCOPE_USAGE);
        }
        UsageIngestion.Result result = ingestion.ingest(events(body));
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(new UsageAccepted(result.accepted(), result.duplicates()));
    }

    /** The events of {@code body}, or every refused field of it in one {@link InvalidInputException}. */
    static List<Event> events(@Nullable UsageReport body) {
        List<@Nullable EventBody> given = body == null ? null : body.events();
        if (given == null || given.isEmpty()) {
            throw InvalidInputException.of(
                    EVENTS, "Send {\"events\": [...]} with 1 to " + UsageIngestion.MAX_EVENTS + " events.");
        }
        if (given.size() > UsageIngestion.MAX_EVENTS) {
            throw InvalidInputException.of(
                    EVENTS,
                    "At most " + UsageIngestion.MAX_EVENTS + " events a call, not " + given.size()
                            + ": split them into several calls.");
        }
        InvalidInputException.Builder invalid = InvalidInputException.builder();
        List<Event> events = new ArrayList<>(given.size());
        for (int i = 0; i < given.size(); i++) {
            String at = EVENTS + "[" + i + "]";
            EventBody e = given.get(i);
            if (e == null) {
                invalid.add(at, at + " must be an object {\"id\", \"keyId\", \"credits\", \"timestamp\"}.");
                continue;
            }
            String id = id(e.id(), at + ".id", invalid);
            UUID keyId = keyId(e.keyId(), at + ".keyId", invalid);
            BigDecimal credits = BillingJson.credits(e.credits(), at + ".credits", invalid);
            Instant timestamp = timestamp(e.timestamp(), at + ".timestamp", invalid);
            if (id != null && keyId != null && credits != null && timestamp != null) {
                events.add(new Event(id, keyId, credits, timestamp));
            }
        }
        invalid.throwIfAny();
        return events;
    }

    private static @Nullable String id(@Nullable JsonNode node, String field, InvalidInputException.Builder invalid) {
        String id = text(node);
        if (id == null || id.isEmpty()) {
            invalid.add(field, field + " is required: a string unique to the event.");
            return null;
        }
        if (id.length() > MAX_ID_LENGTH || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            invalid.add(field, field + " must be 1 to " + MAX_ID_LENGTH + " printable ASCII characters.");
            return null;
        }
        return id;
    }

    private static @Nullable UUID keyId(@Nullable JsonNode node, String field, InvalidInputException.Builder invalid) {
        String text = text(node);
        if (text == null) {
            invalid.add(field, field + " is required: the id of the key that made the call.");
            return null;
        }
        try {
            if (text.length() == 36) {
                return UUID.fromString(text);
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        invalid.add(field, field + " must be a key id (a UUID).");
        return null;
    }

    private static @Nullable Instant timestamp(
            @Nullable JsonNode node, String field, InvalidInputException.Builder invalid) {
        String text = text(node);
        if (text == null) {
            invalid.add(field, field + " is required: when the call happened.");
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            invalid.add(field, field + " must be an ISO-8601 instant with its offset, such as 2026-11-29T10:15:30Z.");
            return null;
        }
    }

    private static @Nullable String text(@Nullable JsonNode node) {
        return node == null || !node.isString() ? null : node.asString();
    }
}
