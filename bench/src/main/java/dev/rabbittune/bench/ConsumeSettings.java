package dev.rabbittune.bench;

import dev.rabbittune.core.BadInputException;

/**
 * How a consumer takes messages from a queue.
 *
 * @param prefetch          unacknowledged deliveries the broker may push ({@code basic.qos}); 0 = unlimited
 * @param multiAckEvery     acknowledge with {@code multiple=true} every this many deliveries; 1 = each one
 * @param autoAck           the broker forgets a message once sent (no acks; loses messages on consumer failure)
 * @param ratePerSecond     most deliveries handled per second; 0 = unlimited
 * @param polling           {@code basic.get} in a loop instead of {@code basic.consume} (comparison mode: slow)
 * @param latencyMicros     time spent "processing" each delivery, in microseconds, possibly varying over the run
 *                          ({@code --consumer-latency}, {@code --variable-latency}); null = none
 * @param txSize            acknowledge in transactions committed every this many acks ({@code --ctxsize}); 0 = off
 * @param arguments         {@code basic.consume} arguments ({@code --consumer-args}, e.g. x-priority, x-stream-offset)
 * @param globalPrefetch    channel-wide prefetch ({@code basic.qos global=true}, {@code --global-qos}); 0 = none
 * @param pollingIntervalMillis with polling, wait this long before each {@code basic.get}; 0 = none
 * @param messageLimit      the consumer stops after this many deliveries; 0 = no limit
 * @param startDelaySeconds consumers start this long after producers do, so a backlog builds first (PerfTest's
 *                          {@code --consumer-start-delay}); 0 = before the producers
 * @param slowStart         a second's pause after each consumer starts, so they start one a second, and without a
 *                          start delay the producers a second after the last (PerfTest's {@code --slow-start})
 * @param nack              settle deliveries with {@code basic.nack} instead of {@code basic.ack} (PerfTest's
 *                          {@code --nack}), at the same points (every {@code multiAckEvery}, {@code multiple=true})
 * @param requeue           with {@code nack}, the broker puts the messages back in the queue (and delivers them
 *                          again); without, it drops or dead-letters them
 */
public record ConsumeSettings(int prefetch, int multiAckEvery, boolean autoAck, double ratePerSecond,
                              boolean polling, VariableValues latencyMicros, int txSize,
                              java.util.Map<String, Object> arguments, int globalPrefetch, int pollingIntervalMillis,
                              long messageLimit, int startDelaySeconds, boolean slowStart, boolean nack,
                              boolean requeue) {

    /** Settings without latency, transactions, arguments, global prefetch, polling interval, limit or delays. */
    public ConsumeSettings(int prefetch, int multiAckEvery, boolean autoAck, double ratePerSecond, boolean polling) {
        this(prefetch, multiAckEvery, autoAck, ratePerSecond, polling, null, 0, java.util.Map.of(), 0, 0, 0, 0,
                false, false, false);
    }

    /**
     * Whether the consumers nack with requeue, so the broker delivers the same messages again: each at its original
     * place in the queue if it can (https://www.rabbitmq.com/docs/nack), that is ahead of those not yet delivered.
     */
    public boolean requeuesNacked() {
        return nack && requeue;
    }

    /** True when handling a delivery can block the thread (a rate limit, a processing time, a commit). */
    public boolean mayBlock() {
        // a transaction commit is a synchronous call, which must not run on the connection's reader thread
        return ratePerSecond > 0 || latencyMicros != null || txSize > 0;
    }

    public ConsumeSettings {
        arguments = arguments == null ? java.util.Map.of() : java.util.Map.copyOf(arguments);
        if (txSize < 0 || globalPrefetch < 0 || pollingIntervalMillis < 0 || messageLimit < 0) {
            throw new BadInputException("consumer tx size, global prefetch, polling interval and message count must"
                    + " be >= 0");
        }
        if (startDelaySeconds < 0) {
            throw new BadInputException("consumer-start-delay must be >= 0 s, got " + startDelaySeconds);
        }

        if (nack && autoAck) {
            throw new BadInputException("nack needs acknowledgements: with auto-ack the broker settles every"
                    + " delivery itself", "drop auto-ack or nack", null);
        }
        if (txSize > 0 && autoAck) {
            throw new BadInputException("consumer transactions need acknowledgements", "drop auto-ack or ctxsize",
                    null);
        }
        if (prefetch < 0 || prefetch > 65535) {
            throw new BadInputException("prefetch must be between 0 and 65535, got " + prefetch);
        }
        if (multiAckEvery < 1) {
            throw new BadInputException("multi-ack-every must be >= 1, got " + multiAckEvery);
        }
        if (ratePerSecond < 0) {
            throw new BadInputException("consumer rate must be >= 0, got " + ratePerSecond);
        }
        if (!autoAck && !polling && prefetch > 0 && multiAckEvery > prefetch) {
            // the broker stops delivering at `prefetch` unacked messages, so an ack that waits for more never comes
            throw new BadInputException("multi-ack-every (" + multiAckEvery + ") exceeds prefetch (" + prefetch
                    + "): the consumer would stall", "use a prefetch at least as large as multi-ack-every", null);
        }
    }
}
