package dev.rabbittune.client;

import dev.rabbittune.core.BadInputException;
import java.time.Duration;

/**
 * How a {@link BatchConsumer} takes messages.
 *
 * @param prefetch    unacknowledged deliveries per consumer; at least {@code maxBatch}, so a batch can fill
 * @param maxBatch    most deliveries handed to the handler at once
 * @param maxWait     a partial batch is handled once its first message waited this long
 * @param concurrency consumers (each its own channel and thread) on the queue
 * @param onFailure   what happens to a message its handler failed on, alone
 */
public record BatchSettings(int prefetch, int maxBatch, Duration maxWait, int concurrency, FailurePolicy onFailure) {

    /** Where a message goes when handling it failed. */
    public enum FailurePolicy {
        /** {@code basic.nack requeue=false}: to the queue's dead-letter exchange if it has one, else dropped */
        DEAD_LETTER,
        /** {@code basic.nack requeue=true}: back to the queue, to be delivered again (beware of poison loops) */
        REQUEUE
    }

    public BatchSettings {
        if (maxBatch < 1 || prefetch < maxBatch || prefetch > 65_535) {
            throw new BadInputException("batch consumer needs 1 <= maxBatch <= prefetch <= 65535, got maxBatch "
                    + maxBatch + " prefetch " + prefetch);
        }
        if (concurrency < 1) {
            throw new BadInputException("concurrency must be >= 1, got " + concurrency);
        }
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new BadInputException("maxWait must be > 0");
        }
    }

    /** Prefetch 500, batches of up to 100 or 50 ms, one consumer, failures to the dead-letter exchange. */
    public static BatchSettings defaults() {
        return new BatchSettings(500, 100, Duration.ofMillis(50), 1, FailurePolicy.DEAD_LETTER);
    }

    public BatchSettings withBatch(int newMaxBatch, Duration newMaxWait) {
        return new BatchSettings(Math.max(prefetch, newMaxBatch), newMaxBatch, newMaxWait, concurrency, onFailure);
    }

    public BatchSettings withConcurrency(int consumers) {
        return new BatchSettings(prefetch, maxBatch, maxWait, consumers, onFailure);
    }

    public BatchSettings withFailurePolicy(FailurePolicy policy) {
        return new BatchSettings(prefetch, maxBatch, maxWait, concurrency, policy);
    }
}
