package dev.vlmconsole.api;

import java.util.Objects;
import java.util.UUID;

/**
 * The workspace an actor works in, and the actor's role there.
 *
 * @param id   workspace id
 * @param name workspace name
 * @param role the actor's role in it
 */
public record WorkspaceRef(UUID id, String name, Role role) {

    public WorkspaceRef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }
}
