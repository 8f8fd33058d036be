package dev.vlmconsole.billing.plans;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** A {@link Caps} that records its calls and whether each came inside a transaction. */
public final class RecordingCaps implements Caps {

    /** One call. */
    public record Call(UUID workspaceId, Set<UUID> keys, boolean inTransaction) {}

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    @Override
    public void afterChange(UUID workspaceId, Collection<UUID> keys) {
        calls.add(
                new Call(workspaceId, Set.copyOf(keys), TransactionSynchronizationManager.isActualTransactionActive()));
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public void clear() {
        calls.clear();
    }
}
