package dev.vlmconsole.api.services;

import dev.vlmconsole.api.InvalidInputException;
import java.util.Optional;
import java.util.UUID;

/**
 * The people of this install, for a module that brings new people in (an invitation's accept
 * page, later an identity provider). The console owns accounts, passwords and sessions and applies
 * its own rules; a module never reads the console's tables or handles a password hash.
 *
 * <p>The methods that sign in or out act on the current HTTP request (a Vaadin view's request or a
 * controller's): they change the browser's session the way the sign-in page does (a new session id,
 * the person's other rules such as two-factor sign-in still applying on their next request).
 *
 * @since 1.2
 */
public interface Accounts {

    /** Input name of the email address in {@link InvalidInputException#fieldErrors()}. */
    String EMAIL = "email";
    /** Input name of the display name. */
    String NAME = "name";
    /** Input name of the password. */
    String PASSWORD = "password";

    /** A person of this install: never their password, never their sessions. */
    record Account(UUID id, String email, String displayName) {}

    /** The account with this email address, compared as the sign-in page compares it. */
    Optional<Account> byEmail(String email);

    /** The account with this id. */
    Optional<Account> byId(UUID id);

    /**
     * Creates an account with the console's rules for names, addresses and passwords (the same as
     * the first Owner's and a password change's), and audits it. The caller has established that
     * this address belongs to the person (they followed a link sent to it).
     *
     * @throws InvalidInputException on {@link #EMAIL}, {@link #NAME} or {@link #PASSWORD}, including an
     *                               address that already has an account; nothing is created
     */
    Account create(String email, String displayName, String password);

    /** The person signed in on the current request, if any (for pages that open without signing in). */
    Optional<Account> signedIn();

    /**
     * Signs {@code userId} in on the current request's browser session, as a successful sign-in
     * would, for a person who has just proven who they are on this request (they set their password
     * on an invitation's page).
     *
     * @throws IllegalStateException when there is no current request
     */
    void signIn(UUID userId);

    /** Signs the current browser session out (its other sessions stay signed in). */
    void signOut();
}
