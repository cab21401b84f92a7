package dev.rabbittune.bench;

import java.util.concurrent.locks.LockSupport;

/** Spaces events at most {@code ratePerSecond} apart by parking the calling thread; a rate of 0 never waits. */
final class DeliveryPacer {

    private final long intervalNanos;
    private long nextNanos;

    DeliveryPacer(double ratePerSecond) {
        this.intervalNanos = ratePerSecond > 0 ? (long) (1_000_000_000L / ratePerSecond) : 0;
        this.nextNanos = System.nanoTime();
    }

    void pace() {
        if (intervalNanos == 0) {
            return;
        }
        long now = System.nanoTime();
        if (nextNanos > now) {
            LockSupport.parkNanos(nextNanos - now);
        } else {
            nextNanos = now;
        }
        nextNanos += intervalNanos;
    }
}
