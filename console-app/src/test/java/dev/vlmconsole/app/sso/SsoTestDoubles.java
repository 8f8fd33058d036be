package dev.vlmconsole.app.sso;

import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.PendingInvitations;
import dev.vlmconsole.app.account.Emails;
import dev.vlmconsole.app.scim.ScimRoles;
import dev.vlmconsole.app.workspaces.WorkspaceRepository;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Stand-ins for the services other parts of issue 11 provide (Team's pending invitations, the domain
 * claims and group mappings of the SSO settings pages, SCIM's roles), so that single sign-on's decisions
 * can be tested before those are merged. Primary, so that they win over the real ones once merged.
 */
@TestConfiguration(proxyBeanMethods = false)
class SsoTestDoubles {

    @Bean
    @Primary
    Invitations testInvitations(WorkspaceRepository workspaces) {
        return new Invitations(workspaces);
    }

    @Bean
    @Primary
    Domains testDomains() {
        return new Domains();
    }

    @Bean
    @Primary
    Mappings testMappings() {
        return new Mappings();
    }

    @Bean
    @Primary
    Scim testScimRoles() {
        return new Scim();
    }

    /** Invitations kept in memory; accepting one adds the membership (inside the caller's transaction). */
    static final class Invitations implements PendingInvitations {
        private final WorkspaceRepository workspaces;
        final List<Pending> pending = new CopyOnWriteArrayList<>();
        final Set<UUID> refused = ConcurrentHashMap.newKeySet();

        Invitations(WorkspaceRepository workspaces) {
            this.workspaces = workspaces;
        }

        Pending invite(UUID workspaceId, String email, Role role) {
            Pending p = new Pending(
                    UUID.randomUUID(), workspaceId, email, role, Instant.now().plusSeconds(3600), null);
            pending.add(p);
            return p;
        }

        @Override
        public List<Pending> pendingFor(String email) {
            return pending.stream()
                    .filter(p -> Emails.normalize(p.email()).equals(Emails.normalize(email)))
                    .toList();
        }

        @Override
        public void accept(UUID invitationId, UUID userId) {
            Pending p = pending.stream()
                    .filter(i -> i.invitationId().equals(invitationId))
                    .findFirst()
                    .orElseThrow(NoSuchElementException::new);
            if (refused.contains(invitationId)) {
                throw new PermissionDeniedException("core.members.manage");
            }
            if (workspaces.membership(p.workspaceId(), userId).isEmpty()) {
                workspaces.insertMembership(p.workspaceId(), userId, p.role());
            }
            pending.remove(p);
        }

        @Override
        public Pending provision(String email, Role role) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int revokeProvisioned(String email) {
            throw new UnsupportedOperationException();
        }
    }

    /** Approved domain claims only. */
    static final class Domains implements DomainClaims {
        final Map<String, Claim> approved = new ConcurrentHashMap<>();

        void approve(String domain, UUID workspaceId, Role role) {
            approved.put(
                    domain,
                    new Claim(
                            UUID.randomUUID(),
                            workspaceId,
                            "claimed",
                            domain,
                            role,
                            Status.APPROVED,
                            Instant.now(),
                            "test",
                            Instant.now()));
        }

        @Override
        public Optional<Claim> approvedFor(String email) {
            String e = Emails.normalize(email);
            return Optional.ofNullable(approved.get(e.substring(e.indexOf('@') + 1)));
        }

        @Override
        public Claim request(String domain, Role defaultRole) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Claim> ofCurrentWorkspace() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Claim changeDefaultRole(UUID claimId, Role defaultRole) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void withdraw(UUID claimId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Claim> pending() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Claim> approved() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Claim approve(UUID claimId, String reason) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void reject(UUID claimId, String reason) {
            throw new UnsupportedOperationException();
        }
    }

    /** Group mappings per workspace; the highest mapped role wins. */
    static final class Mappings implements GroupRoleMappings {
        final Map<UUID, Map<String, Role>> byWorkspace = new ConcurrentHashMap<>();

        void map(UUID workspaceId, String group, Role role) {
            byWorkspace
                    .computeIfAbsent(workspaceId, w -> new ConcurrentHashMap<>())
                    .put(group, role);
        }

        @Override
        public Optional<Role> roleFor(UUID workspaceId, Collection<String> groups) {
            Map<String, Role> mapped = byWorkspace.getOrDefault(workspaceId, Map.of());
            return groups.stream().map(mapped::get).filter(r -> r != null).min(Comparator.comparingInt(Role::ordinal));
        }

        @Override
        public List<Mapping> ofCurrentWorkspace() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Mapping put(String group, Role role) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void remove(String group) {
            throw new UnsupportedOperationException();
        }
    }

    /** Workspaces whose roles SCIM groups set. */
    static final class Scim implements ScimRoles {
        final Set<UUID> managed = ConcurrentHashMap.newKeySet();

        @Override
        public boolean managesRoles(UUID workspaceId) {
            return managed.contains(workspaceId);
        }
    }
}
