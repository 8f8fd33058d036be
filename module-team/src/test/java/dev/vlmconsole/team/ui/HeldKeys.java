package dev.vlmconsole.team.ui;

import dev.vlmconsole.api.services.MemberResources;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** A test double of the keys module's {@link MemberResources}: the active keys each person holds, as the test says. */
final class HeldKeys implements MemberResources {

    private final Map<UUID, List<Resource>> held = new ConcurrentHashMap<>();

    void give(UUID userId, String... names) {
        held.put(
                userId,
                Arrays.stream(names)
                        .map(n -> new Resource(UUID.randomUUID().toString(), n))
                        .toList());
    }

    @Override
    public String title() {
        return "Active keys";
    }

    @Override
    public String onRemoval() {
        return "will be revoked";
    }

    @Override
    public Map<UUID, List<Resource>> heldBy(UUID workspaceId, Collection<UUID> userIds) {
        return userIds.stream().filter(held::containsKey).collect(Collectors.toMap(id -> id, held::get));
    }
}
