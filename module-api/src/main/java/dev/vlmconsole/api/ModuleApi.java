package dev.vlmconsole.api;

/**
 * Version of this contract. A module may compare it with the version it was built against;
 * the minor number grows with additions, the major number with changes that break modules.
 *
 * <p>A module compiled against an older minor version of the same major version keeps loading: a
 * minor version only adds types, methods with defaults and record constructors (keeping the old
 * parameter list). What changed in each version is in {@code docs/writing-a-module.md}; why, in
 * decision record DD010 ({@code docs/decisions/DD010-additive-contract.md}).
 */
public final class ModuleApi {

    /** The contract version, {@code major.minor}. */
    public static final String VERSION = "1.1";

    private ModuleApi() {}
}
