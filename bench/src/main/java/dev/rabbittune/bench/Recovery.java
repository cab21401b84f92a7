package dev.rabbittune.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownListener;
import com.rabbitmq.client.ShutdownSignalException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Whether a closed channel will come back: its connection failed (the broker closed it, or the socket broke) and
 * amqp-client's automatic recovery is on for it. A channel closed by a channel error (a missing exchange) does not
 * come back, with or without recovery.
 */
final class Recovery {

    private static final long STILL_WANTED_MS = 100;
    private static final long CLOSE_WAIT_SECONDS = 5;

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
     * {@value #CLOSE_WAIT_SECONDS} seconds for the channel to close before it decides. (It was 2 s; once, on a
     * freshly installed broker, a run gave up about 3 s after a restart it should have ridden through. Whether this
     * wait was the cause is not established; a longer one costs nothing when the channel closes, as it does.)
     */
    static boolean willRecover(Channel channel, Throwable failure) throws InterruptedException {
        if (!(channel instanceof Recoverable)) {
            return false;
        }
        if (connectionLevel(failure) && channel.isOpen()) {
            CountDownLatch closed = new CountDownLatch(1);
            ShutdownListener listener = cause -> closed.countDown(); // called at once when it closed already
            channel.addShutdownListener(listener);
            try {
                closed.await(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            } finally {
                channel.removeShutdownListener(listener);
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

    /**
     * Waits until {@code channel} is open again (its recovery listener fires, or it reports itself open: amqp-client
     * swaps in the new channel a moment before it restores qos and confirm mode, which the callers cope with), or
     * {@code stillWanted} turns false (looked at every {@value #STILL_WANTED_MS} ms: nothing signals it).
     */
    static void await(Channel channel, BooleanSupplier stillWanted) throws InterruptedException {
        if (!(channel instanceof Recoverable recoverable)) {
            return;
        }
        CountDownLatch recovered = new CountDownLatch(1);
        RecoveryListener listener = new RecoveryListener() {
            @Override
            public void handleRecovery(Recoverable which) {
                recovered.countDown();
            }

            @Override
            public void handleRecoveryStarted(Recoverable which) {
                // back only once recovered
            }
        };
        recoverable.addRecoveryListener(listener);
        try {
            while (stillWanted.getAsBoolean() && !channel.isOpen()) {
                if (recovered.await(STILL_WANTED_MS, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } finally {
            recoverable.removeRecoveryListener(listener);
        }
    }
}
