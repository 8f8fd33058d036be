package dev.vlmconsole.billing.plans;

import dev.vlmconsole.api.services.KeyCatalog;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/** The keys module's {@link KeyCatalog} in memory: keys a test adds. */
public final class TestKeyCatalog implements KeyCatalog {

    private final List<KeyFacts> keys = new CopyOnWriteArrayList<>();

    /** Adds an active key to {@code workspaceId}; newest first in {@link #keysOf}. */
    public KeyFacts add(UUID workspaceId, String name) {
        KeyFacts key =
                new KeyFacts(UUID.randomUUID(), workspaceId, name, "vlm_live_" + name.substring(0, 2), null, true);
        keys.addFirst(key);
        return key;
    }

    /** Adds a revoked key. */
    public KeyFacts addRevoked(UUID workspaceId, String name) {
        KeyFacts key =
                new KeyFacts(UUID.randomUUID(), workspaceId, name, "vlm_live_" + name.substring(0, 2), null, false);
        keys.addFirst(key);
        return key;
    }

    @Override
    public Map<UUID, KeyFacts> find(Collection<UUID> keyIds) {
        Map<UUID, KeyFacts> out = new HashMap<>();
        keys.stream().filter(k -> keyIds.contains(k.keyId())).forEach(k -> out.put(k.keyId(), k));
        return out;
    }

    @Override
    public List<KeyFacts> keysOf(UUID workspaceId) {
        return keys.stream().filter(k -> k.workspaceId().equals(workspaceId)).toList();
    }

    @Override
    public Map<LocalDate, Long> dailyRequests(
            UUID workspaceId, @Nullable UUID keyId, @Nullable String project, LocalDate from, LocalDate to) {
        return Map.of();
    }
}
