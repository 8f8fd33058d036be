package dev.vlmconsole.app.sso;

import dev.vlmconsole.api.Actor;
import dev.vlmconsole.api.AuditEntry;
import dev.vlmconsole.api.AuditLog;
import dev.vlmconsole.api.AuditTarget;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.app.modules.CoreModule;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@link GroupRoleMappings} on the {@code group_role_mappings} table (V11): Owners change
 * ({@link DomainClaims#SETTINGS}), Owners and Admins read ({@link CoreModule#SSO_READ}); each change is
 * audited in the workspace's log, under the workspace's row lock so that two Owners' changes of one group
 * apply one after the other. The highest role is the first in {@link Role}'s order (Owner, Admin, Member,
 * Billing, Viewer).
 */
@Service
class ConsoleGroupRoleMappings implements GroupRoleMappings {

    static final String TARGET_TYPE = SsoAuditTargets.GROUP;
    static final String MAPPED = "core.sso.group_mapped";
    static final String UNMAPPED = "core.sso.group_unmapped";
    static final int MAX_GROUP_LENGTH = 200;

    /** Input name of the role in {@link InvalidInputException#fieldErrors()}. */
    static final String ROLE = "role";

    private final ConsoleContext context;
    private final GroupRoleMappingRepository repository;
    private final AuditLog audit;

    ConsoleGroupRoleMappings(ConsoleContext context, GroupRoleMappingRepository repository, AuditLog audit) {
        this.context = context;
        this.repository = repository;
        this.audit = audit;
    }

    @Override
    @Transactional(readOnly = true)
    public List<Mapping> ofCurrentWorkspace() {
        context.require(CoreModule.SSO_READ);
        return repository.ofWorkspace(context.workspaceId());
    }

    @Override
    @Transactional
    public Mapping put(String group, Role role) {
        context.require(DomainClaims.SETTINGS);
        UUID workspaceId = context.workspaceId();
        String name = requireGroup(group);
        if (role == null) {
            throw InvalidInputException.of(ROLE, "Choose the role this group gives.");
        }
        repository.lockWorkspace(workspaceId);
        Optional<Role> before = repository.roleOf(workspaceId, name);
        if (before.isEmpty()) {
            repository.insert(workspaceId, name, role);
            record(workspaceId, MAPPED, name, "To " + role.label() + ".");
        } else if (before.get() != role) {
            repository.update(workspaceId, name, role);
            record(workspaceId, MAPPED, name, "From " + before.get().label() + " to " + role.label() + ".");
        }
        return new Mapping(name, role);
    }

    @Override
    @Transactional
    public void remove(String group) {
        context.require(DomainClaims.SETTINGS);
        UUID workspaceId = context.workspaceId();
        String name = group == null ? "" : group.strip();
        repository.lockWorkspace(workspaceId);
        Optional<Role> before = repository.roleOf(workspaceId, name);
        if (before.isPresent()) {
            repository.delete(workspaceId, name);
            record(workspaceId, UNMAPPED, name, "It gave " + before.get().label() + ".");
        }
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Role> roleFor(UUID workspaceId, Collection<String> groups) {
        List<String> named = groups.stream()
                .filter(Objects::nonNull)
                .filter(g -> !g.isEmpty() && g.length() <= MAX_GROUP_LENGTH)
                .distinct()
                .toList();
        if (named.isEmpty()) {
            return Optional.empty();
        }
        return repository.rolesOf(workspaceId, named).stream().min(Comparator.naturalOrder());
    }

    /** The group's name: surrounding white space removed, 1 to 200 characters, no control characters. */
    static String requireGroup(String group) {
        String name = group == null ? "" : group.strip();
        if (name.isEmpty()) {
            throw InvalidInputException.of(GROUP, "Enter the group's name as your identity provider sends it.");
        }
        if (name.length() > MAX_GROUP_LENGTH) {
            throw InvalidInputException.of(
                    GROUP,
                    "Keep the group's name to " + MAX_GROUP_LENGTH + " characters (it has " + name.length() + ").");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw InvalidInputException.of(GROUP, "A group's name has no line breaks or tabs.");
        }
        return name;
    }

    private void record(UUID workspaceId, String action, String group, String details) {
        Actor actor = context.actor();
        audit.record(new AuditEntry(
                workspaceId,
                actor,
                action,
                new AuditTarget(TARGET_TYPE, group, "Group " + group),
                details,
                context.sourceAddress().orElse("")));
    }
}
