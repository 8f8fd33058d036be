package dev.vlmconsole.keys;

import dev.vlmconsole.api.services.MemberResources;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.transaction.annotation.Transactional;

/**
 * The keys module's {@link MemberResources}: a member's active (neither revoked nor expired) API
 * keys of a workspace, which {@link KeyEvents} revokes when they leave it. The Team page counts
 * them per member and names them before a removal.
 */
public class KeyResources implements MemberResources {

    private final KeyRepository keys;
    private final Clock clock;

    public KeyResources(KeyRepository keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public String title() {
        return "Active keys";
    }

    @Override
    public String onRemoval() {
        return "will be revoked";
    }

    /** Each key named as the Keys page shows it: its name and its prefix. */
    @Override
    @Transactional(readOnly = true)
    public Map<UUID, List<Resource>> heldBy(UUID workspaceId, Collection<UUID> userIds) {
        Map<UUID, List<Resource>> out = new LinkedHashMap<>();
        for (ApiKey key : keys.activeKeysOf(workspaceId, List.copyOf(userIds), clock.instant())) {
            out.computeIfAbsent(key.ownerUserId(), id -> new ArrayList<>())
                    .add(new Resource(key.id().toString(), key.name() + " (" + key.displayPrefix() + "…)"));
        }
        return out;
    }
}
