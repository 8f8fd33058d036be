package dev.vlmconsole.api;

/** A person's role in one workspace. Permissions are granted to roles by {@link Permission}. */
public enum Role {
    /** Full control, including billing and ownership; every workspace keeps at least one. */
    OWNER("Owner"),
    /** Manages members, keys and settings, but not ownership. */
    ADMIN("Admin"),
    /** Uses the platform: manages their own API keys. */
    MEMBER("Member"),
    /** Sees and manages billing only. */
    BILLING("Billing"),
    /** Reads what members read, changes nothing. */
    VIEWER("Viewer");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    /** Name shown in the console. */
    public String label() {
        return label;
    }
}
