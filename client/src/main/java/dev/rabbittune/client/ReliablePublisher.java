package dev.rabbittune.client;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
 *       {@link PublisherSettings.BlockedPolicy} says, also when it was already waiting for room in the window.</li>
 * </ul>
 *
 * <p>Thread-safe: publishing threads take turns on the one channel (a lock), confirms arrive on the connection's
 * thread, and retries and republishing run on a thread of the publisher's own, never on the connection's thread.
 * Batch publishing is a loop over {@link #publish} followed by {@link #awaitConfirms}; never transactions.
 */
public final class ReliablePublisher implements AutoCloseable {

    // how long a publish from the connection's own thread (a whenComplete callback) waits for the lock at most
    private static final long READER_LOCK_WAIT_MS = 1_000;
    // how long the confirms of a channel given up on (a publish failed to encode) are awaited before republishing
    private static final long ABANDONED_CONFIRMS_WAIT_MS = 10_000;
    // close() gives the resender at least this long to finish the task it runs
    private static final long RESENDER_STOP_MS = 100;
    // how long a failed channel open looks for the connection failure that may have caused it
    private static final long CONNECTION_FAILURE_GRACE_MS = 2_000;
    // close() waits at least this long for the broker's close-ok before it closes the socket
    private static final long CLOSE_OK_WAIT_MS = 1_000;
    // how long learning the connection's reader thread waits for the reply that shows it
    private static final long READER_PROBE_WAIT_MS = 5_000;

    private final Connection connection;
    private final boolean ownsConnection;
    private final PublisherSettings settings;
    private final Semaphore window;
    // guards the channel, unconfirmed and unsent; never held while completing a future or waiting for the broker
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentNavigableMap<Long, Pending> unconfirmed = new ConcurrentSkipListMap<>();
    // only to match returns to their futures: a return carries the message's properties, not its sequence number
    private final Map<String, Pending> byMessageId = new ConcurrentHashMap<>();
    // the rare second and later messages in flight with a message-id already in byMessageId (a caller's own ids)
    private final Map<String, List<Pending>> sameMessageId = new ConcurrentHashMap<>();
    private final List<Pending> unsent = new ArrayList<>();
    private final ExecutorService resender;
    private final BlockedState blocked;
    private final Republish republish = new Republish();
    private final String idPrefix = Long.toString(System.nanoTime() & 0xffffffffL, 36) + "-";
    private final AtomicLong idCounter = new AtomicLong();
    private final AtomicLong republished = new AtomicLong();
    // futures being completed right now (their slots already back in the window), and how many by this thread
    private final AtomicInteger settling = new AtomicInteger();
    private final ThreadLocal<int[]> settlingHere = ThreadLocal.withInitial(() -> new int[1]);
    // bumped, without a lock, on each connection failure (on the connection's thread, which must never wait for a
    // lock a publisher writing to the dead socket holds) and each recovery start
    private final AtomicInteger failures = new AtomicInteger();
    private volatile Channel channel;
    // a channel whose confirms can no longer be trusted: nothing more is sent on it until it is replaced
    private volatile Channel abandoned;
    private volatile boolean closed;
    // set once close() stops waiting: from then on nothing more is published
    private volatile boolean sendsRefused;
    // the last generation of failures whose republishing is done: publishes are held while failures differ from it
    private volatile int republishedGeneration;
    // why publishing cannot go on (the connection closed for good), or null
    private volatile String brokenReason;
    // the thread that delivers this channel's confirms: a publish from it must never wait for confirms
    private volatile Thread confirmThread;
    private volatile Thread resenderThread;

    private static final class Pending {
        final String exchange;
        final String routingKey;
        final AMQP.BasicProperties properties;
        final byte[] body;
        final CompletableFuture<Void> future = new CompletableFuture<>();
        final AtomicBoolean slotReleased = new AtomicBoolean();
        int attempts = 1;

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
        this.blocked = new BlockedState(settings);
        this.resender = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rabbittune-publisher-resend");
            thread.setDaemon(true);
            resenderThread = thread;
            return thread;
        });
        try {
            this.channel = openChannel();
        } catch (IOException | RuntimeException e) {
            resender.shutdownNow();
            throw e;
        }
        connection.addBlockedListener(blocked);
        if (connection instanceof Recoverable recoverable) {
            // the connection's listener, not the channel's: it runs after topology recovery, so republished
            // messages find their exchanges and bindings declared again
            recoverable.addRecoveryListener(republish);
        }
    }

    private Channel openChannel() throws IOException {
        Channel opened = connection.createChannel();
        if (opened == null) {
            throw new IOException("the connection has no free channel number");
        }
        opened.confirmSelect();
        opened.addConfirmListener((seqNo, multiple) -> settle(seqNo, multiple, true),
                (seqNo, multiple) -> settle(seqNo, multiple, false));
        opened.addReturnListener(this::returned);
        opened.addShutdownListener(cause -> channelShutDown(opened, cause));
        if (opened instanceof Recoverable recoverable) {
            // a recovered connection reads on a new thread: ask at once, before any publisher on it republishes
            // and a callback of theirs may publish here
            recoverable.addRecoveryListener(new RecoveryListener() {
                @Override
                public void handleRecovery(Recoverable recovered) {
                    probeReaderThread(opened);
                }

                @Override
                public void handleRecoveryStarted(Recoverable recovering) {
                    // nothing to learn before the new connection reads
                }
            });
        }
        learnReaderThread(opened);
        return opened;
    }

    /**
     * Learns which thread reads this channel's frames before its first confirm does: a callback of another
     * publisher's future on a shared connection runs there, and must not wait for a window only that thread frees.
     * A harmless request (prefetch 0 is a publishing channel's default) whose reply is handled on that thread; waited
     * for, a round trip at most a few times, so that it is known before anything is published on the channel. Call
     * without the lock: the reply is the connection thread's to read.
     */
    private void learnReaderThread(Channel on) {
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                if (probeReaderThread(on).get(READER_PROBE_WAIT_MS, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
                return; // the channel is going: its first confirm would have told, and none will come
            }
        }
    }

    /** Sends the probe; completes true once the reader thread is noted (or the channel failed), false to try again. */
    private CompletableFuture<Boolean> probeReaderThread(Channel on) {
        Thread asking = Thread.currentThread();
        CompletableFuture<Boolean> learned = new CompletableFuture<>();
        try {
            on.asyncCompletableRpc(new AMQP.Basic.Qos.Builder().prefetchCount(0).build())
                    .whenComplete((reply, failure) -> {
                        // on the asking thread when the reply was in before this callback was attached
                        boolean fromReader = Thread.currentThread() != asking;
                        if (fromReader && failure == null) {
                            noteConfirmThread();
                        }
                        learned.complete(fromReader || failure != null);
                    });
        } catch (IOException | RuntimeException e) {
            learned.complete(true); // the channel is going: nothing to learn on it
        }
        return learned;
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
        if (closed) {
            throw new IllegalStateException("publisher is closed");
        }
        String broken = brokenReason;
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
        Pending pending = new Pending(exchange, routingKey, props, body);
        Thread current = Thread.currentThread();
        // the connection's thread reads the confirms, blocked and unblocked: it must never wait on them
        boolean onReaderThread = current == confirmThread;
        // neither thread that settles messages may wait for a slot only it could free
        boolean settling = onReaderThread || current == resenderThread;
        String refusal = blocked.awaitUnblocked(settling);
        if (refusal == null && !window.tryAcquire()) {
            refusal = waitForSlot(settling);
        }
        if (refusal != null) {
            pending.future.completeExceptionally(new BrokerBlockedException(refusal));
            return pending.future;
        }
        track(pending);
        try {
            if (!lock.tryLock()) {
                refusal = waitForLock(onReaderThread);
            }
        } catch (InterruptedException | RuntimeException e) {
            finish(pending, new PublishException("message " + props.getMessageId() + " was not sent: " + e, e));
            throw e;
        }
        if (refusal != null) {
            finish(pending, new BrokerBlockedException(refusal));
        } else {
            sendAndUnlock(pending);
        }
        return pending.future;
    }

    /**
     * Waits for a window slot unless the broker blocks the connection meanwhile: an alarm that starts while the window
     * is full leaves its messages unread in the socket, so the wait follows the blocked policy.
     *
     * @return why no slot was taken, or null
     */
    private String waitForSlot(boolean settling) throws InterruptedException {
        if (settling) {
            throw new IllegalStateException("the publish window is full and this is the thread that reads the"
                    + " confirms that would free it: publish from whenCompleteAsync, not whenComplete");
        }
        return blocked.waitUnlessBlocked(window::tryAcquire);
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
            if (lock.tryLock(READER_LOCK_WAIT_MS, TimeUnit.MILLISECONDS)) {
                return null;
            }
            throw new IllegalStateException("another publish has held the channel for " + READER_LOCK_WAIT_MS
                    + " ms (a socket the broker does not read?) and this is the connection's own thread, which must"
                    + " not wait: publish from whenCompleteAsync, not whenComplete");
        }
        return blocked.waitUnlessBlocked(lock::tryLock);
    }

    /**
     * Waits until no message is outstanding: every one published so far settled and its future completed; false
     * when {@code timeout} passed first (while other threads keep publishing, that moment may not come). From a
     * {@code whenComplete} callback on the connection's thread, which reads the confirms, it fails with
     * {@link IllegalStateException} while messages are outstanding instead of waiting for nothing.
     */
    public boolean awaitConfirms(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        if (Thread.currentThread() == confirmThread) {
            if (!window.tryAcquire(settings.window())) {
                throw new IllegalStateException("messages are outstanding and this is the thread that reads their"
                        + " confirms: await them from whenCompleteAsync, not whenComplete");
            }
        } else if (!window.tryAcquire(settings.window(), timeout, unit)) {
            return false;
        }
        window.release(settings.window());
        // a slot comes back just before its future completes: wait for the futures being completed now, except the
        // ones whose callback this is (a callback that awaits confirms must not wait for itself)
        int own = settlingHere.get()[0];
        while (settling.get() > own) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    /** Messages published and not yet settled. */
    public int unconfirmed() {
        return settings.window() - window.availablePermits();
    }

    /** True while the broker blocks this publisher's connection (a memory or disk alarm). */
    public boolean isBlocked() {
        return blocked.isBlocked();
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

    /**
     * Waits up to {@code timeout} for outstanding confirms, then fails what is left and closes the channel (and own
     * connection). Returns within about the timeout: when a publish is stuck writing to a socket the broker stopped
     * reading (a resource alarm), the connection is aborted in the background and the outstanding futures fail once
     * that write ends.
     */
    public void close(long timeout, TimeUnit unit) throws IOException, InterruptedException {
        closed = true;
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        // the connection's thread reads the confirms and close-oks: waiting for them there would wait for nothing
        boolean onReaderThread = Thread.currentThread() == confirmThread;
        boolean interrupted = false;
        boolean idle;
        try {
            if (!onReaderThread) {
                awaitConfirms(timeout, unit);
            }
            // a publish writing to a socket the broker stopped reading (an alarm) holds the lock: wait no longer
            // (and not at all on the connection's thread, which other channels' work may be waiting for)
            idle = onReaderThread ? lock.tryLock()
                    : lock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            interrupted = true; // close all the same; the flag is set again on the way out
            idle = lock.tryLock();
        }
        sendsRefused = true;
        if (idle) {
            lock.unlock();
        }
        resender.shutdown(); // queued retries and republishing now fail their messages instead of sending
        if (!interrupted && !onReaderThread) {
            try {
                resender.awaitTermination(Math.max(RESENDER_STOP_MS, TimeUnit.NANOSECONDS.toMillis(
                        deadline - System.nanoTime())), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        connection.removeBlockedListener(blocked);
        if (connection instanceof Recoverable recoverable) {
            recoverable.removeRecoveryListener(republish);
        }
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
        Channel current = channel;
        boolean waitsForChannelClose = !ownsConnection && (onReaderThread || blocked.isBlocked());
        if (idle && !waitsForChannelClose) {
            closeChannel(current, true, closeMillis);
            failAll(unconfirmedAtClose); // confirms that had not arrived by now never will
            return;
        }
        Thread closer = new Thread(() -> {
            closeChannel(current, idle, closeMillis);
            failAll(unconfirmedAtClose);
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

    private void send(Pending pending) {
        lock.lock();
        sendAndUnlock(pending);
    }

    private void sendAndUnlock(Pending pending) {
        PublishException refused;
        try {
            refused = sendLocked(pending, false);
        } finally {
            lock.unlock();
        }
        if (refused != null) {
            finish(pending, refused);
        }
    }

    /**
     * Publishes on the channel, or holds the message in {@code unsent} while the channel is down; call with the lock
     * held. Only the republishing after a recovery ({@code republishing}) sends while recovery is under way.
     *
     * @return why the message cannot be sent at all (the caller fails it once the lock is released), or null
     */
    private PublishException sendLocked(Pending pending, boolean republishing) {
        if (sendsRefused || brokenReason != null) {
            return new PublishException("message " + pending.properties.getMessageId() + " was not sent: "
                    + (brokenReason != null ? brokenReason : "the publisher closed"));
        }
        if (failures.get() != republishedGeneration && !republishing || channel == abandoned) {
            unsent.add(pending); // published again, in order, once recovery (or a new channel) is there
            return null;
        }
        long seqNo = channel.getNextPublishSeqNo();
        // 0: a recovering channel not yet back in confirm mode; a taken number: a recovery under way. Either way the
        // recovery's republishing sends it.
        if (seqNo == 0 || unconfirmed.putIfAbsent(seqNo, pending) != null) {
            unsent.add(pending);
            return null;
        }
        // amqp-client's NIO writer drops a frame, silently, when the thread's interrupt flag is set
        boolean interrupted = Thread.interrupted();
        try {
            channel.basicPublish(pending.exchange, pending.routingKey, settings.mandatory(), pending.properties,
                    pending.body);
        } catch (IOException | ShutdownSignalException e) {
            // not sent: kept for republishing once the channel is back
            unconfirmed.remove(seqNo, pending);
            unsent.add(pending);
            if (channel.isOpen()) {
                // the channel looks fine (the NIO writer's queue was full, say), but the sequence number is taken
                abandon(channel);
            }
        } catch (RuntimeException e) {
            unconfirmed.remove(seqNo, pending);
            if (!channel.isOpen()) {
                unsent.add(pending);
                return null;
            }
            // refused while encoding, after amqp-client took the sequence number: what is sent next would be
            // numbered one ahead of the broker, so nothing more is; a new channel takes over
            abandon(channel);
            return new PublishException("message " + pending.properties.getMessageId() + " was not sent: " + e, e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return null;
    }

    /** Stops publishing on {@code which} (call with the lock held) and has a new channel take over. */
    private void abandon(Channel which) {
        abandoned = which;
        try {
            resender.execute(() -> replaceChannel(which, null));
        } catch (RejectedExecutionException closing) {
            // the publisher is closing: close() fails what is left
        }
    }

    private void settle(long seqNo, boolean multiple, boolean ack) {
        noteConfirmThread();
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
            try {
                // never publish from the connection's own thread: it also reads the frames a publish may wait for
                resender.execute(() -> retries.forEach(p -> {
                    p.attempts++;
                    republished.incrementAndGet();
                    send(p);
                }));
            } catch (RejectedExecutionException closing) {
                retries.forEach(p -> finish(p, new NackedException(p.properties.getMessageId(), p.attempts)));
            }
        }
    }

    private Map<Long, Pending> single(long seqNo) {
        return unconfirmed.subMap(seqNo, true, seqNo, true);
    }

    private void finish(Pending pending, Throwable failure) {
        untrack(pending);
        int[] here = settlingHere.get();
        settling.incrementAndGet();
        here[0]++;
        try {
            // the slot first: a callback of this future may publish into it
            if (pending.slotReleased.compareAndSet(false, true)) {
                window.release();
            }
            if (failure == null) {
                pending.future.complete(null);
            } else {
                pending.future.completeExceptionally(failure);
            }
        } finally {
            here[0]--;
            settling.decrementAndGet();
        }
    }

    /** Fails every message not yet settled (the unconfirmed and the unsent) with {@code failure}. */
    private void failAll(RuntimeException failure) {
        List<Pending> left;
        lock.lock();
        try {
            left = new ArrayList<>(unconfirmed.values());
            left.addAll(unsent);
            unconfirmed.clear();
            unsent.clear();
        } finally {
            lock.unlock();
        }
        left.forEach(p -> finish(p, failure));
    }

    private void noteConfirmThread() {
        Thread current = Thread.currentThread();
        if (confirmThread != current) {
            confirmThread = current;
        }
    }

    private void track(Pending pending) {
        String id = pending.properties.getMessageId();
        if (byMessageId.putIfAbsent(id, pending) != null) {
            sameMessageId.compute(id, (key, others) -> {
                List<Pending> list = others == null ? new ArrayList<>(2) : others;
                list.add(pending);
                return list;
            });
        }
    }

    private void untrack(Pending pending) {
        String id = pending.properties.getMessageId();
        boolean first = byMessageId.remove(id, pending);
        if (sameMessageId.isEmpty()) {
            return;
        }
        sameMessageId.computeIfPresent(id, (key, others) -> {
            others.remove(pending);
            if (first && !others.isEmpty() && byMessageId.putIfAbsent(id, others.get(0)) == null) {
                others.remove(0); // the oldest of the others is first now
            }
            return others.isEmpty() ? null : others;
        });
    }

    /** The unsettled message a return is about: same message-id, and (when ids repeat) same exchange and key. */
    private Pending returnedOne(Return returned) {
        String id = returned.getProperties().getMessageId();
        Pending first = id == null ? null : byMessageId.get(id);
        if (id == null || sameMessageId.isEmpty() || first != null && matches(first, returned)) {
            return first;
        }
        Pending[] match = new Pending[1];
        sameMessageId.computeIfPresent(id, (key, others) -> {
            others.stream().filter(p -> matches(p, returned)).findFirst().ifPresent(p -> match[0] = p);
            return others;
        });
        return match[0] != null ? match[0] : first;
    }

    /** Asked only when message-ids repeat: same destination, body and headers (a headers exchange routes by them). */
    private static boolean matches(Pending pending, Return returned) {
        return !pending.future.isDone() && pending.exchange.equals(returned.getExchange())
                && pending.routingKey.equals(returned.getRoutingKey())
                && java.util.Arrays.equals(pending.body, returned.getBody())
                && sameHeaders(pending.properties.getHeaders(), returned.getProperties().getHeaders());
    }

    private static boolean sameHeaders(Map<String, Object> sent, Map<String, Object> back) {
        return sameValue(sent == null ? Map.of() : sent, back == null ? Map.of() : back);
    }

    /**
     * A header value as sent against the same value decoded from the wire: strings come back as LongString, arrays as
     * lists, tables as other maps, byte arrays as new arrays.
     */
    private static boolean sameValue(Object sent, Object back) {
        if (sent instanceof Map<?, ?> a && back instanceof Map<?, ?> b) {
            return a.size() == b.size() && a.entrySet().stream().allMatch(e -> b.containsKey(String.valueOf(e.getKey()))
                    && sameValue(e.getValue(), b.get(String.valueOf(e.getKey()))));
        }
        if (sent instanceof Object[] array) {
            return sameValue(java.util.Arrays.asList(array), back);
        }
        if (sent instanceof List<?> a && back instanceof List<?> b) {
            return a.size() == b.size() && java.util.stream.IntStream.range(0, a.size())
                    .allMatch(i -> sameValue(a.get(i), b.get(i)));
        }
        if (sent instanceof byte[] a && back instanceof byte[] b) {
            return java.util.Arrays.equals(a, b);
        }
        return String.valueOf(sent).equals(String.valueOf(back));
    }

    private void returned(Return returned) {
        noteConfirmThread();
        Pending pending = returnedOne(returned);
        if (pending != null) {
            // the confirm follows the return; the window slot is released then
            pending.future.completeExceptionally(new UnroutableException(returned.getReplyCode(),
                    returned.getReplyText(), returned.getExchange(), returned.getRoutingKey()));
        }
    }

    /**
     * The channel shut down. A connection failure that automatic recovery will repair: hold publishes until the
     * republish. The connection closed for good: fail everything. A channel error (publishing to an exchange that
     * does not exist, say): the broker discarded what it had not confirmed, so those messages fail with its reason,
     * and a new channel takes over for the messages not yet sent.
     */
    private void channelShutDown(Channel which, ShutdownSignalException cause) {
        if (closed || cause.isInitiatedByApplication() && !cause.isHardError()) {
            return;
        }
        String reason = reason(cause);
        if (cause.isHardError()) {
            if (connection instanceof Recoverable && !cause.isInitiatedByApplication()) {
                recoveryStarts();
            } else {
                brokenReason = "the connection closed: " + reason;
                resender.execute(() -> failAll(new PublishException(brokenReason)));
            }
            return;
        }
        resender.execute(() -> replaceChannel(which, reason));
    }

    /** Holds publishes from now until the republishing of the recovery that follows. */
    private void recoveryStarts() {
        failures.incrementAndGet();
    }

    /**
     * A new channel takes over from {@code failed}. Closed by the broker ({@code brokerReason} says why): what it had
     * not confirmed fails with that reason. Given up by the publisher ({@code brokerReason} null): everything sent
     * on it still numbers as the broker does, so its confirms are awaited first, and what has none yet is published
     * again on the new channel.
     */
    private void replaceChannel(Channel failed, String brokerReason) {
        if (brokerReason == null) {
            awaitOwnConfirms(failed);
        }
        List<Pending> inFlight = takeInFlight(failed, brokerReason == null);
        if (inFlight == null) {
            return;
        }
        String reason = brokerReason != null ? "the broker closed the channel: " + brokerReason
                : "the channel was given up after a publish failed on it";
        if (brokerReason != null) {
            inFlight.forEach(p -> finish(p, new PublishException("message " + p.properties.getMessageId()
                    + " was not confirmed: " + reason)));
            inFlight.clear();
        }
        Channel fresh;
        try {
            fresh = openChannel(); // two round trips: never under the lock the connection's thread may need
        } catch (IOException | RuntimeException e) {
            if (connectionFailing(republishedGeneration)) {
                holdForRecovery(inFlight); // the republishing after recovery sends them
            } else {
                brokenReason = reason + ", and no new channel opens: " + e.getMessage();
                PublishException failure = new PublishException(brokenReason);
                inFlight.forEach(p -> finish(p, failure));
                failAll(failure);
            }
            return;
        }
        abort(failed); // else the connection keeps it registered and recovers it with the next failure
        takeOver(fresh, inFlight);
    }

    /**
     * What {@code failed} has not confirmed yet, taken out of {@code unconfirmed}; null when there is nothing to
     * replace: another channel took over already, the publisher closed, or (for a channel given up) the connection
     * failed meanwhile, so that recovery brings it back numbered afresh and the republishing after it sends everything.
     */
    private List<Pending> takeInFlight(Channel failed, boolean givenUp) {
        lock.lock();
        try {
            if (channel != failed || sendsRefused) {
                return null;
            }
            if (givenUp && (abandoned != failed || failures.get() != republishedGeneration || !connection.isOpen())) {
                return null;
            }
            List<Pending> inFlight = new ArrayList<>(unconfirmed.values());
            unconfirmed.clear();
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    /**
     * After a channel failed to open: true when the connection is going down (or failed again since
     * {@code failuresSoFar}) and automatic recovery will bring it back. A socket error reaches the publishing thread
     * before the connection reports it closed, so look a while.
     */
    private boolean connectionFailing(int failuresSoFar) {
        if (!(connection instanceof Recoverable)) {
            return false;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONNECTION_FAILURE_GRACE_MS);
        try {
            while (System.nanoTime() - deadline < 0) {
                if (!connection.isOpen() || failures.get() != failuresSoFar) {
                    return true;
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !connection.isOpen();
    }

    /** Puts {@code inFlight} back before what is held, in order, for the republishing after recovery. */
    private void holdForRecovery(List<Pending> inFlight) {
        List<Pending> returnedBefore = new ArrayList<>();
        boolean closedMeanwhile;
        lock.lock();
        try {
            closedMeanwhile = sendsRefused; // close() has passed and will not see these: fail them below
            List<Pending> held = new ArrayList<>();
            for (Pending pending : inFlight) {
                (pending.future.isDone() ? returnedBefore : held).add(pending);
            }
            if (!closedMeanwhile) {
                unsent.addAll(0, held);
            }
        } finally {
            lock.unlock();
        }
        if (closedMeanwhile) {
            PublishException closed = new PublishException("not confirmed before the publisher closed");
            inFlight.stream().filter(p -> !p.future.isDone()).forEach(p -> finish(p, closed));
        }
        returnedBefore.forEach(p -> finish(p, null));
    }

    private static void abort(Channel channel) {
        try {
            channel.abort();
        } catch (IOException | RuntimeException e) {
            // already closed
        }
    }

    /**
     * Sends {@code messages} in order; call with the lock held. One already returned unroutable goes to
     * {@code returnedBefore} (only its slot is left to release), one that cannot be sent to {@code refused}: the
     * caller finishes both once the lock is free.
     */
    private void sendAllLocked(List<Pending> messages, boolean republishing, List<Pending> returnedBefore,
                               Map<Pending, PublishException> refused) {
        for (Pending pending : messages) {
            if (pending.future.isDone()) {
                returnedBefore.add(pending);
                continue;
            }
            PublishException why = sendLocked(pending, republishing);
            if (why != null) {
                refused.put(pending, why);
            }
        }
    }

    /** Makes {@code fresh} the channel and sends on it what was in flight on the old one, then what was held. */
    private void takeOver(Channel fresh, List<Pending> inFlight) {
        Map<Pending, PublishException> refused = new LinkedHashMap<>();
        List<Pending> returnedBefore = new ArrayList<>();
        Channel orphan;
        lock.lock();
        try {
            channel = fresh; // when the publisher closed meanwhile, close() has passed: abort it below
            orphan = sendsRefused ? fresh : null;
            republished.addAndGet(inFlight.stream().filter(p -> !p.future.isDone()).count());
            List<Pending> waiting = new ArrayList<>(inFlight); // what was sent before anything held goes first again
            waiting.addAll(unsent);
            unsent.clear();
            sendAllLocked(waiting, false, returnedBefore, refused);
        } finally {
            lock.unlock();
        }
        if (orphan != null) {
            abort(orphan);
        }
        returnedBefore.forEach(p -> finish(p, null));
        refused.forEach(this::finish);
    }

    /**
     * Waits a while for the confirms of what was sent on {@code abandonedChannel}; nothing is sent on it meanwhile.
     * Not {@code Channel.waitForConfirms}: amqp-client counts the publish that failed to encode as outstanding.
     */
    private void awaitOwnConfirms(Channel abandonedChannel) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ABANDONED_CONFIRMS_WAIT_MS);
        try {
            while (!unconfirmed.isEmpty() && abandonedChannel.isOpen() && !sendsRefused
                    && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // what is still unconfirmed is published again on the new channel
        }
    }

    private static String reason(ShutdownSignalException cause) {
        return cause.getReason() instanceof AMQP.Channel.Close close ? close.getReplyText()
                : cause.getReason() instanceof AMQP.Connection.Close close ? close.getReplyText()
                : String.valueOf(cause.getMessage());
    }

    /**
     * After recovery the channel numbers publishes from 1 again: republish everything unconfirmed, then what was held
     * meanwhile, in order. A connection listener: it runs once the channel is back in confirm mode and the topology is
     * declared again.
     */
    private final class Republish implements RecoveryListener {
        @Override
        public void handleRecoveryStarted(Recoverable recoverable) {
            recoveryStarts(); // also done when the channel shut down; again in case recovery came by another path
            // the old connection's alarm state goes with it; the new one's comes from the broker (so not cleared
            // later, when a connection.blocked on the new connection may have arrived already)
            blocked.clear();
        }

        @Override
        public void handleRecovery(Recoverable recoverable) {
            int generation = failures.get();
            try {
                resender.execute(() -> republishAfter(generation));
            } catch (RejectedExecutionException closing) {
                // the publisher is closing: close() fails what is left
            }
        }
    }

    private void republishAfter(int generation) {
        Channel fresh = null;
        if (!channel.isOpen()) {
            // recovery brings back the channels it knew, not one the broker had closed or the publisher given up
            try {
                fresh = openChannel();
            } catch (IOException | RuntimeException e) {
                if (failures.get() == generation && !connectionFailing(generation)) {
                    brokenReason = "no channel opens after the connection recovered: " + e.getMessage();
                    failAll(new PublishException(brokenReason));
                } // else it failed again: the next recovery's republishing sends everything
                return;
            }
        }
        List<Pending> returnedBefore = new ArrayList<>();
        Map<Pending, PublishException> refused = new LinkedHashMap<>();
        Channel orphan = null;
        lock.lock();
        try {
            if (failures.get() != generation) {
                orphan = fresh;
                return; // it failed again meanwhile: the next recovery's republishing sends everything
            }
            if (fresh != null) {
                channel = fresh;
            }
            abandoned = null; // a recovered channel numbers its publishes from 1 again, as the broker does
            List<Pending> again = new ArrayList<>(unconfirmed.values());
            again.addAll(unsent);
            unconfirmed.clear();
            unsent.clear();
            republished.addAndGet(again.stream().filter(p -> !p.future.isDone()).count());
            sendAllLocked(again, true, returnedBefore, refused);
            republishedGeneration = generation; // a failure since then keeps publishes held
        } finally {
            lock.unlock();
            if (orphan != null) {
                abort(orphan);
            }
        }
        returnedBefore.forEach(p -> finish(p, null));
        refused.forEach(this::finish);
    }
}
