package dev.vlmconsole.app.feed;

import java.time.Instant;

/**
 * The change feed of a single node (the embedded H2 database): a change is delivered to this node's
 * subscribers after its transaction commits, and there is no other node to tell. Always live.
 */
public final class InProcessChangeFeed extends ConsoleChangeFeed {

    private volatile boolean running;

    public InProcessChangeFeed() {
        resumed();
    }

    @Override
    protected void send(Change change) {
        // one node: delivering it here after commit is all there is to do
    }

    /** Nothing can be missed in the process: every change up to now has been delivered. */
    @Override
    public Instant lastConfirmed() {
        return Instant.now();
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
