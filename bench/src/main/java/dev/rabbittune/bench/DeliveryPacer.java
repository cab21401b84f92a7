package dev.rabbittune.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * Spaces events at most {@code ratePerSecond} apart by parking the calling thread (a rate of 0 never waits), after
 * spending the simulated processing time of PerfTest's {@code --consumer-latency}/{@code --variable-latency} on each:
 * as PerfTest does (Consumer.BusyWaitConsumerLatency), below a millisecond by spinning, since parking that briefly
 * overshoots, and by parking above.
 */
final class DeliveryPacer {

    private static final long SPIN_BELOW_NANOS = 1_000_000L;

    private final long intervalNanos;
    private final VariableValues latencyMicros;
    private final long start = System.nanoTime();
    private long nextNanos;

    DeliveryPacer(double ratePerSecond) {
        this(ratePerSecond, null);
    }

    DeliveryPacer(double ratePerSecond, VariableValues latencyMicros) {
        this.intervalNanos = ratePerSecond > 0 ? (long) (1_000_000_000L / ratePerSecond) : 0;
        this.latencyMicros = latencyMicros;
        this.nextNanos = System.nanoTime();
    }

    void pace() {
        if (latencyMicros != null) {
            simulateProcessing(latencyMicros.valueAt(System.nanoTime() - start) * 1000);
        }
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

    private static void simulateProcessing(long nanos) {
        if (nanos <= 0) {
            return;
        }
        long until = System.nanoTime() + nanos;
        if (nanos >= SPIN_BELOW_NANOS) {
            LockSupport.parkNanos(nanos);
        }
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }
}
