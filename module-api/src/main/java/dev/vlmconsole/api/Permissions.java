package dev.vlmconsole.api;

/**
 * Permissions the console itself holds for everyone of a kind, which no module defines and no role
 * is granted: use them where a {@link NavigationEntry} or a {@link DashboardCard} asks for a
 * {@code requiredPermission}, or in {@link ConsoleContext#can} and {@link ConsoleContext#require}.
 *
 * @since 1.1
 */
public final class Permissions {

    /**
     * Held by every person signed in to the console, whether or not they belong to a workspace (an
     * operator, or someone whose last membership was just removed, holds it too). Not held by an API
     * key, nor by anyone when nobody is signed in. A page that needs no workspace (such as the
     * console's own profile page) asks for it; a page that reads or changes a workspace's data asks for
     * a permission of the module instead, which only members of the current workspace can hold.
     *
     * <p>No module may define a {@link Permission} with this key; the console refuses to start if one does.
     */
    public static final String SIGNED_IN = "console.signed_in";

    private Permissions() {}
}
