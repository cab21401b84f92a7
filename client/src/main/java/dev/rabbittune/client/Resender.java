package dev.rabbittune.client;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The publisher's own thread for what must not run on the connection's thread (which also reads the frames a publish
 * may wait for): nack retries, channel switching, republishing after recovery, failing everything when the
 * connection closed for good. One thread, so these run one at a time and in the order asked.
 */
final class Resender {

    private final ExecutorService executor;
    private volatile Thread thread;

    Resender() {
        this.executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread created = new Thread(runnable, "rabbittune-publisher-resend");
            created.setDaemon(true);
            thread = created;
            return created;
        });
    }

    /** Runs {@code task} on the resender; false when the publisher is closing and the task will not run. */
    boolean run(Runnable task) {
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException closing) {
            return false;
        }
    }

    boolean isCurrentThread() {
        return Thread.currentThread() == thread;
    }

    /** Runs no more tasks; queued ones still run (and fail their messages: sends are refused by then). */
    void shutdown() {
        executor.shutdown();
    }

    void shutdownNow() {
        executor.shutdownNow();
    }

    boolean awaitTermination(long millis) throws InterruptedException {
        return executor.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }
}
