package dev.vlmconsole.testsupport;

import java.util.Objects;
import java.util.UUID;

/**
 * A workspace in a module test, made by {@link TestMembers#newWorkspace()}.
 *
 * @param id   workspace id
 * @param name workspace name
 */
public record TestWorkspace(UUID id, String name) {

    public TestWorkspace {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
    }
}
