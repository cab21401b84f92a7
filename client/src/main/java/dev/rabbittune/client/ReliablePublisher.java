package dev.rabbittune.client;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Recoverable;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes with publisher confirms and never loses a message it has accepted: each {@link #publish} returns a future
 * completed when the broker confirms the message, failed when it is returned unroutable or nacked on every retry.
 *
 * <ul>
 *   <li>At most {@code window} messages are unconfirmed; {@code publish} blocks for room (back-pressure).</li>
 *   <li>Each message gets a {@code message-id} (unless it has one) so consumers can drop the duplicates that
 *       at-least-once delivery implies.</li>
 *   <li>When the connection fails, automatic recovery reconnects; every unconfirmed message is then published
 *       again on the recovered channel, in its original order.</li>
 *   <li>While the broker blocks the connection (memory or disk alarm) {@code publish} waits or fails fast as the
 *       {@link PublisherSettings.BlockedPolicy} says, also when it was already waiting for room in the window.</li>
 * </ul>
 *
 * <p>Thread-safe: publishing threads take turns on the one channel (a lock), confirms arrive on the connection's
 * thread, and retries and republishing run on a thread of the publisher's own, never on the connection's thread.
 * Batch publishing is a loop over {@link #publish} followed by {@link #awaitConfirms}; never transactions.
 *
 * <p>Inside, a front over named package-private parts: {@code PublisherState} (OPEN, RECOVERING, SWITCHING,
 * BLOCKED, CLOSING, CLOSED, BROKEN, and the transitions between them), {@code ConfirmTracker} (the window, and where
 * settling meets republishing), {@code ReturnMatcher}, {@code ReaderThreadGuard}, {@code Outbox} (the channel and
 * its lock), {@code ChannelSwitch}, {@code RecoveryRepublisher} and {@code ClosingSequence}.
 */
public final class ReliablePublisher implements AutoCloseable {

    private final Connection connection;
    private final BlockedState blocked;
    private final PublisherState state;
    private final ConfirmTracker confirms;
    private final ReturnMatcher returns = new ReturnMatcher();
    private final boolean mandatory;
    private final Resender resender = new Resender();
    private final ReaderThreadGuard readers = new ReaderThreadGuard(resender);
    private final Outbox outbox;
    private final ConnectionFailureWatch failureWatch;
    private final ChannelSwitch channelSwitch;
    private final RecoveryRepublisher republisher;
    private final ClosingSequence closing;
    private final String idPrefix = Long.toString(System.nanoTime() & 0xffffffffL, 36) + "-";
    private final AtomicLong idCounter = new AtomicLong();
    private final AtomicLong republished = new AtomicLong();

    private ReliablePublisher(Connection connection, boolean ownsConnection, PublisherSettings settings)
            throws IOException {
        this.connection = connection;
        ProgressSignal progress = new ProgressSignal();
        this.blocked = new BlockedState(settings);
        this.state = new PublisherState(blocked, progress);
        this.confirms = new ConfirmTracker(settings.window(), returns, progress);
        this.mandatory = settings.mandatory();
        this.outbox = new Outbox(state, confirms, mandatory, this::givenUp);
        this.failureWatch = new ConnectionFailureWatch(connection, state, progress);
        PublishingChannels channels = new PublishingChannels(connection, settings.maxNackRetries(),
                new PublishingChannels.Parts(state, confirms, returns, readers, resender, outbox, progress,
                        republished), this::closedByBroker);
        this.channelSwitch = new ChannelSwitch(connection, state, outbox, confirms, failureWatch, channels::open,
                republished);
        this.republisher = new RecoveryRepublisher(state, blocked, outbox, confirms, resender, failureWatch,
                channels::open, republished);
        this.closing = new ClosingSequence(connection, ownsConnection, state, blocked, confirms, outbox, resender,
                readers);
        try {
            outbox.useChannel(channels.open());
        } catch (IOException | RuntimeException e) {
            resender.shutdownNow();
            throw e;
        }
        connection.addBlockedListener(blocked);
        failureWatch.start();
        if (connection instanceof Recoverable recoverable) {
            // the connection's listener, not the channel's: it runs after topology recovery, so republished
            // messages find their exchanges and bindings declared again
            recoverable.addRecoveryListener(republisher);
        }
    }

    /** A publisher on its own connection (automatic recovery on), closed with the publisher. */
    public static ReliablePublisher open(ConnectionSettings connection, String name, PublisherSettings settings)
            throws IOException {
        Connection own = new Connections(connection.withRecovery()).open(name);
        try {
            return new ReliablePublisher(own, true, settings);
        } catch (IOException | RuntimeException e) {
            own.abort();
            throw e;
        }
    }

    /**
     * A publisher on a channel of {@code connection}, which stays open after {@link #close}. Republishing after a
     * failure needs the connection to have automatic recovery on.
     */
    public static ReliablePublisher on(Connection connection, PublisherSettings settings) throws IOException {
        return new ReliablePublisher(connection, false, settings);
    }

    /**
     * Publishes one message; blocks while the window is full or (by policy) while the broker blocks publishing.
     *
     * <p>The returned future completes on the connection's thread: a callback attached with {@code whenComplete}
     * runs there and must not block. Publishing from such a callback works while the window has room; when it is
     * full, the publish fails with {@link IllegalStateException} instead of waiting for confirms only that thread
     * could read (use {@code whenCompleteAsync} to publish from a callback without that limit).
     *
     * @return completed when the broker confirms the message; failed with {@link UnroutableException},
     *         {@link NackedException}, {@link BrokerBlockedException}, or {@link PublishException} when the broker
     *         closed the channel or the connection for good
     */
    public CompletableFuture<Void> publish(String exchange, String routingKey, AMQP.BasicProperties properties,
                                           byte[] body) throws InterruptedException {
        OutgoingMessage message = accept(exchange, routingKey, properties, body);
        // the connection's thread reads the confirms, blocked and unblocked: it must never wait on them
        boolean onReaderThread = readers.onReaderThread();
        // neither thread that settles messages may wait for a slot only it could free
        boolean settlingThread = readers.onSettlingThread();
        String refusal = blocked.awaitUnblocked(settlingThread);
        if (refusal == null && !confirms.tryTakeSlot()) {
            readers.refuseToWaitForSlot(settlingThread);
            // an alarm that starts while the window is full leaves its confirms unread: follow the blocked policy
            refusal = blocked.waitUnlessBlocked(confirms::tryTakeSlot);
        }
        if (refusal != null) {
            message.future.completeExceptionally(new BrokerBlockedException(refusal));
            return message.future;
        }
        if (mandatory) {
            returns.track(message); // the broker returns only mandatory messages: the others need no matching
        }
        try {
            if (!outbox.lock().tryLock()) {
                refusal = waitForLock(onReaderThread);
            }
        } catch (InterruptedException | RuntimeException e) {
            confirms.finish(message, new PublishException("message " + message.id() + " was not sent: " + e, e));
            throw e;
        }
        if (refusal != null) {
            confirms.finish(message, new BrokerBlockedException(refusal));
        } else {
            outbox.sendAndUnlock(message);
        }
        return message.future;
    }

    /** The message to publish, with a message-id, checked; or why it cannot be published at all. */
    private OutgoingMessage accept(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body)
            throws InterruptedException {
        if (state.isClosing()) {
            throw new IllegalStateException("publisher is closed");
        }
        String broken = state.brokenReason();
        if (broken != null) {
            throw new IllegalStateException("publisher cannot publish: " + broken);
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before publishing");
        }
        AMQP.BasicProperties props = properties == null ? new AMQP.BasicProperties() : properties;
        if (props.getMessageId() == null) {
            props = props.builder().messageId(idPrefix + idCounter.incrementAndGet()).build();
        }
        PublishCheck.check(exchange, routingKey, props, body, connection.getFrameMax());
        return new OutgoingMessage(exchange, routingKey, props, body);
    }

    /**
     * Waits for the lock unless the broker blocks the connection meanwhile: its holder may be writing to a socket the
     * blocked broker no longer reads. The connection's own thread, which would read that connection.blocked, waits a
     * bounded time instead.
     *
     * @return why the lock was not taken, or null (then the caller holds it)
     */
    private String waitForLock(boolean onReaderThread) throws InterruptedException {
        if (onReaderThread) {
            readers.lockOnReaderThread(outbox.lock());
            return null;
        }
        return blocked.waitUnlessBlocked(outbox.lock()::tryLock);
    }

    /**
     * Waits until no message is outstanding: every one published so far settled and its future completed; false
     * when {@code timeout} passed first (while other threads keep publishing, that moment may not come). From a
     * {@code whenComplete} callback on the connection's thread, which reads the confirms, it fails with
     * {@link IllegalStateException} while messages are outstanding instead of waiting for nothing.
     */
    public boolean awaitConfirms(long timeout, TimeUnit unit) throws InterruptedException {
        return confirms.awaitSettled(timeout, unit, readers.onReaderThread());
    }

    /** Messages published and not yet settled. */
    public int unconfirmed() {
        return confirms.outstanding();
    }

    /** True while the broker blocks this publisher's connection (a memory or disk alarm). */
    public boolean isBlocked() {
        return blocked.isBlocked();
    }

    /** Messages published again after a connection failure or a nack. */
    public long republished() {
        return republished.get();
    }

    /** Attempts to give a message a second, contradicting outcome (see ConfirmTracker): 0 unless a bug; for tests. */
    long contradictoryCompletions() {
        return confirms.contradictions();
    }

    /** Where the publisher is in its life (see {@link PublisherState}); for tests and diagnostics. */
    PublisherState.State state() {
        return state.state();
    }

    /** Waits up to 30 s for outstanding confirms, fails what is left, and closes the channel (and own connection). */
    @Override
    public void close() throws IOException, InterruptedException {
        close(30, TimeUnit.SECONDS);
    }

    /**
     * Waits up to {@code timeout} for outstanding confirms, then fails what is left and closes the channel (and own
     * connection). Returns within about the timeout: when a publish is stuck writing to a socket the broker stopped
     * reading (a resource alarm), the connection is aborted in the background and the outstanding futures fail once
     * that write ends.
     */
    public void close(long timeout, TimeUnit unit) throws IOException, InterruptedException {
        closing.close(timeout, unit, this::deregister);
    }

    private void deregister() {
        connection.removeBlockedListener(blocked);
        failureWatch.stop();
        if (connection instanceof Recoverable recoverable) {
            recoverable.removeRecoveryListener(republisher);
        }
    }

    /** A publish failed on {@code channel} after its sequence number was taken: a new channel takes over. */
    private void givenUp(Channel channel) {
        resender.run(() -> channelSwitch.replace(channel, null)); // not queued: closing, close() fails the rest
    }

    /** The broker closed {@code channel} ({@code reason}): what it had not confirmed fails, a new one takes over. */
    private void closedByBroker(Channel channel, String reason) {
        resender.run(() -> channelSwitch.replace(channel, reason));
    }
}
