package dev.vlmconsole.api;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A permission a module defines, such as {@code keys.manage}, and the roles that hold it.
 *
 * <p><strong>Construct it with {@link #builder}</strong>, which checks each value as it is given:
 * <pre>{@code
 * Permission.builder("keys.manage_all")
 *         .description("Manage every key of the workspace")
 *         .grantedTo(Role.OWNER, Role.ADMIN)
 *         .build();
 * }</pre>
 * Components may be added to this record in a later minor version of the contract; each such
 * version keeps a constructor with the old parameter list, so code compiled against an older
 * version still loads, but source that calls the canonical constructor may have to change. The
 * builder never does. (Decision record DD010.)
 *
 * @param key         unique key, conventionally {@code <module>.<verb>}
 * @param description what it allows, in plain words
 * @param grantedTo   roles that hold it in a workspace
 */
public record Permission(String key, String description, Set<Role> grantedTo) {

    /** Checks what 1.0 checked; the {@linkplain #builder builder} checks more, and earlier. */
    public Permission {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(description, "description");
        grantedTo = Set.copyOf(grantedTo);
    }

    /** Whether a member with this role holds the permission. */
    public boolean isGrantedTo(Role role) {
        return grantedTo.contains(role);
    }

    /**
     * Starts a permission; then {@link Builder#description describe} it and say which roles it is
     * {@link Builder#grantedTo granted to}.
     *
     * @param key {@code <module>.<verb>} in lower-case letters, digits and underscores, such as {@code keys.read}
     * @throws IllegalArgumentException when the key does not have that shape
     */
    public static Builder builder(String key) {
        return new Builder(key);
    }

    /** Builds a {@link Permission}; every setter checks its value at once. */
    public static final class Builder {

        private final String key;
        private @Nullable String description;
        private @Nullable Set<Role> grantedTo;

        private Builder(String key) {
            this.key = Descriptors.permissionKey(key);
        }

        /** What the permission allows, in plain words, for administrators; required, not blank. */
        public Builder description(String description) {
            this.description = Descriptors.text("description", description);
            return this;
        }

        /** The roles that hold it; at least one (a permission nobody holds is a mistake). */
        public Builder grantedTo(Role first, Role... more) {
            Objects.requireNonNull(first, "role");
            EnumSet<Role> roles = EnumSet.of(first);
            Arrays.stream(more).map(r -> Objects.requireNonNull(r, "role")).forEach(roles::add);
            this.grantedTo = roles;
            return this;
        }

        /** The roles that hold it, at least one, such as {@code EnumSet.allOf(Role.class)}. */
        public Builder grantedTo(Set<Role> roles) {
            Objects.requireNonNull(roles, "roles");
            if (roles.isEmpty()) {
                throw new IllegalArgumentException("Grant " + key + " to at least one role");
            }
            roles.forEach(r -> Objects.requireNonNull(r, "role"));
            this.grantedTo = EnumSet.copyOf(roles);
            return this;
        }

        /** Grants it to every role, Viewer and Billing included. */
        public Builder grantedToEveryRole() {
            this.grantedTo = EnumSet.allOf(Role.class);
            return this;
        }

        /** The permission; throws {@link IllegalStateException} when the description or the roles are missing. */
        public Permission build() {
            return new Permission(
                    key,
                    Descriptors.required("description", description, key),
                    Descriptors.required("grantedTo", grantedTo, key));
        }
    }
}
