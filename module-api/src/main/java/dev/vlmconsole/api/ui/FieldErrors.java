package dev.vlmconsole.api.ui;

import com.vaadin.flow.component.Focusable;
import com.vaadin.flow.component.HasValidation;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.InvalidInputException.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Shows an {@link InvalidInputException}'s field errors on a form's fields, by field name:
 * <pre>{@code
 * FieldErrors errors = new FieldErrors().bind("name", name).bind("expiresAt", expires);
 * save.addClickListener(e -> {
 *     errors.clear();
 *     try {
 *         keys.create(...);
 *     } catch (InvalidInputException ex) {
 *         errors.show(ex).forEach(unplaced -> formError.setText(unplaced.message()));
 *     }
 * });
 * }</pre>
 * Bind each field under the name the service reports (the API's JSON property). Route on the
 * field names, never on the message text.
 */
public final class FieldErrors {

    private final Map<String, HasValidation> fields = new LinkedHashMap<>();

    /** Shows errors for {@code field} on {@code component} (a text field, date picker, select...). */
    public FieldErrors bind(String field, HasValidation component) {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(component, "component");
        if (fields.putIfAbsent(field, component) != null) {
            throw new IllegalArgumentException("The field " + field + " is bound twice");
        }
        return this;
    }

    /** Marks every bound field valid again, before the next attempt. */
    public void clear() {
        fields.values().forEach(c -> c.setInvalid(false));
    }

    /**
     * Clears the bound fields, then shows each error on its field (the first message when a field
     * is refused twice) and moves the focus to the first refused field that can take it.
     *
     * @return the errors of fields not bound here, for the caller to show elsewhere (empty when all were shown)
     */
    public List<FieldError> show(InvalidInputException refused) {
        clear();
        List<FieldError> unplaced = new ArrayList<>();
        List<HasValidation> shown = new ArrayList<>();
        for (FieldError error : refused.fieldErrors()) {
            HasValidation component = fields.get(error.field());
            if (component == null) {
                unplaced.add(error);
            } else if (!shown.contains(component)) {
                component.setErrorMessage(error.message());
                component.setInvalid(true);
                shown.add(component);
            }
        }
        if (!shown.isEmpty() && shown.getFirst() instanceof Focusable<?> focusable) {
            focusable.focus();
        }
        return unplaced;
    }
}
