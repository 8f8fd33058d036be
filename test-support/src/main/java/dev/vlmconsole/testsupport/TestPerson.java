package dev.vlmconsole.testsupport;

import dev.vlmconsole.api.Actor;
import java.util.Objects;
import java.util.UUID;

/**
 * A person in a module test, made by {@link TestMembers#newPerson()}.
 *
 * @param id          user id
 * @param email       email address
 * @param displayName name shown in the audit log
 * @param operator    whether the person is platform support staff
 */
public record TestPerson(UUID id, String email, String displayName, boolean operator) {

    public TestPerson {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(displayName, "displayName");
    }

    /** The acting principal this person is when signed in. */
    public Actor actor() {
        return new Actor(Actor.Kind.USER, id, email, displayName, operator);
    }
}
