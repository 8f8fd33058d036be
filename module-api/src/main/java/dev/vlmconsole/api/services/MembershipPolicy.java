package dev.vlmconsole.api.services;

import java.util.Optional;
import java.util.UUID;

/**
 * Whether people may change a workspace's memberships in the console at all. The console's default
 * always says yes; the role rules of {@link Memberships} apply either way. A module that takes
 * memberships over from the console (an identity provider's SCIM provisioning, for example)
 * provides one bean of this type that names the workspaces whose members it manages: the console
 * then refuses every change through {@link Memberships} there with
 * {@link MembershipsManagedElsewhereException}, and pages such as Team hide their buttons and show
 * the reason.
 *
 * <p>Called on every membership change and whenever a page draws its member actions: answer from
 * memory or a cheap query.
 *
 * @since 1.1
 */
public interface MembershipPolicy {

    /**
     * Why people may not change the memberships of {@code workspaceId} in the console, as a sentence
     * for them (such as "Members of this workspace are managed in Okta."), or empty when they may.
     */
    Optional<String> managedElsewhere(UUID workspaceId);
}
