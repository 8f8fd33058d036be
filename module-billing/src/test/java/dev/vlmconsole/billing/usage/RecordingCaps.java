package dev.vlmconsole.billing.usage;

import dev.vlmconsole.billing.plans.Caps;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records each {@link Caps#afterChange} call. */
final class RecordingCaps implements Caps {

    record Call(UUID workspaceId, Set<UUID> keys) {}

    final List<Call> calls = new CopyOnWriteArrayList<>();

    @Override
    public void afterChange(UUID workspaceId, Collection<UUID> keys) {
        calls.add(new Call(workspaceId, Set.copyOf(keys)));
    }
}
