package dev.rabbittune.client;

import dev.rabbittune.core.BadInputException;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where consumer callbacks ({@code handleDelivery} and friends) run.
 *
 * <ul>
 *   <li>{@link #perConnection()}: amqp-client's default, a pool of twice the cores for each connection. Safe for any
 *       callback.</li>
 *   <li>{@link #sharedPool(int)}: one pool of N threads for every connection opened by one {@link Connections}. A
 *       channel's deliveries run one at a time anyway; with many connections the default leaves threads idle, and
 *       waking a parked thread per delivery costs more than a small delivery itself.</li>
 *   <li>{@link #onIoThread()}: on the thread that read the delivery from the socket, with no hand-off at all (about
 *       20% less client CPU per message on a 1 producer / 1 consumer benchmark). Only for callbacks that never block:
 *       while one runs, nothing else is read from its connection, and a callback that waits for a broker reply
 *       ({@code queueDeclare}, {@code waitForConfirms}, a synchronous {@code basicCancel}) deadlocks the
 *       connection.</li>
 * </ul>
 *
 * @param threads pool threads for {@link #sharedPool(int)}; 0 otherwise
 */
public record Dispatch(Kind kind, int threads) {

    public enum Kind { PER_CONNECTION, SHARED_POOL, IO_THREAD }

    public Dispatch {
        if (kind == Kind.SHARED_POOL ? threads < 1 : threads != 0) {
            throw new BadInputException("a shared dispatch pool needs >= 1 thread (and only a pool has threads), got "
                    + threads);
        }
    }

    public static Dispatch perConnection() {
        return new Dispatch(Kind.PER_CONNECTION, 0);
    }

    public static Dispatch sharedPool(int threads) {
        return new Dispatch(Kind.SHARED_POOL, threads);
    }

    public static Dispatch onIoThread() {
        return new Dispatch(Kind.IO_THREAD, 0);
    }

    /** The executor to give amqp-client's {@code ConnectionFactory.setSharedExecutor}, or null for its default. */
    ExecutorService executor() {
        return switch (kind) {
            case PER_CONNECTION -> null;
            case SHARED_POOL -> idleThreadsExit(threads);
            case IO_THREAD -> new CallerRuns();
        };
    }

    /**
     * amqp-client never shuts down a shared executor, and nobody else knows when its last connection closed: threads
     * idle for a minute end, so the pool of a {@link Connections} whose connections are gone frees everything.
     */
    private static ExecutorService idleThreadsExit(int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemonThreads("rabbittune-dispatch-"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Runs each task on the submitting thread. amqp-client submits a channel's pending callbacks from the connection's
     * reader thread right after queueing them, so they run there, in order, before the next frame is read.
     */
    private static final class CallerRuns extends AbstractExecutorService {
        private volatile boolean shutdown;

        @Override
        public void execute(Runnable task) {
            task.run();
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
