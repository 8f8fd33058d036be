package dev.vlmconsole.billing.api;

import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Permissions;
import dev.vlmconsole.api.services.PlatformKeyPrincipal;
import dev.vlmconsole.billing.operators.CreditAdjustments;
import dev.vlmconsole.billing.operators.CreditAdjustments.Adjustment;
import dev.vlmconsole.billing.operators.IdempotencyConflictException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * Operators' credit adjustments on the machine API: {@code POST /api/v1/operator/workspaces/{id}/credits}
 * with {@code {"credits": 250, "reason": "..."}} ({@code credits} a JSON number or a decimal string, up to
 * 6 fractional digits; negative debits), called with a platform key of scope {@code operator} (any other
 * key: 403; none: 401) and an {@code Idempotency-Key} header (400 without). The answer is {@code 201}
 * with the ledger entry's id and the balance right after the adjustment. The same key with the same
 * request answers the first adjustment again (with {@code Idempotent-Replayed: true}) and applies
 * nothing, on any node; the same key with a different request is a {@code 422} problem. An unknown
 * workspace is a {@code 404}; a bad field a {@code 400} naming it ({@code credits}, {@code reason},
 * {@code Idempotency-Key}); a debit beyond the workspace's credits a {@code 400} naming {@code credits}.
 *
 * @see "DD029, docs/decisions/DD029-operator-credit-adjustments.md"
 */
@RestController
@RequestMapping(path = "/api/v1/operator", produces = "application/json")
public class OperatorCreditsApiController {

    /** Response header set on an answer repeated for a retried key. */
    static final String REPLAYED = "Idempotent-Replayed";

    private final CreditAdjustments adjustments;
    private final ConsoleContext context;

    public OperatorCreditsApiController(CreditAdjustments adjustments, ConsoleContext context) {
        this.adjustments = adjustments;
        this.context = context;
    }

    /** The body: credits (signed) and the reason the workspace's members will read. */
    public record CreditsChange(
            @JsonDeserialize(using = BillingJson.AmountDeserializer.class)
            BillingJson.@Nullable Amount credits,

            @Nullable String reason) {}

    /** The balance right after the adjustment. */
    public record BalanceAfter(
            @JsonSerialize(using = BillingJson.DecimalSerializer.class)
            BigDecimal available,

            @JsonSerialize(using = BillingJson.DecimalSerializer.class)
            BigDecimal allowance,

            @JsonSerialize(using = BillingJson.DecimalSerializer.class)
            BigDecimal grants,

            @JsonSerialize(using = BillingJson.DecimalSerializer.class)
            BigDecimal topUps) {}

    /** What an adjustment did: its ledger entry, the credits (signed) and the balance after it. */
    public record AdjustmentView(
            long entryId,
            UUID workspaceId,

            @JsonSerialize(using = BillingJson.DecimalSerializer.class)
            BigDecimal credits,

            BalanceAfter balance,
            Instant at) {
        static AdjustmentView of(Adjustment a) {
            return new AdjustmentView(
                    a.entryId(),
                    a.workspaceId(),
                    a.credits(),
                    new BalanceAfter(a.available(), a.allowance(), a.grants(), a.topUps()),
                    a.at());
        }
    }

    @PostMapping(path = "/workspaces/{id}/credits", consumes = "application/json")
    public ResponseEntity<?> adjust(
            @PathVariable("id") String id,
            @RequestBody(required = false) @Nullable CreditsChange body,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) @Nullable String idempotencyKey) {
        if (context.platformKey().isEmpty()) {
            if (context.apiKey().isPresent()) {
                throw new PermissionDeniedException(Permissions.OPERATOR);
            }
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.UNAUTHORIZED,
                    "Call with a platform key of scope operator: 'Authorization: Bearer vlm_svc_...'.");
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                    .header("WWW-Authenticate", "Bearer")
                    .body(problem);
        }
        PlatformKeyPrincipal key = context.platformKey().orElseThrow();
        if (!key.hasScope(PlatformKeyPrincipal.SCOPE_OPERATOR)) {
            throw new PermissionDeniedException(PlatformKeyPrincipal.SCOPE_OPERATOR);
        }
        UUID workspaceId = workspaceId(id);
        InvalidInputException.Builder invalid = InvalidInputException.builder();
        if (idempotencyKey == null || idempotencyKey.isEmpty()) {
            invalid.add(
                    IdempotencyKeys.HEADER,
                    "Idempotency-Key is required: a unique value per adjustment (such as a UUID), sent again "
                            + "unchanged when the call is retried.");
        } else if (!IdempotencyKeys.isValid(idempotencyKey)) {
            invalid.add(IdempotencyKeys.HEADER, IdempotencyKeys.RULE);
        }
        BigDecimal credits = null;
        String reason = null;
        if (body == null) {
            invalid.add("credits", "Send {\"credits\": 250, \"reason\": \"...\"} (negative credits debit).");
        } else {
            credits = BillingJson.signedCredits(body.credits(), "credits", invalid);
            reason = body.reason();
            if (reason == null || reason.isBlank()) {
                invalid.add("reason", "reason is required: the workspace's members read it in their audit log.");
            }
        }
        invalid.throwIfAny();
        Adjustment done = adjustments.adjust(workspaceId, credits, reason, idempotencyKey);
        ResponseEntity.BodyBuilder created = ResponseEntity.status(HttpStatus.CREATED);
        if (done.replayed()) {
            created.header(REPLAYED, "true");
        }
        return created.body(AdjustmentView.of(done));
    }

    /** The key was used for another request: a 422 problem, nothing applied. */
    @ExceptionHandler(IdempotencyConflictException.class)
    ResponseEntity<ProblemDetail> conflict(IdempotencyConflictException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        problem.setTitle("Idempotency-Key reused");
        return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(problem);
    }

    private static UUID workspaceId(String id) {
        try {
            if (id.length() == 36) {
                return UUID.fromString(id);
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new NoSuchElementException("No such workspace");
    }
}
