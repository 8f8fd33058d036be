package dev.vlmconsole.api.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import java.util.Objects;

/**
 * What a page or a list shows when there is nothing in it yet: an optional icon, a title that says
 * what is missing, a sentence on what to do about it, and optionally the action that does it.
 *
 * <pre>{@code
 * grid.setEmptyStateComponent(new EmptyState(VaadinIcon.KEY.create(), "No API keys yet",
 *         "Create a key to call the API from your services.")
 *         .withAction("Create key", this::openCreateDialog));
 * }</pre>
 *
 * <p>The title is a second-level heading (the page's own title is the first); the icon is
 * decorative and hidden from screen readers.
 */
@StyleSheet(UiKit.STYLESHEET)
public class EmptyState extends Div {

    private final H2 title = new H2();
    private final Paragraph text = new Paragraph();
    private final Div actions = new Div();

    /**
     * An empty state without an icon.
     *
     * @param title what is missing, e.g. "No API keys yet"
     * @param text  one or two sentences on what to do about it
     */
    public EmptyState(String title, String text) {
        this(null, title, text);
    }

    /**
     * An empty state with an icon above the title.
     *
     * @param icon  a decorative icon, e.g. {@code VaadinIcon.KEY.create()}, or {@code null} for none
     * @param title what is missing
     * @param text  what to do about it
     */
    public EmptyState(Component icon, String title, String text) {
        addClassName("ui-empty-state");
        if (icon != null) {
            Div iconBox = new Div(icon);
            iconBox.addClassName("ui-empty-state-icon");
            iconBox.getElement().setAttribute("aria-hidden", "true");
            add(iconBox);
        }
        this.title.addClassName("ui-empty-state-title");
        this.text.addClassName("ui-empty-state-text");
        actions.addClassName("ui-empty-state-actions");
        actions.setVisible(false);
        setHeading(title);
        setDescription(text);
        add(this.title, this.text, actions);
    }

    /**
     * Adds a primary button that runs {@code action}.
     *
     * @return this empty state
     */
    public EmptyState withAction(String label, Runnable action) {
        Objects.requireNonNull(action, "action");
        Button button = new Button(label, e -> action.run());
        button.addThemeVariants(ButtonVariant.PRIMARY);
        return withAction(button);
    }

    /**
     * Adds an action component, such as a button or a link, below the text.
     *
     * @return this empty state
     */
    public EmptyState withAction(Component action) {
        actions.add(Objects.requireNonNull(action, "action"));
        actions.setVisible(true);
        return this;
    }

    /** The heading (what is missing). */
    public String getHeading() {
        return title.getText();
    }

    /** Sets the heading. */
    public void setHeading(String heading) {
        title.setText(Objects.requireNonNull(heading, "heading"));
    }

    /** The explanatory text below the heading. */
    public String getDescription() {
        return text.getText();
    }

    /** Sets the explanatory text, for example once the reason for an empty page is known. */
    public void setDescription(String description) {
        text.setText(Objects.requireNonNull(description, "description"));
    }
}
