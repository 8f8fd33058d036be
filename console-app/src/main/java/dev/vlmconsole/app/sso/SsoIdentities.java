package dev.vlmconsole.app.sso;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * How people sign in: the identity-provider subject an account is linked to, and whether it has a
 * password. The profile page says so; an account without a password has none to change.
 */
public interface SsoIdentities {

    /**
     * The provider identity linked to an account.
     *
     * @param issuer   the provider's issuer URI
     * @param subject  the provider's subject ({@code sub}) of the person
     * @param linkedAt when the account was first linked (its first SSO sign-in)
     * @param lastSignInAt its last SSO sign-in
     */
    record Identity(String issuer, String subject, Instant linkedAt, Instant lastSignInAt) {}

    /** The identity linked to {@code userId}, if the person has ever signed in with SSO. */
    Optional<Identity> identityOf(UUID userId);

    /** Whether {@code userId} has a password (people created by SSO or SCIM have none). */
    boolean hasPassword(UUID userId);
}
