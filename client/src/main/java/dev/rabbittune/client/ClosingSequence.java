package dev.rabbittune.client;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Closes a publisher (CLOSING → CLOSED) and returns within about its timeout whatever the broker does: waits for
 * the outstanding confirms, refuses further sends, stops the resender (its queued retries and republishing then fail
 * their messages), closes the channel (or own connection) and fails what is left. On the connection's own thread it
 * waits for nothing: that thread reads the confirms and close-oks.
 */
final class ClosingSequence {

    // close() gives the resender at least this long to finish the task it runs
    private static final long RESENDER_STOP_MS = 100;
    // close() waits at least this long for the broker's close-ok before it closes the socket
    private static final long CLOSE_OK_WAIT_MS = 1_000;

    /** What the publisher registered on its connection, to be taken off again. */
    @FunctionalInterface
    interface Deregistration {
        void run();
    }

    private final Connection connection;
    private final boolean ownsConnection;
    private final PublisherState state;
    private final BlockedState blocked;
    private final ConfirmTracker confirms;
    private final Outbox outbox;
    private final Resender resender;
    private final ReaderThreadGuard readers;

    ClosingSequence(Connection connection, boolean ownsConnection, PublisherState state, BlockedState blocked,
                    ConfirmTracker confirms, Outbox outbox, Resender resender, ReaderThreadGuard readers) {
        this.connection = connection;
        this.ownsConnection = ownsConnection;
        this.state = state;
        this.blocked = blocked;
        this.confirms = confirms;
        this.outbox = outbox;
        this.resender = resender;
        this.readers = readers;
    }

    /** See {@link ReliablePublisher#close(long, TimeUnit)}; {@code listeners} are removed once sends stop. */
    void close(long timeout, TimeUnit unit, Deregistration listeners) {
        state.closing();
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        boolean onReaderThread = readers.onReaderThread();
        boolean interrupted = false;
        boolean idle;
        try {
            if (!onReaderThread) {
                confirms.awaitSettled(timeout, unit, false);
            }
            // a publish writing to a socket the broker stopped reading (an alarm) holds the lock: wait no longer
            // (and not at all on the connection's thread, which other channels' work may be waiting for)
            idle = onReaderThread ? outbox.lock().tryLock()
                    : outbox.lock().tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            interrupted = true; // close all the same; the flag is set again on the way out
            idle = outbox.lock().tryLock();
        }
        state.closed();
        if (idle) {
            outbox.lock().unlock();
        }
        resender.shutdown(); // queued retries and republishing now fail their messages instead of sending
        if (!interrupted && !onReaderThread) {
            try {
                resender.awaitTermination(Math.max(RESENDER_STOP_MS,
                        TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        listeners.run();
        finishClosing(idle, onReaderThread, new PublishException("not confirmed before the publisher closed",
                new TimeoutException("no confirm within " + unit.toMillis(timeout) + " ms")),
                (int) Math.min(Integer.MAX_VALUE, Math.max(CLOSE_OK_WAIT_MS,
                        TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Closes the channel (or own connection) and fails what is left. A blocked broker reads nothing, not even a
     * close, so no close-ok comes until the alarm clears: the connection's socket closes after {@code closeMillis}.
     * A publish stuck writing also holds the socket's write lock, which even an abort takes; a channel's close-ok
     * cannot be read from the connection's own thread: then the closing goes on in the background, and the
     * outstanding futures fail once it is done.
     */
    private void finishClosing(boolean idle, boolean onReaderThread, PublishException unconfirmedAtClose,
                               int closeMillis) {
        Channel current = outbox.channel();
        boolean waitsForChannelClose = !ownsConnection && (onReaderThread || blocked.isBlocked());
        if (idle && !waitsForChannelClose) {
            closeChannel(current, true, closeMillis);
            outbox.failAll(unconfirmedAtClose); // confirms that had not arrived by now never will
            return;
        }
        Thread closer = new Thread(() -> {
            closeChannel(current, idle, closeMillis);
            outbox.failAll(unconfirmedAtClose);
        }, "rabbittune-publisher-close");
        closer.setDaemon(true);
        closer.start();
    }

    /**
     * Closes the publisher's channel, or its own connection (whose socket closes after {@code millis} without a
     * close-ok); aborts them when {@code gracefully} is false.
     */
    private void closeChannel(Channel current, boolean gracefully, int millis) {
        try {
            if (ownsConnection) {
                if (gracefully) {
                    connection.close(millis);
                } else {
                    connection.abort(millis);
                }
            } else if (current.isOpen() && gracefully) {
                current.close();
            } else {
                current.abort(); // a recovering channel: take it out of recovery too
            }
        } catch (IOException | TimeoutException | RuntimeException e) {
            // already gone: nothing left to release
        }
    }
}
