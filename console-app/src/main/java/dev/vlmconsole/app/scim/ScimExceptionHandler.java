package dev.vlmconsole.app.scim;

import com.unboundid.scim2.common.exceptions.BadRequestException;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.WorkspaceSuspendedException;
import dev.vlmconsole.api.services.LastOwnerException;
import dev.vlmconsole.api.services.MembershipsManagedElsewhereException;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every error of the SCIM endpoints in SCIM's own format (RFC 7644 3.12), with a plain-words detail;
 * the machine API's problem documents are for {@code /api} only. Ahead of the console's API handler.
 */
@RestControllerAdvice(assignableTypes = {ScimController.class, ScimDiscoveryController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class ScimExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ScimExceptionHandler.class);

    @ExceptionHandler(ScimProblem.class)
    ResponseEntity<String> scim(ScimProblem e) {
        return ScimJson.error(e);
    }

    @ExceptionHandler(LastOwnerException.class)
    ResponseEntity<String> lastOwner(LastOwnerException e) {
        return ScimJson.error(new ScimProblem(
                409,
                null,
                "This would leave the workspace without an Owner: make someone else an Owner first. Nothing was"
                        + " changed."));
    }

    @ExceptionHandler(MembershipsManagedElsewhereException.class)
    ResponseEntity<String> managedElsewhere(MembershipsManagedElsewhereException e) {
        return ScimJson.error(new ScimProblem(409, null, e.getMessage()));
    }

    @ExceptionHandler(WorkspaceSuspendedException.class)
    ResponseEntity<String> suspended(WorkspaceSuspendedException e) {
        return ScimJson.error(new ScimProblem(403, null, "The workspace is suspended: provisioning is paused."));
    }

    @ExceptionHandler(PermissionDeniedException.class)
    ResponseEntity<String> denied(PermissionDeniedException e) {
        return ScimJson.error(new ScimProblem(403, null, "This key may not do that."));
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<String> invalid(InvalidInputException e) {
        return ScimJson.error(ScimProblem.badRequest(BadRequestException.INVALID_VALUE, e.getMessage()));
    }

    @ExceptionHandler(NoSuchElementException.class)
    ResponseEntity<String> notFound(NoSuchElementException e) {
        return ScimJson.error(ScimProblem.notFound("Not found."));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<String> unexpected(Exception e) {
        log.error("SCIM call failed", e);
        return ScimJson.error(new ScimProblem(500, null, "Something went wrong on the console's side."));
    }
}
