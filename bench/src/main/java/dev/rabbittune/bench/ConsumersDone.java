package dev.rabbittune.bench;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * Whether the consumers have ended the run, as PerfTest's consumers do: every one has taken its {@code --cmessages},
 * or with {@code --exit-when idle} no delivery came for more than a second, or with {@code --exit-when empty} none
 * came for a second and the queues hold nothing ready (PerfTest's Consumer.maybeStopIfNoActivityOrQueueEmpty). Asked
 * from the engine's sampling thread only.
 */
final class ConsumersDone {

    private static final long IDLE_NANOS = 1_000_000_000L;

    private final RunControl control;
    private final List<QueueConsumer> consumers;
    private final int expected;
    private final LongSupplier received;
    private final LongSupplier messagesReady;
    private long lastReceived = -1;
    private long lastActivity = System.nanoTime();

    /** {@code expected}: how many consumers the run has once all have started. */
    ConsumersDone(RunControl control, List<QueueConsumer> consumers, int expected, LongSupplier received,
                  LongSupplier messagesReady) {
        this.expected = expected;
        this.control = control;
        this.consumers = consumers;
        this.received = received;
        this.messagesReady = messagesReady;
    }

    boolean reached(long now) {
        if (consumers.size() < expected) {
            return false; // some start later (consumer-start-delay, slow-start): they want their messages too
        }
        if (control.consumerMessages() > 0 && !consumers.isEmpty()
                && consumers.stream().allMatch(QueueConsumer::reachedLimit)) {
            return true;
        }
        if (control.exitWhen() == RunControl.ExitWhen.NEVER || consumers.isEmpty()) {
            return false;
        }
        long count = received.getAsLong();
        if (count != lastReceived) {
            lastReceived = count;
            lastActivity = now;
            return false;
        }
        if (now - lastActivity <= IDLE_NANOS) {
            return false;
        }
        return control.exitWhen() == RunControl.ExitWhen.IDLE || messagesReady.getAsLong() == 0;
    }
}
