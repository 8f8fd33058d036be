package dev.vlmconsole.app.sso;

/** The audit target types of the single sign-on settings, named once (core declares their readable names). */
public final class SsoAuditTargets {

    /** An email domain a workspace claims; the id is the claim's id, the label the domain. */
    public static final String EMAIL_DOMAIN = "core.email_domain";

    /** An identity-provider group of a workspace's mapping; the id is the group's name. */
    public static final String GROUP = "core.sso_group";

    private SsoAuditTargets() {}
}
