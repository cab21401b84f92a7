package dev.rabbittune.client;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BlockedListener;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.Return;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

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
 *       {@link PublisherSettings.BlockedPolicy} says.</li>
 * </ul>
 *
 * <p>Thread-safe: publishing threads take turns on the one channel (a lock), confirms arrive on the connection's
 * thread, and retries and republishing run on a thread of the publisher's own, never on the connection's thread.
 * Batch publishing is a loop over {@link #publish} followed by {@link #awaitConfirms}; never transactions.
 */
public final class ReliablePublisher implements AutoCloseable {

    private final Connection connection;
    private final boolean ownsConnection;
    private final Channel channel;
    private final PublisherSettings settings;
    private final Semaphore window;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition unblocked = lock.newCondition();
    private final ConcurrentNavigableMap<Long, Pending> unconfirmed = new ConcurrentSkipListMap<>();
    private final Map<String, Pending> byMessageId = new ConcurrentHashMap<>();
    private final List<Pending> unsent = new ArrayList<>();
    private final ExecutorService resender;
    private final String idPrefix = Long.toString(System.nanoTime() & 0xffffffffL, 36) + "-";
    private final AtomicLong idCounter = new AtomicLong();
    private final AtomicLong republished = new AtomicLong();
    private volatile String blockedReason;
    private volatile boolean closed;

    private static final class Pending {
        final String exchange;
        final String routingKey;
        final AMQP.BasicProperties properties;
        final byte[] body;
        final CompletableFuture<Void> future = new CompletableFuture<>();
        int attempts;

        Pending(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
            this.exchange = exchange;
            this.routingKey = routingKey;
            this.properties = properties;
            this.body = body;
        }
    }

    private ReliablePublisher(Connection connection, boolean ownsConnection, PublisherSettings settings)
            throws IOException {
        this.connection = connection;
        this.ownsConnection = ownsConnection;
        this.settings = settings;
        this.window = new Semaphore(settings.window());
        this.resender = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rabbittune-publisher-resend");
            thread.setDaemon(true);
            return thread;
        });
        this.channel = connection.createChannel();
        channel.confirmSelect();
        channel.addConfirmListener((seqNo, multiple) -> settle(seqNo, multiple, true),
                (seqNo, multiple) -> settle(seqNo, multiple, false));
        channel.addReturnListener(this::returned);
        connection.addBlockedListener(new Blocked());
        if (channel instanceof Recoverable recoverable) {
            recoverable.addRecoveryListener(new Republish());
        }
    }

    /** A publisher on its own connection (automatic recovery on), closed with the publisher. */
    public static ReliablePublisher open(ConnectionSettings connection, String name, PublisherSettings settings)
            throws IOException {
        return new ReliablePublisher(new Connections(connection.withRecovery()).open(name), true, settings);
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
     * @return completed when the broker confirms the message; failed with {@link UnroutableException},
     *         {@link NackedException} or {@link BrokerBlockedException}
     */
    public CompletableFuture<Void> publish(String exchange, String routingKey, AMQP.BasicProperties properties,
                                           byte[] body) throws InterruptedException {
        if (closed) {
            throw new IllegalStateException("publisher is closed");
        }
        AMQP.BasicProperties props = properties == null ? new AMQP.BasicProperties() : properties;
        if (props.getMessageId() == null) {
            props = props.builder().messageId(idPrefix + idCounter.incrementAndGet()).build();
        }
        Pending pending = new Pending(exchange, routingKey, props, body);
        String refusal = awaitUnblocked();
        if (refusal != null) {
            pending.future.completeExceptionally(new BrokerBlockedException(refusal));
            return pending.future;
        }
        window.acquire();
        byMessageId.put(props.getMessageId(), pending);
        send(pending);
        return pending.future;
    }

    /** Waits until every message published so far is settled; false when {@code timeout} passed first. */
    public boolean awaitConfirms(long timeout, TimeUnit unit) throws InterruptedException {
        if (window.tryAcquire(settings.window(), timeout, unit)) {
            window.release(settings.window());
            return true;
        }
        return false;
    }

    /** Messages published and not yet settled. */
    public int unconfirmed() {
        return settings.window() - window.availablePermits();
    }

    /** True while the broker blocks this publisher's connection (a memory or disk alarm). */
    public boolean isBlocked() {
        return blockedReason != null;
    }

    /** Messages published again after a connection failure or a nack. */
    public long republished() {
        return republished.get();
    }

    /** Waits up to 30 s for outstanding confirms, fails what is left, and closes the channel (and own connection). */
    @Override
    public void close() throws IOException, InterruptedException {
        close(30, TimeUnit.SECONDS);
    }

    public void close(long timeout, TimeUnit unit) throws IOException, InterruptedException {
        closed = true;
        boolean settled = awaitConfirms(timeout, unit);
        resender.shutdownNow();
        if (!settled) {
            TimeoutException cause = new TimeoutException("not confirmed before the publisher closed");
            byMessageId.values().forEach(p -> p.future.completeExceptionally(
                    new PublishException("message " + p.properties.getMessageId() + " was not confirmed", cause)));
        }
        try {
            if (ownsConnection) {
                connection.close();
            } else if (channel.isOpen()) {
                channel.close();
            }
        } catch (TimeoutException | com.rabbitmq.client.AlreadyClosedException e) {
            // already gone: nothing left to release
        }
    }

    private void send(Pending pending) {
        lock.lock();
        try {
            pending.attempts++;
            long seqNo = channel.getNextPublishSeqNo();
            unconfirmed.put(seqNo, pending);
            try {
                channel.basicPublish(pending.exchange, pending.routingKey, settings.mandatory(), pending.properties,
                        pending.body);
            } catch (IOException | RuntimeException e) {
                // the connection is down: keep the message for republishing once recovery brings the channel back
                unconfirmed.remove(seqNo);
                unsent.add(pending);
            }
        } finally {
            lock.unlock();
        }
    }

    private void settle(long seqNo, boolean multiple, boolean ack) {
        Map<Long, Pending> settled = multiple ? unconfirmed.headMap(seqNo, true) : single(seqNo);
        List<Pending> retries = new ArrayList<>();
        for (Pending pending : List.copyOf(settled.values())) {
            if (ack || pending.future.isDone()) {
                finish(pending, null);
            } else if (pending.attempts <= settings.maxNackRetries()) {
                retries.add(pending);
            } else {
                finish(pending, new NackedException(pending.properties.getMessageId(), pending.attempts));
            }
        }
        settled.clear();
        if (!retries.isEmpty()) {
            // never publish from the connection's own thread: it also reads the frames a publish may wait for
            resender.execute(() -> retries.forEach(p -> {
                republished.incrementAndGet();
                send(p);
            }));
        }
    }

    private Map<Long, Pending> single(long seqNo) {
        return unconfirmed.subMap(seqNo, true, seqNo, true);
    }

    private void finish(Pending pending, Throwable failure) {
        if (byMessageId.remove(pending.properties.getMessageId(), pending)) {
            window.release();
        }
        if (failure == null) {
            pending.future.complete(null);
        } else {
            pending.future.completeExceptionally(failure);
        }
    }

    private void returned(Return returned) {
        String id = returned.getProperties().getMessageId();
        Pending pending = id == null ? null : byMessageId.get(id);
        if (pending != null) {
            // the confirm follows the return; the window slot is released then
            pending.future.completeExceptionally(new UnroutableException(returned.getReplyCode(),
                    returned.getReplyText(), returned.getExchange(), returned.getRoutingKey()));
        }
    }

    /** Null when publishing may go on, else why it may not. */
    private String awaitUnblocked() throws InterruptedException {
        if (blockedReason == null) {
            return null;
        }
        if (settings.blockedPolicy() == PublisherSettings.BlockedPolicy.FAIL) {
            return blockedReason;
        }
        long remaining = settings.blockedTimeout().toNanos();
        lock.lock();
        try {
            while (blockedReason != null && remaining > 0) {
                remaining = unblocked.awaitNanos(remaining);
            }
            return blockedReason == null ? null
                    : blockedReason + " (still blocked after " + settings.blockedTimeout().toSeconds() + " s)";
        } finally {
            lock.unlock();
        }
    }

    private final class Blocked implements BlockedListener {
        @Override
        public void handleBlocked(String reason) {
            blockedReason = reason;
        }

        @Override
        public void handleUnblocked() {
            lock.lock();
            try {
                blockedReason = null;
                unblocked.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** After recovery the channel numbers publishes from 1 again: republish everything unconfirmed, in order. */
    private final class Republish implements RecoveryListener {
        @Override
        public void handleRecovery(Recoverable recoverable) {
            resender.execute(() -> {
                lock.lock();
                try {
                    List<Pending> again = new ArrayList<>(unconfirmed.values());
                    again.addAll(unsent);
                    unconfirmed.clear();
                    unsent.clear();
                    for (Pending pending : again) {
                        if (pending.future.isDone()) {
                            finish(pending, null); // returned unroutable before the failure: only its slot is left
                        } else {
                            republished.incrementAndGet();
                            send(pending);
                        }
                    }
                } finally {
                    lock.unlock();
                }
            });
        }

        @Override
        public void handleRecoveryStarted(Recoverable recoverable) {
            // nothing to do until the channel is back
        }
    }
}
