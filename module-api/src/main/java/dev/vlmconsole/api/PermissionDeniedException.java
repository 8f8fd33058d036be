package dev.vlmconsole.api;

/**
 * Thrown when the acting context lacks a permission. The console answers it with
 * "You don't have access to that" in the UI and a 403 problem on the machine API.
 */
public class PermissionDeniedException extends RuntimeException {

    private final String permission;

    /** @param permission the permission that was missing */
    public PermissionDeniedException(String permission) {
        super("Missing permission: " + permission);
        this.permission = permission;
    }

    /** The permission that was missing. */
    public String permission() {
        return permission;
    }
}
