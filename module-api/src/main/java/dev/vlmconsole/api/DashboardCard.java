package dev.vlmconsole.api;

import com.vaadin.flow.component.Component;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A card a module shows on the dashboard home to members holding {@code requiredPermission}.
 *
 * <p><strong>Construct it with {@link #builder}</strong>, which checks each value as it is given:
 * <pre>{@code
 * DashboardCard.builder("keys.summary", context -> new KeysCard(keys.get()))
 *         .title("API keys").requires(KeysModule.READ).order(10)
 *         .build();
 * }</pre>
 * Components may be added to this record in a later minor version of the contract; each such
 * version keeps a constructor with the old parameter list, so code compiled against an older
 * version still loads, but source that calls the canonical constructor may have to change. The
 * builder never does. (Decision record DD010.)
 *
 * @param id                 unique id, conventionally {@code <module>.<name>}
 * @param title              heading of the card
 * @param requiredPermission permission a member needs to see the card
 * @param order              position on the dashboard (lower first)
 * @param content            builds the card body for the acting context; called on each visit
 */
public record DashboardCard(
        String id, String title, String requiredPermission, int order, Function<ConsoleContext, Component> content) {

    /** Order of a card whose builder was not given one. */
    public static final int DEFAULT_ORDER = 100;

    /** Checks what 1.0 checked; the {@linkplain #builder builder} checks more, and earlier. */
    public DashboardCard {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(requiredPermission, "requiredPermission");
        Objects.requireNonNull(content, "content");
    }

    /**
     * Starts a card; then give it a {@link Builder#title title} and the permission it
     * {@link Builder#requires requires}.
     *
     * @param id      unique id {@code <module>.<name>}, such as {@code keys.summary}
     * @param content builds the card body for the acting context on each visit of the dashboard
     * @throws IllegalArgumentException when the id is not {@code <module>.<name>}
     */
    public static Builder builder(String id, Function<ConsoleContext, Component> content) {
        return new Builder(id, content);
    }

    /** Builds a {@link DashboardCard}; every setter checks its value at once. */
    public static final class Builder {

        private final String id;
        private final Function<ConsoleContext, Component> content;
        private @Nullable String title;
        private @Nullable String requiredPermission;
        private int order = DEFAULT_ORDER;

        private Builder(String id, Function<ConsoleContext, Component> content) {
            this.id = Descriptors.dottedKey("card id", id);
            this.content = Objects.requireNonNull(content, "content");
        }

        /** Heading of the card; required, not blank. */
        public Builder title(String title) {
            this.title = Descriptors.text("title", title);
            return this;
        }

        /** The permission a member needs to see the card; required. */
        public Builder requires(String permission) {
            this.requiredPermission = Descriptors.permissionKey(permission);
            return this;
        }

        /** Position on the dashboard (lower first); {@value DashboardCard#DEFAULT_ORDER} by default. */
        public Builder order(int order) {
            this.order = order;
            return this;
        }

        /** The card; throws {@link IllegalStateException} when the title or the permission is missing. */
        public DashboardCard build() {
            return new DashboardCard(
                    id,
                    Descriptors.required("title", title, id),
                    Descriptors.required("requires", requiredPermission, id),
                    order,
                    content);
        }
    }
}
