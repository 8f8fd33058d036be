package dev.vlmconsole.api;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.router.Route;
import java.lang.reflect.Modifier;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A page a module adds to the console. The console registers {@code view} as a route at
 * {@code path} inside its layout and lists it in the side navigation for members who hold
 * {@code requiredPermission}; it also refuses navigation to it for everyone else.
 *
 * <p>The view class must not carry {@code @Route} (the console registers it) and must carry
 * {@code @jakarta.annotation.security.PermitAll}; its constructor may take Spring beans.
 *
 * <p><strong>Construct it with {@link #builder}</strong>, which checks each value as it is given:
 * <pre>{@code
 * NavigationEntry.builder("keys", KeysView.class)
 *         .title("API keys").icon("vaadin:key").requires(KeysModule.READ).order(10)
 *         .build();
 * }</pre>
 * Components may be added to this record in a later minor version of the contract; each such
 * version keeps a constructor with the old parameter list, so code compiled against an older
 * version still loads, but source that calls the canonical constructor may have to change. The
 * builder never does. (Decision record DD010.)
 *
 * @param path               URL path, without a leading slash, such as {@code keys}
 * @param title              label in the navigation and page title
 * @param icon               Vaadin icon name, such as {@code vaadin:key}; null or blank for the console's default
 * @param view               the view component class
 * @param requiredPermission permission a member needs to see and open the page
 * @param order              position in the navigation (lower first)
 */
public record NavigationEntry(
        String path,
        String title,
        @Nullable String icon,
        Class<? extends Component> view,
        String requiredPermission,
        int order) {

    /** Order of an entry whose builder was not given one. */
    public static final int DEFAULT_ORDER = 100;

    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*");
    private static final Pattern ICON = Pattern.compile("([a-z][a-z0-9-]*:)?[a-z0-9][a-z0-9-]*");

    /** Checks what 1.0 checked; the {@linkplain #builder builder} checks more, and earlier. */
    public NavigationEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(requiredPermission, "requiredPermission");
        if (path.startsWith("/")) {
            throw new IllegalArgumentException("path must not start with '/': " + path);
        }
    }

    /**
     * Starts an entry for {@code view} at {@code path}; then give it a {@link Builder#title title}
     * and the permission it {@link Builder#requires requires}.
     *
     * @param path URL path without a leading or trailing slash, such as {@code keys} or
     *             {@code billing/invoices}: letters, digits and {@code . _ ~ -} in each segment;
     *             empty only for the console's home page (a path can be taken once: the console
     *             refuses to start when two entries claim one)
     * @param view a concrete component class without {@code @Route}
     * @throws IllegalArgumentException when the path or the view cannot be a module page
     */
    public static Builder builder(String path, Class<? extends Component> view) {
        return new Builder(path, view);
    }

    /** Builds a {@link NavigationEntry}; every setter checks its value at once. */
    public static final class Builder {

        private final String path;
        private final Class<? extends Component> view;
        private @Nullable String title;
        private @Nullable String icon;
        private @Nullable String requiredPermission;
        private int order = DEFAULT_ORDER;

        private Builder(String path, Class<? extends Component> view) {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(view, "view");
            if (!path.isEmpty() && !PATH.matcher(path).matches()) {
                throw new IllegalArgumentException("A page path is segments of letters, digits and . _ ~ -"
                        + " separated by '/', without a leading or trailing '/': '" + path + "'");
            }
            if (view.isInterface() || Modifier.isAbstract(view.getModifiers())) {
                throw new IllegalArgumentException("The view " + view.getName() + " must be a concrete class");
            }
            if (view.isAnnotationPresent(Route.class)) {
                throw new IllegalArgumentException(
                        "The view " + view.getName() + " must not carry @Route: the console registers it at /" + path);
            }
            this.path = path;
            this.view = view;
        }

        /** Label in the side navigation and the page title; required, not blank. */
        public Builder title(String title) {
            this.title = Descriptors.text("title", title);
            return this;
        }

        /**
         * Vaadin icon, such as {@code vaadin:key} (or just {@code key}); without one the console
         * shows a neutral icon.
         */
        public Builder icon(String icon) {
            Objects.requireNonNull(icon, "icon");
            if (!ICON.matcher(icon).matches()) {
                throw new IllegalArgumentException("An icon is a name such as 'vaadin:key': '" + icon + "'");
            }
            this.icon = icon;
            return this;
        }

        /** The permission a member needs to see and open the page; required. */
        public Builder requires(String permission) {
            this.requiredPermission = Descriptors.permissionKey(permission);
            return this;
        }

        /** Position in the navigation (lower first); {@value NavigationEntry#DEFAULT_ORDER} by default. */
        public Builder order(int order) {
            this.order = order;
            return this;
        }

        /** The entry; throws {@link IllegalStateException} when the title or the permission is missing. */
        public NavigationEntry build() {
            return new NavigationEntry(
                    path,
                    Descriptors.required("title", title, path),
                    icon,
                    view,
                    Descriptors.required("requires", requiredPermission, path),
                    order);
        }
    }
}
