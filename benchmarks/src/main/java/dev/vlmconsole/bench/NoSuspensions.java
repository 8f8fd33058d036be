package dev.vlmconsole.bench;

import dev.vlmconsole.api.services.WorkspaceStatus;
import java.util.Optional;
import java.util.UUID;

/** The benchmarks' installs suspend no workspace: the verifier's check costs a map lookup in the console. */
enum NoSuspensions implements WorkspaceStatus {
    INSTANCE;

    @Override
    public boolean isSuspended(UUID workspaceId) {
        return false;
    }

    @Override
    public Optional<Suspension> suspension(UUID workspaceId) {
        return Optional.empty();
    }
}
