package dev.vlmconsole.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vlmconsole.api.InvalidInputException.FieldError;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One field-aware validation exception: one or several fields, each with its sentence. */
class InvalidInputExceptionTest {

    @Test
    void the_1_0_constructor_makes_one_field_error_and_keeps_its_message() {
        InvalidInputException e = new InvalidInputException("name", "Enter a name.");

        assertThat(e).isInstanceOf(IllegalArgumentException.class);
        assertThat(e.field()).isEqualTo("name");
        assertThat(e.getMessage()).isEqualTo("Enter a name.");
        assertThat(e.fieldErrors()).containsExactly(new FieldError("name", "Enter a name."));
        assertThat(InvalidInputException.of("name", "Enter a name.").fieldErrors())
                .isEqualTo(e.fieldErrors());
    }

    @Test
    void a_builder_refuses_every_collected_field_at_once_in_order() {
        InvalidInputException.Builder invalid = InvalidInputException.builder()
                .check("name", Optional.of("Enter a name."))
                .check("project", Optional.empty())
                .add("expiresAt", "Pick a day in the future.");

        assertThat(invalid.refused("name")).isTrue();
        assertThat(invalid.refused("project")).isFalse();
        assertThatThrownBy(invalid::throwIfAny).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.fieldErrors()).extracting(FieldError::field).containsExactly("name", "expiresAt");
            assertThat(e.field()).isEqualTo("name");
            assertThat(e.messageFor("expiresAt")).contains("Pick a day in the future.");
            assertThat(e.messageFor("project")).isEmpty();
            assertThat(e.getMessage()).isEqualTo("name: Enter a name. expiresAt: Pick a day in the future.");
        });
    }

    @Test
    void a_builder_without_errors_throws_nothing_and_builds_nothing() {
        InvalidInputException.Builder invalid = InvalidInputException.builder().check("name", Optional.empty());

        assertThat(invalid.isEmpty()).isTrue();
        invalid.throwIfAny();
        assertThatThrownBy(invalid::build).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> InvalidInputException.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errors_thrown_by_shared_checks_can_be_collected() {
        InvalidInputException.Builder invalid = InvalidInputException.builder();
        try {
            Names.DISPLAY_NAME.require(" ");
        } catch (InvalidInputException e) {
            invalid.addAll(e);
        }
        invalid.check("project", new Names.Rule("project", 5).optionalProblem("too long here"));
        invalid.check("label", new Names.Rule("label", 5).optionalProblem("\u00A0 "));

        assertThat(invalid.build().fieldErrors())
                .containsExactly(
                        new FieldError("displayName", "Enter a name."),
                        new FieldError("project", "Use at most 5 characters."));
    }

    @Test
    void the_10_constructor_still_takes_what_10_took_a_problem_with_the_input_as_a_whole_included() {
        InvalidInputException whole = new InvalidInputException("", "These settings do not fit together.");
        assertThat(whole.field()).isEmpty();
        assertThat(whole.getMessage()).isEqualTo("These settings do not fit together.");
        assertThat(new InvalidInputException(null, null).fieldErrors()).containsExactly(new FieldError("", ""));
        assertThatThrownBy(() -> new FieldError(null, "x")).isInstanceOf(NullPointerException.class);
    }
}
