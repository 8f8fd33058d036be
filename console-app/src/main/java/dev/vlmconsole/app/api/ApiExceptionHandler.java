package dev.vlmconsole.app.api;

import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.WorkspaceSuspendedException;
import dev.vlmconsole.api.services.AlreadyAMemberException;
import dev.vlmconsole.api.services.LastOwnerException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns exceptions of the machine API into RFC 9457 problems: bad input
 * ({@code IllegalArgumentException}) is a 400, a missing permission a 403, something not in the
 * caller's workspace ({@code NoSuchElementException}) a 404, anything unexpected a 500 without
 * internals. Framework errors (malformed JSON, wrong method, unknown path) come from
 * {@link ResponseEntityExceptionHandler} as problems too; a body cut off at its size limit while
 * being read is a 413, not a malformed body.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    /**
     * A 400 naming every refused field, {@code "errors": [{"field": ..., "detail": ...}]} in the order
     * they were found; the problem's {@code detail} stays one readable sentence (the field's message,
     * or each field with its message when there are several).
     */
    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail invalidInput(InvalidInputException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        List<Map<String, String>> errors = e.fieldErrors().stream()
                .map(error -> Map.of("field", error.field(), "detail", error.message()))
                .toList();
        problem.setProperty("errors", errors);
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof RequestSizeLimitFilter.BodyTooLargeException tooLarge) {
                ProblemDetail body = ProblemDetail.forStatusAndDetail(
                        HttpStatus.CONTENT_TOO_LARGE, RequestSizeLimitFilter.tooLargeDetail(tooLarge.max));
                body.setTitle("Content Too Large");
                return handleExceptionInternal(ex, body, headers, HttpStatus.CONTENT_TOO_LARGE, request);
            }
        }
        return super.handleHttpMessageNotReadable(ex, headers, status, request);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badInput(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(NoSuchElementException.class)
    ProblemDetail notFound(NoSuchElementException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    /** A change that conflicts with the workspace's state: its last Owner, someone already a member. */
    @ExceptionHandler({LastOwnerException.class, AlreadyAMemberException.class})
    ProblemDetail conflict(IllegalStateException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(PermissionDeniedException.class)
    ProblemDetail denied(PermissionDeniedException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "This key may not do that.");
    }

    /**
     * A change refused because the operators suspended the workspace: a 403 whose type ends in
     * {@code workspace-suspended} and whose detail names the reason, so that an integration can tell it
     * from a missing permission (reads still work). DD027.
     */
    @ExceptionHandler(WorkspaceSuspendedException.class)
    ProblemDetail suspended(WorkspaceSuspendedException e) {
        String reason = e.reason().isBlank() ? "" : ": " + e.reason();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.FORBIDDEN,
                "This workspace is suspended by the platform's operators" + reason
                        + ". Only calls that read are answered until they resume it.");
        problem.setType(WORKSPACE_SUSPENDED);
        problem.setTitle("Workspace suspended");
        problem.setProperty("workspaceId", e.workspaceId());
        problem.setProperty("reason", e.reason());
        return problem;
    }

    /** The problem type of {@link WorkspaceSuspendedException}. */
    static final URI WORKSPACE_SUSPENDED = URI.create("urn:vlm-console:problem:workspace-suspended");

    @ExceptionHandler(RuntimeException.class)
    ProblemDetail unexpected(RuntimeException e) {
        log.error("Unexpected error on the machine API", e);
        return ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on our side.");
    }
}
