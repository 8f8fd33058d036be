package dev.vlmconsole.api;

import java.io.Serial;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Input the console refuses, with the fields it concerns, so that a form can show each message
 * beside its field and the machine API can name them in its {@code 400} problem
 * ({@code "errors": [{"field": ..., "detail": ...}]}). Nothing was changed when it is thrown.
 *
 * <p>This is the one field-aware validation exception of the contract: route on its type and its
 * {@link #fieldErrors()}, never on the message text. Field names are the input's names as API
 * bodies and forms spell them ({@code name}, {@code expiresAt}), so the UI and the API agree.
 *
 * <pre>{@code
 * throw InvalidInputException.of("url", "Use an https:// URL.");
 *
 * InvalidInputException.Builder invalid = InvalidInputException.builder();
 * invalid.check("name", Names.DISPLAY_NAME.problem(name));
 * invalid.check("expiresAt", expiryProblem(expiresAt));
 * invalid.throwIfAny(); // one exception naming every refused field
 * }</pre>
 *
 * <p>Since 1.1 it carries several field errors; the 1.0 constructor stays and makes one.
 *
 * @see dev.vlmconsole.api.ui.FieldErrors for showing the errors on Vaadin fields
 */
public class InvalidInputException extends IllegalArgumentException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The refused inputs, at least one, in the order they were found. */
    private final List<FieldError> fieldErrors;

    /**
     * One refused input (the 1.0 constructor; {@link #of} says the same).
     *
     * @param field   the input's name as forms and API bodies spell it, such as {@code name}
     * @param message a sentence for the person who typed it
     */
    public InvalidInputException(@Nullable String field, @Nullable String message) {
        this(List.of(new FieldError(field == null ? "" : field, message == null ? "" : message)));
    }

    private InvalidInputException(List<FieldError> fieldErrors) {
        super(summary(fieldErrors));
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    /** One refused input: {@code field} as forms and API bodies spell it, {@code message} a sentence. */
    public static InvalidInputException of(String field, String message) {
        return new InvalidInputException(field, message);
    }

    /** Several refused inputs at once; {@code errors} must not be empty. */
    public static InvalidInputException of(List<FieldError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("An InvalidInputException needs at least one field error");
        }
        return new InvalidInputException(errors);
    }

    /** Collects the problems of a whole form or body, to refuse them together. */
    public static Builder builder() {
        return new Builder();
    }

    /** Every refused input, at least one, in the order they were found. */
    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }

    /** The first refused input, such as {@code name} or {@code workspaceName} (the only one before 1.1). */
    public String field() {
        return fieldErrors.getFirst().field();
    }

    /** The message for {@code field}, if this exception refuses it (the first, when it refuses it twice). */
    public Optional<String> messageFor(String field) {
        return fieldErrors.stream()
                .filter(e -> e.field().equals(field))
                .map(FieldError::message)
                .findFirst();
    }

    /**
     * The readable sentence of {@link #getMessage()}: the one message for one field; for several,
     * each field with its message, such as {@code "name: Enter a name. expiresAt: Pick a later day."}.
     */
    private static String summary(List<FieldError> errors) {
        if (errors.size() == 1) {
            return errors.getFirst().message();
        }
        return errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining(" "));
    }

    /**
     * One refused input.
     *
     * @param field   the input's name as forms and API bodies spell it, such as {@code expiresAt}; empty
     *                when the problem is the input as a whole (1.0 allowed it)
     * @param message a sentence for the person who typed it, such as {@code "Pick a day in the future."}
     */
    public record FieldError(String field, String message) {

        public FieldError {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * Collects field errors; {@link #throwIfAny()} then refuses them in one exception. Not thread-safe:
     * use one per validation.
     */
    public static final class Builder {

        private final List<FieldError> errors = new ArrayList<>();

        private Builder() {}

        /** Refuses {@code field} with {@code message}. */
        public Builder add(String field, String message) {
            errors.add(new FieldError(field, message));
            return this;
        }

        /** Refuses {@code field} when {@code problem} holds a message, such as {@link Names.Rule#problem}'s. */
        public Builder check(String field, Optional<String> problem) {
            problem.ifPresent(message -> add(field, message));
            return this;
        }

        /** Keeps every field error of {@code refused}, such as one a shared check threw. */
        public Builder addAll(InvalidInputException refused) {
            errors.addAll(refused.fieldErrors());
            return this;
        }

        /** Whether no input was refused so far. */
        public boolean isEmpty() {
            return errors.isEmpty();
        }

        /** Whether {@code field} was refused so far (to skip checks that need it valid). */
        public boolean refused(String field) {
            return errors.stream().anyMatch(e -> e.field().equals(field));
        }

        /** Throws one {@link InvalidInputException} with every error collected; does nothing if there is none. */
        public void throwIfAny() {
            if (!errors.isEmpty()) {
                throw new InvalidInputException(errors);
            }
        }

        /** The exception for the errors collected; there must be at least one. */
        public InvalidInputException build() {
            if (errors.isEmpty()) {
                throw new IllegalStateException("No field was refused");
            }
            return new InvalidInputException(errors);
        }
    }
}
