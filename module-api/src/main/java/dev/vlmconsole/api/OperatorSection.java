package dev.vlmconsole.api;

import com.vaadin.flow.component.Component;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * A section a module adds to an operator's page of one workspace (Operators → Workspaces → a
 * workspace), returned by {@link ConsoleModule#operatorSections()}. Only people holding
 * {@link Permissions#OPERATOR} see that page; the section's own services must still check
 * {@code context.require(Permissions.OPERATOR)} on every action (hiding is only a courtesy), ask for a
 * reason, and record with {@code context.actor().asOperator()} in that workspace's audit log.
 *
 * @param id      unique id, conventionally {@code <module>.<name>}, such as {@code billing.credits}
 * @param title   heading of the section
 * @param order   position on the page (lower first)
 * @param content builds the section for the workspace with this id; called on each visit, in the UI
 * @since 1.4
 */
public record OperatorSection(String id, String title, int order, Function<UUID, Component> content) {

    public OperatorSection {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(content, "content");
        title = Descriptors.text("title", title);
    }
}
