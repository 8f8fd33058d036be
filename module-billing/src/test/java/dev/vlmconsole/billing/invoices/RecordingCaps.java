package dev.vlmconsole.billing.invoices;

import dev.vlmconsole.billing.plans.Caps;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** Caps for tests: remembers which workspaces were recomputed. */
final class RecordingCaps implements Caps {

    final List<UUID> calls = new CopyOnWriteArrayList<>();

    @Override
    public void afterChange(UUID workspaceId, Collection<UUID> keys) {
        calls.add(workspaceId);
    }
}
