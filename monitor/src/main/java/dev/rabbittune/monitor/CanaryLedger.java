package dev.rabbittune.monitor;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What became of each canary message: delivered in time (with its latency), timed out, delivered late, or lost.
 * A message is lost when the broker had confirmed it and it was not delivered within its TTL and one timeout of
 * grace (after that it never will be); a message never confirmed was never the broker's (a publish that failed,
 * or the connection went first) and is only a timeout. Times are {@link System#nanoTime} values passed in, so the
 * rules are tested without waiting.
 *
 * <p>Thread-safe: sends and expiry on the canary's threads, confirms and deliveries on the connection's. Each
 * message has one entry whose state moves once, by compare-and-set, from waiting to timed out, so a delivery racing
 * the expiry is either in time or late, never both, and a message delivered is never lost.
 */
final class CanaryLedger {

    /** What {@link #expire} found. */
    record Expired(int timeouts, int lost) {
    }

    private static final int WAITING = 0;
    private static final int TIMED_OUT = 1;
    private static final int DELIVERED = 2;

    private final long timeoutNanos;
    private final long goneNanos;
    /** each message not yet delivered and not past its TTL, by sequence */
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

    /**
     * @param timeoutNanos a message not delivered within this is a timeout
     * @param ttlNanos     the message's TTL: after it (and a timeout's grace) it can no longer be delivered
     */
    CanaryLedger(long timeoutNanos, long ttlNanos) {
        this.timeoutNanos = timeoutNanos;
        this.goneNanos = ttlNanos + timeoutNanos;
    }

    void sent(long seq, long at) {
        pending.put(seq, new Pending(at));
    }

    /** The broker confirmed {@code seq}: from now on, not delivering it is a loss. */
    void confirmed(long seq) {
        Pending p = pending.get(seq);
        if (p != null) {
            p.confirmed = true;
        }
    }

    /**
     * The connection was closed by this side (to reconnect): what it had received but not yet handed over is gone
     * by its own doing, so the messages in flight are no longer counted as lost (they still time out).
     */
    void connectionDropped() {
        pending.values().forEach(p -> p.confirmed = false);
    }

    /**
     * {@code seq} arrived at {@code at}: its latency when in time; empty when it had timed out (then {@code late}
     * runs) or is not one this ledger expects (a duplicate, or past its TTL).
     */
    OptionalLong delivered(long seq, long at, Runnable late) {
        Pending p = pending.remove(seq);
        if (p == null) {
            return OptionalLong.empty();
        }
        if (p.state.compareAndSet(WAITING, DELIVERED)) {
            return OptionalLong.of(at - p.sentAt);
        }
        late.run();
        return OptionalLong.empty();
    }

    /** Counts the messages past the timeout (once each), and drops those past their TTL, counting the lost. */
    Expired expire(long now) {
        int timeouts = 0;
        int lost = 0;
        for (Map.Entry<Long, Pending> e : pending.entrySet()) {
            Pending p = e.getValue();
            long age = now - p.sentAt;
            if (age > timeoutNanos && p.state.compareAndSet(WAITING, TIMED_OUT)) {
                timeouts++;
            }
            // remove(key, value) fails when a delivery took it first: a message delivered is never lost
            if (age > goneNanos && pending.remove(e.getKey(), p) && p.confirmed) {
                lost++;
            }
        }
        return new Expired(timeouts, lost);
    }

    private static final class Pending {
        final long sentAt;
        final AtomicInteger state = new AtomicInteger(WAITING);
        volatile boolean confirmed;

        Pending(long sentAt) {
            this.sentAt = sentAt;
        }
    }
}
