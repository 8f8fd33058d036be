package dev.vlmconsole.app.scim;

import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.ErrorResponse;
import org.jspecify.annotations.Nullable;

/**
 * A SCIM error (RFC 7644 3.12): answered as an {@link ErrorResponse} with its status, its
 * {@code scimType} where RFC 7644 names one, and a plain-words detail. Thrown before anything is
 * changed, or inside the change's transaction, which it rolls back.
 */
final class ScimProblem extends RuntimeException {

    private final int status;
    private final @Nullable String scimType;

    ScimProblem(int status, @Nullable String scimType, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.scimType = scimType;
    }

    static ScimProblem badRequest(String scimType, String detail) {
        return new ScimProblem(400, scimType, detail);
    }

    static ScimProblem notFound(String detail) {
        return new ScimProblem(404, null, detail);
    }

    static ScimProblem conflict(String scimType, String detail) {
        return new ScimProblem(409, scimType, detail);
    }

    /** UnboundID's own exceptions (filter and patch parsing) carry status and scimType already. */
    static ScimProblem of(ScimException e) {
        ErrorResponse error = e.getScimError();
        Integer status = error.getStatus();
        String detail = error.getDetail() == null ? "The request is not valid SCIM." : error.getDetail();
        return new ScimProblem(status == null ? 400 : status, error.getScimType(), detail);
    }

    int status() {
        return status;
    }

    @Nullable
    String scimType() {
        return scimType;
    }

    ErrorResponse response() {
        ErrorResponse error = new ErrorResponse(status);
        error.setScimType(scimType);
        error.setDetail(getMessage());
        return error;
    }
}
