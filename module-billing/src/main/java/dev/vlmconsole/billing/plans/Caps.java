package dev.vlmconsole.billing.plans;

import java.util.Collection;
import java.util.UUID;

/**
 * Keeps "may this workspace (this key) still spend" true to the ledger. Whoever changes a balance,
 * usage, a limit, a budget or a plan calls {@link #afterChange} in that same transaction.
 */
public interface Caps {

    /**
     * Recomputes whether {@code workspaceId} has reached a hard limit or run out of credits and which of
     * {@code keys} have spent their budgets; stores the result, publishes it on the change feed when it
     * changed (so every node's verification sees it within a second of the commit), and queues the
     * alert emails of thresholds crossed for the first time this cycle. Cheap: called once per
     * workspace per ingested batch.
     *
     * @param keys keys whose usage just changed (may be empty)
     */
    void afterChange(UUID workspaceId, Collection<UUID> keys);
}
