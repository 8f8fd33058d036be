package dev.vlmconsole.api;

import com.vaadin.flow.component.Component;
import java.util.Objects;

/**
 * A page a module adds to the console. The console registers {@code view} as a route at
 * {@code path} inside its layout and lists it in the side navigation for members who hold
 * {@code requiredPermission}; it also refuses navigation to it for everyone else.
 *
 * <p>The view class must not carry {@code @Route} (the console registers it) and must carry
 * {@code @jakarta.annotation.security.PermitAll}; its constructor may take Spring beans.
 *
 * @param path               URL path, without a leading slash, such as {@code keys}
 * @param title              label in the navigation and page title
 * @param icon               Vaadin icon name, such as {@code vaadin:key}
 * @param view               the view component class
 * @param requiredPermission permission a member needs to see and open the page
 * @param order              position in the navigation (lower first)
 */
public record NavigationEntry(String path, String title, String icon,
                              Class<? extends Component> view, String requiredPermission, int order) {

    public NavigationEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(requiredPermission, "requiredPermission");
        if (path.startsWith("/")) {
            throw new IllegalArgumentException("path must not start with '/': " + path);
        }
    }
}
