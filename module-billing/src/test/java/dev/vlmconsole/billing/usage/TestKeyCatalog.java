package dev.vlmconsole.billing.usage;

import dev.vlmconsole.api.services.KeyCatalog;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** Keys in memory, with requests per key and day, counting its {@link #find} calls. */
final class TestKeyCatalog implements KeyCatalog {

    private final Map<UUID, KeyFacts> keys = new ConcurrentHashMap<>();
    private final Map<UUID, Map<LocalDate, Long>> requests = new ConcurrentHashMap<>();
    final AtomicInteger finds = new AtomicInteger();

    KeyFacts add(UUID workspaceId, @Nullable String project) {
        UUID id = UUID.randomUUID();
        KeyFacts facts = new KeyFacts(id, workspaceId, "key " + keys.size(), "vlm_live_" + keys.size(), project, true);
        keys.put(id, facts);
        return facts;
    }

    void requests(UUID keyId, LocalDate day, long n) {
        requests.computeIfAbsent(keyId, k -> new ConcurrentHashMap<>()).merge(day, n, Long::sum);
    }

    @Override
    public Map<UUID, KeyFacts> find(Collection<UUID> keyIds) {
        finds.incrementAndGet();
        Map<UUID, KeyFacts> out = new HashMap<>();
        for (UUID id : keyIds) {
            KeyFacts f = keys.get(id);
            if (f != null) {
                out.put(id, f);
            }
        }
        return out;
    }

    @Override
    public List<KeyFacts> keysOf(UUID workspaceId) {
        List<KeyFacts> out = new ArrayList<>();
        for (KeyFacts f : keys.values()) {
            if (f.workspaceId().equals(workspaceId)) {
                out.add(f);
            }
        }
        return out;
    }

    @Override
    public Map<LocalDate, Long> dailyRequests(
            UUID workspaceId, @Nullable UUID keyId, @Nullable String project, LocalDate from, LocalDate to) {
        Map<LocalDate, Long> out = new HashMap<>();
        for (KeyFacts f : keysOf(workspaceId)) {
            if ((keyId != null && !keyId.equals(f.keyId()))
                    || (project != null && !Objects.equals(project, f.project()))) {
                continue;
            }
            requests.getOrDefault(f.keyId(), Map.of()).forEach((day, n) -> {
                if (!day.isBefore(from) && !day.isAfter(to)) {
                    out.merge(day, n, Long::sum);
                }
            });
        }
        return out;
    }
}
