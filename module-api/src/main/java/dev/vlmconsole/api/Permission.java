package dev.vlmconsole.api;

import java.util.Objects;
import java.util.Set;

/**
 * A permission a module defines, such as {@code keys.manage}, and the roles that hold it.
 *
 * @param key         unique key, conventionally {@code <module>.<verb>}
 * @param description what it allows, in plain words
 * @param grantedTo   roles that hold it in a workspace
 */
public record Permission(String key, String description, Set<Role> grantedTo) {

    public Permission {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(description, "description");
        grantedTo = Set.copyOf(grantedTo);
    }

    /** Whether a member with this role holds the permission. */
    public boolean isGrantedTo(Role role) {
        return grantedTo.contains(role);
    }
}
