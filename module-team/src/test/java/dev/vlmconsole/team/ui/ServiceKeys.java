package dev.vlmconsole.team.ui;

import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.api.InvalidInputException;
import dev.vlmconsole.api.PermissionDeniedException;
import dev.vlmconsole.api.Role;
import dev.vlmconsole.api.services.KeyCatalog;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * A TEST DOUBLE of the keys module's {@link KeyCatalog} service keys (module-api 1.5), in memory, for
 * the Team page's SCIM card: Owners only create and revoke (as the contract says the keys module
 * checks), keys of another workspace answer like unknown ones. The keys module's own implementation
 * is tested there.
 */
final class ServiceKeys implements KeyCatalog {

    private record Stored(KeyFacts facts, String scope) {}

    private final ConsoleContext context;
    private final List<Stored> keys = new CopyOnWriteArrayList<>();

    ServiceKeys(ConsoleContext context) {
        this.context = context;
    }

    @Override
    public IssuedKey createServiceKey(String name, String scope) {
        requireOwner();
        if (name == null || name.isBlank() || name.length() > 100) {
            throw InvalidInputException.of("name", "Give the key a name of at most 100 characters.");
        }
        String secret = "vlm_admin_" + UUID.randomUUID().toString().replace("-", "");
        KeyFacts facts =
                new KeyFacts(UUID.randomUUID(), context.workspaceId(), name, secret.substring(0, 14), null, true);
        keys.addFirst(new Stored(facts, scope));
        return new IssuedKey(facts, secret);
    }

    @Override
    public List<KeyFacts> serviceKeysOf(UUID workspaceId, String scope) {
        return keys.stream()
                .filter(k -> k.facts().workspaceId().equals(workspaceId)
                        && k.scope().equals(scope)
                        && k.facts().active())
                .map(Stored::facts)
                .toList();
    }

    @Override
    public void revokeServiceKey(UUID keyId) {
        requireOwner();
        Stored found = keys.stream()
                .filter(k -> k.facts().keyId().equals(keyId)
                        && k.facts().workspaceId().equals(context.workspaceId())
                        && k.facts().active())
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("No such key in this workspace."));
        KeyFacts f = found.facts();
        keys.set(
                keys.indexOf(found),
                new Stored(new KeyFacts(f.keyId(), f.workspaceId(), f.name(), f.prefix(), null, false), found.scope()));
    }

    /** A SCIM key of {@code workspaceId} made outside the page (by the machine API, say). */
    KeyFacts add(UUID workspaceId, String name) {
        KeyFacts facts = new KeyFacts(UUID.randomUUID(), workspaceId, name, "vlm_admin_AbCd", null, true);
        keys.addFirst(new Stored(facts, "scim"));
        return facts;
    }

    private void requireOwner() {
        if (context.requireWorkspace().role() != Role.OWNER) {
            throw new PermissionDeniedException("keys.service");
        }
    }

    @Override
    public Map<UUID, KeyFacts> find(Collection<UUID> keyIds) {
        return Map.of();
    }

    @Override
    public List<KeyFacts> keysOf(UUID workspaceId) {
        return new ArrayList<>(serviceKeysOf(workspaceId, "scim"));
    }

    @Override
    public Map<LocalDate, Long> dailyRequests(
            UUID workspaceId, @Nullable UUID keyId, @Nullable String project, LocalDate from, LocalDate to) {
        return Map.of();
    }
}
