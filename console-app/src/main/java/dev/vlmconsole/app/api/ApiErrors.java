package dev.vlmconsole.app.api;

import dev.vlmconsole.app.security.Problems;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;

/** The problem written for an error of the machine API that no controller answered. */
final class ApiErrors {

    private ApiErrors() {}

    static void write(HttpServletResponse response, int status) throws IOException {
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String detail = switch (status) {
            case 400 -> "The request is malformed (check its path, headers and body).";
            case 404 -> "No such API call. See /api/openapi for the calls this console answers.";
            case 405 -> "This API call does not accept that method.";
            case 413 -> "The request body is too large.";
            default -> status >= 500 ? "Something went wrong on our side." : title + ".";
        };
        Problems.write(response, status, title, detail);
    }
}
