package dev.vlmconsole.billing.operators.ui;

import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operators' billing pages' words for times and refused actions. */
final class OperatorText {

    private static final Logger log = LoggerFactory.getLogger(OperatorText.class);

    /** The module's stylesheet (classes start with "billing-"). */
    static final String STYLESHEET = "context://styles/billing.css";

    /** Such as "2026-11-16 10:00". */
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ENGLISH);

    private OperatorText() {}

    static String when(Instant at, ZoneId zone) {
        return WHEN.format(at.atZone(zone));
    }

    /** Why an action did not happen, in plain words, such as "Nothing was changed: only operators may do this." */
    static String refused(String what, RuntimeException ex) {
        return what + ": "
                + switch (ex) {
                    case PermissionDeniedException e -> "only the install's operators may do this.";
                    case InvalidInputException e -> e.getMessage();
                    case NoSuchElementException e -> "it no longer exists. Reload the page.";
                    default -> {
                        log.warn("{} failed", what, ex);
                        yield "something went wrong. Try again in a moment.";
                    }
                };
    }
}
