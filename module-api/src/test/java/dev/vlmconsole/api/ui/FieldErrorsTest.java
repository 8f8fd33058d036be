package dev.vlmconsole.api.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vaadin.flow.component.HasValidation;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.InvalidInputException.FieldError;
import org.junit.jupiter.api.Test;

/** Field errors land on the fields bound to their names; the others are handed back. */
class FieldErrorsTest {

    /** A form field as far as validation goes. */
    static final class Field implements HasValidation {
        String errorMessage = "";
        boolean invalid;

        @Override
        public void setErrorMessage(String errorMessage) {
            this.errorMessage = errorMessage;
        }

        @Override
        public String getErrorMessage() {
            return errorMessage;
        }

        @Override
        public void setInvalid(boolean invalid) {
            this.invalid = invalid;
        }

        @Override
        public boolean isInvalid() {
            return invalid;
        }
    }

    @Test
    void each_error_is_shown_on_its_field_and_unbound_ones_are_returned() {
        Field name = new Field();
        Field expires = new Field();
        Field project = new Field();
        project.setInvalid(true); // left over from the previous attempt
        FieldErrors errors =
                new FieldErrors().bind("name", name).bind("expiresAt", expires).bind("project", project);

        var unplaced = errors.show(InvalidInputException.builder()
                .add("name", "Enter a name.")
                .add("expiresAt", "Pick a later day.")
                .add("name", "Second message.")
                .add("scope", "Choose a scope.")
                .build());

        assertThat(name.invalid).isTrue();
        assertThat(name.errorMessage).isEqualTo("Enter a name.");
        assertThat(expires.invalid).isTrue();
        assertThat(expires.errorMessage).isEqualTo("Pick a later day.");
        assertThat(project.invalid).as("cleared: not refused this time").isFalse();
        assertThat(unplaced).containsExactly(new FieldError("scope", "Choose a scope."));

        errors.clear();
        assertThat(name.invalid || expires.invalid).isFalse();
    }

    @Test
    void a_field_name_is_bound_once() {
        assertThatThrownBy(() -> new FieldErrors().bind("name", new Field()).bind("name", new Field()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
