package dev.rabbittune.client;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.ShutdownListener;
import java.util.concurrent.TimeUnit;

/**
 * Tells, after a channel failed to open, whether that was the connection going down (automatic recovery will bring
 * it back, and the republishing after it sends everything) or a failure of its own. A socket error reaches the
 * publishing thread before the connection reports it closed, so it watches a while: woken by the connection's
 * shutdown and by each recovery start, not by polling.
 */
final class ConnectionFailureWatch {

    // how long a failed channel open looks for the connection failure that may have caused it
    private static final long CONNECTION_FAILURE_GRACE_MS = 2_000;

    private final Connection connection;
    private final PublisherState state;
    private final ProgressSignal progress;
    private final ShutdownListener wake;

    ConnectionFailureWatch(Connection connection, PublisherState state, ProgressSignal progress) {
        this.connection = connection;
        this.state = state;
        this.progress = progress;
        this.wake = cause -> progress.pulse();
    }

    void start() {
        connection.addShutdownListener(wake);
    }

    void stop() {
        connection.removeShutdownListener(wake);
    }

    /** True when the connection is going down (or failed again since {@code failuresSoFar}) and will recover. */
    boolean connectionFailing(int failuresSoFar) {
        if (!(connection instanceof Recoverable)) {
            return false;
        }
        try {
            if (progress.awaitUntil(() -> !connection.isOpen() || state.failures() != failuresSoFar,
                    CONNECTION_FAILURE_GRACE_MS, TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !connection.isOpen();
    }
}
