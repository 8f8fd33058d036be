package dev.vlmconsole.app.scim;

/** The audit targets SCIM writes about besides people: a User without an account yet, and a Group. */
public final class ScimTargets {

    /** A SCIM User who has no account yet (a pending invitation). */
    public static final String USER = "core.scim_user";
    /** A SCIM Group. */
    public static final String GROUP = "core.scim_group";

    private ScimTargets() {}
}
