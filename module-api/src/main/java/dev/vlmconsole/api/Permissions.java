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

    /**
     * Held by the install's operators (its support staff: the first Owner of first run, and whoever an
     * operator makes one), in any workspace or none, once they have signed in with every factor the
     * console asks of them. Not held by API keys. Pages and calls that act across workspaces (platform
     * keys, support views) ask for it. No module may define a {@link Permission} with this key.
     *
     * @since 1.3
     */
    public static final String OPERATOR = "console.operator";

    private Permissions() {}
}
