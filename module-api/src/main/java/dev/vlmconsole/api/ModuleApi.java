package dev.vlmconsole.api;

/**
 * Version of this contract. A module may compare it with the version it was built against;
 * the minor number grows with additions, the major number with changes that break modules.
 *
 * <p>A module compiled against an older minor version of the same major version keeps loading: a
 * minor version only adds types, methods with defaults, record components (keeping a constructor
 * with the old parameter list) and, on interfaces only the console implements ({@link AuditLog},
 * {@link ConsoleContext}, the services it provides), abstract methods: a module calls those, it
 * does not implement them.
 *
 * <p>{@link #VERSION} is a compile-time constant: the compiler copies it into the module, so it
 * says which version a module was built against, not which one runs it. To find out at run time
 * whether a console offers a 1.1 addition, test for one of its types, such as
 * {@code Class.forName("dev.vlmconsole.api.AuditTarget")}. What changed in each version is in {@code docs/writing-a-module.md}; why, in
 * decision record DD010 ({@code docs/decisions/DD010-additive-contract.md}).
 */
public final class ModuleApi {

    /** The contract version, {@code major.minor}. */
    public static final String VERSION = "1.5";

    private ModuleApi() {}
}
