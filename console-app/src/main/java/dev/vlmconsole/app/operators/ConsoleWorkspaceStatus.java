package dev.vlmconsole.app.operators;

import dev.vlmconsole.api.events.WorkspaceResumed;
import dev.vlmconsole.api.events.WorkspaceSuspended;
import dev.vlmconsole.api.services.ChangeFeed;
import dev.vlmconsole.api.services.WorkspaceStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link WorkspaceStatus} from memory: the suspended workspaces of the install, loaded at start and
 * kept current through the change feed's topic {@value #TOPIC}, whose payload is a workspace id. A
 * message reloads that one workspace, {@link ChangeFeed.Listener#resumed()} (a node that may have
 * missed messages) reloads them all; the reads run on a thread of their own, never on the feed's. On
 * the node that made the change, the suspending transaction's own event updates memory as it commits,
 * so that the next verification there already answers {@code SUSPENDED}.
 *
 * <p>While the feed is interrupted this node keeps serving what it last knew: a suspension or
 * resumption made elsewhere meanwhile reaches it when the feed resumes. DD027 says why that is
 * acceptable here, where a revoked key is not.
 */
@Component
class ConsoleWorkspaceStatus implements WorkspaceStatus, ChangeFeed.Listener, SmartLifecycle {

    /** The change-feed topic of suspensions and resumptions; the payload is the workspace id. */
    static final String TOPIC = "core.workspace_status";

    private static final Logger log = LoggerFactory.getLogger(ConsoleWorkspaceStatus.class);
    private static final long FIRST_RETRY_MILLIS = 1000;
    private static final long MAX_RETRY_MILLIS = 60_000;

    private final Map<UUID, Suspension> suspended = new ConcurrentHashMap<>();
    private final ChangeFeed feed;
    private final SuspensionRepository repository;
    private final TransactionTemplate tx;
    private ScheduledThreadPoolExecutor loader;
    private ChangeFeed.Subscription subscription;
    private volatile boolean running;

    ConsoleWorkspaceStatus(ChangeFeed feed, SuspensionRepository repository, TransactionTemplate tx) {
        this.feed = feed;
        this.repository = repository;
        this.tx = tx;
    }

    @Override
    public boolean isSuspended(UUID workspaceId) {
        return workspaceId != null && suspended.containsKey(workspaceId);
    }

    @Override
    public Optional<Suspension> suspension(UUID workspaceId) {
        return workspaceId == null ? Optional.empty() : Optional.ofNullable(suspended.get(workspaceId));
    }

    /** Announces a change of {@code workspaceId}'s status to every node; call inside the changing transaction. */
    void announce(UUID workspaceId) {
        feed.publish(TOPIC, workspaceId.toString());
    }

    @TransactionalEventListener
    void suspendedHere(WorkspaceSuspended event) {
        suspended.put(event.workspaceId(), new Suspension(event.workspaceId(), event.reason(), event.at()));
        reloadLater(event.workspaceId()); // after this put: a resumption committed elsewhere meanwhile wins
    }

    @TransactionalEventListener
    void resumedHere(WorkspaceResumed event) {
        suspended.remove(event.workspaceId());
        reloadLater(event.workspaceId());
    }

    @Override
    public void changed(String payload) {
        try {
            reloadLater(UUID.fromString(payload));
        } catch (IllegalArgumentException e) {
            log.warn("Ignoring a workspace status change that names no workspace: {}", payload);
        }
    }

    @Override
    public void interrupted(Instant lastConfirmed) {
        // keep serving what is known: DD027
    }

    @Override
    public void resumed() {
        submit(() -> reloadAll(FIRST_RETRY_MILLIS));
    }

    private void reloadLater(UUID workspaceId) {
        submit(() -> reloadOne(workspaceId));
    }

    private void reloadOne(UUID workspaceId) {
        try {
            Optional<Suspension> now = tx.execute(s -> repository.find(workspaceId));
            if (now != null && now.isPresent()) {
                suspended.put(workspaceId, now.get());
            } else {
                suspended.remove(workspaceId);
            }
        } catch (RuntimeException e) {
            // the feed is then interrupted too, and its resumption reloads everything
            log.warn("Could not read the status of workspace {}: {}", workspaceId, e.getMessage());
        }
    }

    private void reloadAll(long nextRetryMillis) {
        try {
            load();
        } catch (RuntimeException e) {
            log.warn(
                    "Could not load the suspended workspaces ({}); retrying in {} ms, serving what was known",
                    e.getMessage(),
                    nextRetryMillis);
            ScheduledThreadPoolExecutor l = loader;
            if (l != null && running) {
                try {
                    l.schedule(
                            () -> reloadAll(Math.min(nextRetryMillis * 2, MAX_RETRY_MILLIS)),
                            nextRetryMillis,
                            TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException stopping) {
                    // stopped meanwhile
                }
            }
        }
    }

    private void load() {
        Map<UUID, Suspension> all = new HashMap<>();
        tx.executeWithoutResult(s -> repository.all().forEach(x -> all.put(x.workspaceId(), x)));
        suspended.keySet().retainAll(all.keySet());
        suspended.putAll(all);
    }

    private void submit(Runnable work) {
        ScheduledThreadPoolExecutor l = loader;
        if (l != null && running) {
            try {
                l.execute(work);
            } catch (RejectedExecutionException stopping) {
                // stopping: nothing to load for
            }
        }
    }

    /** Loads every suspension before the node serves anything, then listens. */
    @Override
    public void start() {
        ScheduledThreadPoolExecutor l = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().daemon().name("workspace-status").factory());
        l.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        loader = l;
        running = true;
        reloadAll(FIRST_RETRY_MILLIS);
        subscription = feed.subscribe(TOPIC, this);
    }

    @Override
    public void stop() {
        running = false;
        if (subscription != null) {
            subscription.close();
        }
        if (loader != null) {
            loader.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the web server, as the keys' index: the first verification already knows. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }
}
