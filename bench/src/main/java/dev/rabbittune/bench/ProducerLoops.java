package dev.rabbittune.bench;

import dev.rabbittune.client.WriteCoalescing;
import java.util.ArrayList;
import java.util.List;

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

    ProducerLoops(List<Producer> producers, Workload workload, Control control) {
        if (workload.ratePerProducer() > 0) {
            paced = new PacedProducers(producers, workload.pacingThreads(), workload.ratePerProducer(),
                    workload.fixedRate(), control);
            threads.addAll(paced.threads());
            return;
        }
        paced = null;
        for (int i = 0; i < producers.size(); i++) {
            Producer producer = producers.get(i);
            boolean coalesce = control.coalescesWrites();
            Thread thread = new Thread(() -> runFlatOut(producer, control, coalesce), "rabbittune-producer-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
    }

    /** Fixed rate: slots due by {@code stopNanos} and never sent (see {@link PacedProducers#missed}); else 0. */
    long missed(long stopNanos, java.util.function.LongConsumer ages) {
        return paced == null ? 0 : paced.missed(stopNanos, ages);
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

    private static void runFlatOut(Producer producer, Control control, boolean coalesce) {
        if (coalesce) {
            WriteCoalescing.deferFlushes();
        }
        try {
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
