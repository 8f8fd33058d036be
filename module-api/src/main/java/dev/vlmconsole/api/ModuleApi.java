package dev.vlmconsole.api;

/**
 * Version of this contract. A module may compare it with the version it was built against;
 * the minor number grows with additions, the major number with changes that break modules.
 */
public final class ModuleApi {

    /** The contract version, {@code major.minor}. */
    public static final String VERSION = "1.0";

    private ModuleApi() {
    }
}
