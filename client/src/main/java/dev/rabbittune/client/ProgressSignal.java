package dev.rabbittune.client;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Wakes a thread waiting for the publisher to get somewhere (a future completed, the connection failed, the publisher
 * closed) instead of it polling with sleeps. Whatever changes a waited-for condition calls {@link #pulse} after the
 * change; a waiter re-reads its condition on each wake-up.
 *
 * <p>{@link #pulse} is cheap when nobody waits (one volatile read) and never blocks for long: its lock is held only
 * to signal and by waiters between their check and their wait, so the connection's thread may call it.
 */
final class ProgressSignal {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // counted before a waiter checks its condition: a pulse after a change either sees it or the waiter sees the change
    private final AtomicInteger waiters = new AtomicInteger();

    void pulse() {
        if (waiters.get() == 0) {
            return;
        }
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until {@code done} holds or {@code deadlineNanos} ({@link System#nanoTime}) passes.
     *
     * @return whether {@code done} held
     */
    boolean awaitUntil(BooleanSupplier done, long deadlineNanos) throws InterruptedException {
        waiters.incrementAndGet();
        lock.lock();
        try {
            while (!done.getAsBoolean()) {
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                changed.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
            waiters.decrementAndGet();
        }
    }

    /** {@link #awaitUntil} for {@code time} from now. */
    boolean awaitUntil(BooleanSupplier done, long time, TimeUnit unit) throws InterruptedException {
        return awaitUntil(done, System.nanoTime() + unit.toNanos(time));
    }
}
