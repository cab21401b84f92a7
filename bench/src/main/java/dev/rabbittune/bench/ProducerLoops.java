package dev.rabbittune.bench;

import dev.rabbittune.client.WriteCoalescing;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/** Threads that drive producers: one per unlimited producer, or a few pacing threads for rate-limited ones. */
final class ProducerLoops {

    /** What the loops ask of the run: keep going? and where to report a failure. */
    interface Control {
        boolean publishing();

        void failed(Exception e);

        /** Whether flat-out producers coalesce their writes (their connections were opened for it). */
        default boolean coalescesWrites() {
            return false;
        }

    }

    private final List<Thread> threads = new ArrayList<>();
    private final PacedProducers paced;
    private final boolean fixedRate;

    ProducerLoops(List<Producer> producers, Workload workload, Control control) {
        ProducerPacing pacing = workload.pacing();
        fixedRate = workload.fixedRate();
        if (pacing.paced(workload.ratePerProducer())) {
            paced = new PacedProducers(producers, workload.pacingThreads(), workload.ratePerProducer(),
                    workload.fixedRate(), pacing, control);
            threads.addAll(paced.threads());
            return;
        }
        paced = null;
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < producers.size(); i++) {
            Producer producer = producers.get(i);
            long delayNanos = pacing.randomStartDelaySeconds() == 0 ? 0
                    : random.nextLong(pacing.randomStartDelaySeconds() * 1_000_000_000L);
            boolean coalesce = control.coalescesWrites();
            Thread thread = new Thread(() -> runFlatOut(producer, delayNanos, control, coalesce),
                    "rabbittune-producer-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
    }

    /**
     * Fixed rate: slots due by {@code stopNanos} and never sent (see {@link PacedProducers#missed}); else 0. A paced
     * run that is not at a fixed rate measures from the real send and promises no schedule: a slot it had no time
     * for is a lower rate, which the rate check reports, not a message missing.
     */
    long missed(long stopNanos, java.util.function.LongConsumer ages) {
        return paced == null || !fixedRate ? 0 : paced.missed(stopNanos, ages);
    }

    void start() {
        threads.forEach(Thread::start);
    }

    boolean allDone() {
        for (Thread thread : threads) {
            if (thread.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /** Waits for the loops to end; those still blocked (a full confirm window) are interrupted. */
    void join(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        for (Thread thread : threads) {
            thread.join(Math.max(1, deadline - System.currentTimeMillis()));
        }
        for (Thread thread : threads) {
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(1000);
            }
        }
    }

    private static void runFlatOut(Producer producer, long startDelayNanos, Control control, boolean coalesce) {
        if (coalesce) {
            WriteCoalescing.deferFlushes();
        }
        try {
            long startAt = System.nanoTime() + startDelayNanos;
            while (control.publishing() && System.nanoTime() < startAt) {
                LockSupport.parkNanos(Math.min(startAt - System.nanoTime(), 50_000_000L));
            }
            while (control.publishing() && producer.publishOne(System.nanoTime(), control::publishing)) {
                // publishOne does the work; the confirm window blocks when the broker falls behind
            }
            WriteCoalescing.flushDeferred(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            control.failed(e);
        }
    }
}
