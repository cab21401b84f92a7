package dev.rabbittune.client;

import com.rabbitmq.client.BlockedListener;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Whether the broker blocks a connection (a memory or disk alarm: {@code connection.blocked}) and what a publish does
 * about it under a {@link PublisherSettings.BlockedPolicy}: wait up to the timeout for {@code connection.unblocked}, or
 * fail at once. A blocked broker reads nothing more from the connection.
 */
final class BlockedState implements BlockedListener {

    // how often a publish waiting for a window slot or the lock looks whether the broker blocked the connection
    private static final long CHECK_MS = 50;

    private final PublisherSettings.BlockedPolicy policy;
    private final Duration timeout;
    // its own lock: the connection's thread takes it on connection.unblocked and must never wait for a publisher
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition unblocked = lock.newCondition();
    private volatile String reason;
    private volatile long sinceNanos;

    BlockedState(PublisherSettings settings) {
        this.policy = settings.blockedPolicy();
        this.timeout = settings.blockedTimeout();
    }

    boolean isBlocked() {
        return reason != null;
    }

    @Override
    public void handleBlocked(String why) {
        if (reason == null) {
            sinceNanos = System.nanoTime(); // before the reason: a reader of the reason sees the time
        }
        reason = why;
    }

    @Override
    public void handleUnblocked() {
        clear();
    }

    /** A new connection starts unblocked; if the alarm is still on, the broker says so again. */
    void clear() {
        lock.lock();
        try {
            reason = null;
            unblocked.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * For a publish about to start: null when it may go on, else why it may not. Waits for the alarm to clear, up to
     * the timeout, unless the policy fails fast or {@code mustNotWait} (the connection's thread, which would read
     * connection.unblocked, and the publisher's resender, which has republishing to do).
     */
    String awaitUnblocked(boolean mustNotWait) throws InterruptedException {
        String now = reason;
        if (now == null) {
            return null;
        }
        if (mustNotWait || policy == PublisherSettings.BlockedPolicy.FAIL) {
            return now;
        }
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (reason != null && remaining > 0) {
                remaining = unblocked.awaitNanos(remaining);
            }
            String left = reason;
            return left == null ? null : stillBlocked(left);
        } finally {
            lock.unlock();
        }
    }

    /** A wait that can be taken in slices: a semaphore's or a lock's timed try. */
    @FunctionalInterface
    interface TimedTry {
        boolean tryFor(long time, TimeUnit unit) throws InterruptedException;
    }

    /**
     * Tries {@code attempt} until it succeeds (null) or the broker blocks the connection and the policy refuses to
     * wait longer (why): an alarm leaves what the publish waits for unread in the socket.
     */
    String waitUnlessBlocked(TimedTry attempt) throws InterruptedException {
        while (!attempt.tryFor(CHECK_MS, TimeUnit.MILLISECONDS)) {
            String refusal = refusalWhileWaiting();
            if (refusal != null) {
                return refusal;
            }
        }
        return null;
    }

    /**
     * For a publish already waiting: null while it may wait on, else why it fails now. It has waited at least since
     * the broker blocked: one that came while it was blocked waited in {@link #awaitUnblocked} instead.
     */
    private String refusalWhileWaiting() {
        String now = reason;
        if (now == null) {
            return null;
        }
        if (policy == PublisherSettings.BlockedPolicy.FAIL) {
            return now;
        }
        return System.nanoTime() - sinceNanos < timeout.toNanos() ? null : stillBlocked(now);
    }

    private String stillBlocked(String why) {
        long millis = timeout.toMillis();
        return why + " (still blocked after " + (millis % 1000 == 0 ? millis / 1000 + " s)" : millis + " ms)");
    }
}
