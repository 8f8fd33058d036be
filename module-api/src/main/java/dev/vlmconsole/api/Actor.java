package dev.vlmconsole.api;

import java.util.Objects;
import java.util.UUID;

/**
 * Who is acting: a signed-in person or, on the machine API, an API key.
 *
 * @param kind        person or API key
 * @param id          user id for a person, key id for an API key
 * @param email       the person's email, or the owner's email for a key (may be empty; null is taken as empty)
 * @param displayName name to show in the audit log (blank or null: the email)
 * @param operator    whether the actor acts as platform support staff (an operator in a support session,
 *                    or on the Operators pages: see {@link #asOperator()}); since 1.4 not set for an
 *                    operator acting as a member of their own workspace; never true for a workspace key
 */
public record Actor(Kind kind, UUID id, String email, String displayName, boolean operator) {

    /** What kind of principal acts. */
    public enum Kind {
        USER,
        API_KEY,
        SYSTEM
    }

    /** The console itself acting (start-up jobs, schedulers). */
    public static final Actor SYSTEM = new Actor(Kind.SYSTEM, new UUID(0, 0), "", "system", false);

    public Actor {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        email = email == null ? "" : email;
        displayName = displayName == null || displayName.isBlank() ? email : displayName;
    }

    /**
     * This actor marked as platform support staff acting as such: the audit log shows its entries as
     * operator actions, which the workspace's members can see. Services that act for operators (on
     * pages and calls that require {@link Permissions#OPERATOR}) record with {@code actor().asOperator()}.
     *
     * @since 1.4
     */
    public Actor asOperator() {
        return operator ? this : new Actor(kind, id, email, displayName, true);
    }
}
