package dev.vlmconsole.testsupport;

import dev.vlmconsole.api.services.WorkspaceStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's {@link WorkspaceStatus} for module tests: no workspace is suspended until the test
 * says so with {@link #suspend}, as an operator would (the console announces it to every node; here it
 * applies at once). {@link ModuleTestContext} provides one unless the test gives its own.
 *
 * @since 1.4
 */
public final class TestWorkspaceStatus implements WorkspaceStatus {

    private final Map<UUID, Suspension> suspended = new ConcurrentHashMap<>();

    /** Suspends {@code workspaceId} now, with {@code reason}. */
    public TestWorkspaceStatus suspend(UUID workspaceId, String reason) {
        suspended.put(workspaceId, new Suspension(workspaceId, reason, Instant.now()));
        return this;
    }

    /** Lifts {@code workspaceId}'s suspension. */
    public TestWorkspaceStatus resume(UUID workspaceId) {
        suspended.remove(workspaceId);
        return this;
    }

    @Override
    public boolean isSuspended(UUID workspaceId) {
        return suspended.containsKey(workspaceId);
    }

    @Override
    public Optional<Suspension> suspension(UUID workspaceId) {
        return Optional.ofNullable(suspended.get(workspaceId));
    }
}
