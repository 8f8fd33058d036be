package dev.vlmconsole.api;

import com.vaadin.flow.component.Component;
import java.util.Objects;
import java.util.function.Function;

/**
 * A card a module shows on the dashboard home to members holding {@code requiredPermission}.
 *
 * @param id                 unique id, conventionally {@code <module>.<name>}
 * @param title              heading of the card
 * @param requiredPermission permission a member needs to see the card
 * @param order              position on the dashboard (lower first)
 * @param content            builds the card body for the acting context; called on each visit
 */
public record DashboardCard(String id, String title, String requiredPermission, int order,
                            Function<ConsoleContext, Component> content) {

    public DashboardCard {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(requiredPermission, "requiredPermission");
        Objects.requireNonNull(content, "content");
    }
}
