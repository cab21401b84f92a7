package dev.rabbittune.bench;

/**
 * What happens to published messages, reported by a {@link Publisher}. Called from the connection's I/O thread
 * (confirms, returns) or the publishing thread (sends); implementations must be cheap and thread-safe.
 */
interface PublishEvents {

    /** One message was handed to the channel; {@code stampNanos} is the time it carries. */
    default void sent(long stampNanos) {
    }

    /** The broker confirmed one message, {@code latencyNanos} after its stamp. */
    default void confirmed(long latencyNanos) {
    }

    /**
     * The broker negatively acknowledged one message (it was not taken responsibility for).
     *
     * @param id the run's identity of the message ({@link Producer#id}), -1 when unknown
     */
    default void nacked(long latencyNanos, long id) {
    }

    /** A message was published but its channel went before the broker confirmed or nacked it. */
    default void unconfirmed(long id) {
    }

    /** A mandatory message could not be routed to any queue and came back (basic.return); {@code id} or -1. */
    default void returned(long id) {
    }

    /** A publish waited {@code nanos} for a free slot in a full confirm window. */
    default void waitedForSlot(long nanos) {
    }

    /** A transaction of {@code messages} publishes was committed. */
    default void committed(int messages) {
    }

    PublishEvents NONE = new PublishEvents() {
    };
}
