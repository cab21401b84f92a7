package dev.rabbittune.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.ShutdownSignalException;

/**
 * Whether a closed channel will come back: its connection failed (the broker closed it, or the socket broke) and
 * amqp-client's automatic recovery is on for it. A channel closed by a channel error (a missing exchange) does not
 * come back, with or without recovery.
 */
final class Recovery {

    private Recovery() {
    }

    static boolean willRecover(Channel channel) {
        if (!(channel instanceof Recoverable) || channel.isOpen()) {
            return false;
        }
        ShutdownSignalException reason = channel.getCloseReason();
        return reason != null && reason.isHardError() && !reason.isInitiatedByApplication();
    }

    /**
     * Whether {@code failure}, thrown by a call on {@code channel}, is its connection failing with recovery to come.
     * A write can fail on a reset socket before the reader thread has seen the connection go: then this waits up to
     * two seconds for the channel to close before it decides.
     */
    static boolean willRecover(Channel channel, Throwable failure) throws InterruptedException {
        if (!(channel instanceof Recoverable)) {
            return false;
        }
        if (connectionLevel(failure)) {
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (channel.isOpen() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
        return willRecover(channel);
    }

    private static boolean connectionLevel(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException signal) {
                return signal.isHardError();
            }
            if (t instanceof java.net.SocketException || t instanceof java.io.EOFException) {
                return true;
            }
        }
        return false;
    }

    /** Waits until {@code channel} is open again, or {@code stillWanted} turns false. */
    static void await(Channel channel, java.util.function.BooleanSupplier stillWanted) throws InterruptedException {
        while (stillWanted.getAsBoolean() && !channel.isOpen()) {
            // recovery retries every few seconds; nothing to do meanwhile but look cheaply
            Thread.sleep(20);
        }
    }
}
