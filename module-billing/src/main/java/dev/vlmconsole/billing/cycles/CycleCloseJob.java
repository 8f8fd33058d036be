package dev.vlmconsole.billing.cycles;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Runs {@link CycleClose#closeDue()} shortly after start-up and every five minutes, on one node of
 * the install at a time: the run holds the ShedLock lock {@value #LOCK_NAME} (a row of the
 * {@code shedlock} table, timed by the database's clock); a node that finds it held skips its run.
 * The lock is an optimisation, not the guarantee: the close itself is idempotent per workspace and
 * cycle (DD021), so a lock that lapsed (a run longer than {@link #LOCK_AT_MOST}) bills nothing twice.
 */
public class CycleCloseJob {

    /** The lock's name in the {@code shedlock} table. */
    public static final String LOCK_NAME = "billing-cycle-close";
    /** How long a run may hold the lock if its node dies mid-run. */
    public static final Duration LOCK_AT_MOST = Duration.ofMinutes(30);
    /** How long the lock stays held after a quick run, so that nodes' runs do not follow each other. */
    public static final Duration LOCK_AT_LEAST = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(CycleCloseJob.class);

    private final CycleClose close;
    private final LockingTaskExecutor executor;

    public CycleCloseJob(CycleClose close, LockProvider locks) {
        this.close = close;
        this.executor = new DefaultLockingTaskExecutor(locks);
    }

    /** The scheduled run: 20 seconds after start-up (catching up what was missed), then every 5 minutes. */
    @Scheduled(initialDelay = 20, fixedDelay = 300, timeUnit = TimeUnit.SECONDS)
    public void scheduledRun() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.error("The billing cycle close failed; it runs again in five minutes", e);
        }
    }

    /**
     * Closes what is due if this node gets the lock.
     *
     * @return the cycles closed, or {@code null} when another node holds the lock
     */
    public @Nullable List<CycleClose.Closed> runOnce() {
        LockConfiguration lock = new LockConfiguration(ClockProvider.now(), LOCK_NAME, LOCK_AT_MOST, LOCK_AT_LEAST);
        try {
            LockingTaskExecutor.TaskResult<List<CycleClose.Closed>> result = executor.executeWithLock(
                    (LockingTaskExecutor.TaskWithResult<List<CycleClose.Closed>>) close::closeDue, lock);
            if (!result.wasExecuted()) {
                log.debug("The billing cycle close runs on another node now");
                return null;
            }
            List<CycleClose.Closed> closed = result.getResult();
            if (!closed.isEmpty()) {
                log.info("Closed {} billing cycle(s)", closed.size());
            }
            return closed;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
