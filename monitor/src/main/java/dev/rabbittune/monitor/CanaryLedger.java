package dev.rabbittune.monitor;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What became of each canary message: delivered in time (with its latency), timed out, delivered late, or lost.
 * A message is lost when the broker had confirmed it and it was not delivered within its TTL and one timeout of
 * grace (after that it never will be); a message never confirmed was never the broker's (a publish that failed,
 * or the connection went first) and is only a timeout. Times are {@link System#nanoTime} values passed in, so the
 * rules are tested without waiting.
 *
 * <p>Thread-safe: sends and expiry on the canary's threads, confirms and deliveries on the connection's.
 */
final class CanaryLedger {

    /** What {@link #expire} found. */
    record Expired(int timeouts, int lost) {
    }

    private final long timeoutNanos;
    private final long goneNanos;
    /** each message neither delivered nor timed out, by sequence: its send time */
    private final Map<Long, Pending> outstanding = new ConcurrentHashMap<>();
    /** messages past the timeout that may still arrive, by sequence */
    private final Map<Long, Pending> overdue = new ConcurrentHashMap<>();

    /**
     * @param timeoutNanos a message not delivered within this is a timeout
     * @param ttlNanos     the message's TTL: after it (and a timeout's grace) it can no longer be delivered
     */
    CanaryLedger(long timeoutNanos, long ttlNanos) {
        this.timeoutNanos = timeoutNanos;
        this.goneNanos = ttlNanos + timeoutNanos;
    }

    void sent(long seq, long at) {
        outstanding.put(seq, new Pending(at));
    }

    /** The broker confirmed {@code seq}: from now on, not delivering it is a loss. */
    void confirmed(long seq) {
        Pending pending = outstanding.get(seq);
        if (pending == null) {
            pending = overdue.get(seq);
        }
        if (pending != null) {
            pending.confirmed = true;
        }
    }

    /**
     * {@code seq} arrived at {@code at}: its latency when in time; empty when it was already a timeout (then
     * {@code late} runs) or is not one this ledger expects (a duplicate, or past its TTL).
     */
    OptionalLong delivered(long seq, long at, Runnable late) {
        Pending pending = outstanding.remove(seq);
        if (pending != null) {
            return OptionalLong.of(at - pending.sentAt);
        }
        if (overdue.remove(seq) != null) {
            late.run();
        }
        return OptionalLong.empty();
    }

    /** Moves the messages past the timeout to overdue, and drops the overdue ones past their TTL. */
    Expired expire(long now) {
        int[] timeouts = {0};
        outstanding.entrySet().removeIf(e -> {
            boolean past = now - e.getValue().sentAt > timeoutNanos;
            if (past) {
                timeouts[0]++;
                overdue.put(e.getKey(), e.getValue());
            }
            return past;
        });
        int[] lost = {0};
        overdue.entrySet().removeIf(e -> {
            boolean gone = now - e.getValue().sentAt > goneNanos;
            if (gone && e.getValue().confirmed) {
                lost[0]++;
            }
            return gone;
        });
        return new Expired(timeouts[0], lost[0]);
    }

    private static final class Pending {
        final long sentAt;
        volatile boolean confirmed;

        Pending(long sentAt) {
            this.sentAt = sentAt;
        }
    }
}
