package dev.rabbittune.client;

import com.rabbitmq.client.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The publisher's window and its unconfirmed messages by sequence number: where settling (confirms, on the
 * connection's thread, without the publisher's lock) meets republishing (after a recovery or a channel switch, on
 * the resender, under the publisher's lock).
 *
 * <p>Contract:
 * <ul>
 *   <li>A message holds one window slot from its publish until it is {@linkplain #finish finished}; the slot goes
 *       back exactly once, before its future completes (a callback of the future may publish into it).</li>
 *   <li>{@link #finish} may be called for one message any number of times and from any thread: the slot is released
 *       once and the future completes once; later calls do nothing more.</li>
 *   <li>{@link #settle} removes the messages a confirm covers and finishes them (an ack, or a nack on a message
 *       already failed), and hands back the nacked ones still worth a retry; it never blocks.</li>
 *   <li>{@link #takeAll} (under the publisher's lock) empties the tracker for republishing. A message a confirm
 *       settled meanwhile is done, and the sender skips it; one settled while being sent again is finished again
 *       by its next confirm, which does nothing. So a confirm racing the republishing never completes a future
 *       twice and never leaks a slot; at worst the broker gets the message twice (at-least-once).</li>
 *   <li>{@link #awaitSettled} returns once every slot is back <em>and</em> every future being completed has
 *       completed, except the ones completing on the calling thread (a callback that awaits must not wait for
 *       itself).</li>
 * </ul>
 *
 * <p>The benchmark's allocation-free {@code ConfirmWindow} is the one other tracker of confirms; both tests replay
 * the shared {@code ConfirmScenarios}, so the two settle the same messages for the same confirms.
 */
final class ConfirmTracker {

    private final int size;
    private final Semaphore window;
    private final ConcurrentNavigableMap<Long, OutgoingMessage> unconfirmed = new ConcurrentSkipListMap<>();
    private final ReturnMatcher returns;
    private final ProgressSignal progress;
    // futures being completed right now (their slots already back in the window), and how many by this thread
    private final AtomicInteger settling = new AtomicInteger();
    private final ThreadLocal<int[]> settlingHere = ThreadLocal.withInitial(() -> new int[1]);
    private final AtomicLong contradictions = new AtomicLong();

    ConfirmTracker(int size, ReturnMatcher returns, ProgressSignal progress) {
        this.size = size;
        this.window = new Semaphore(size);
        this.returns = returns;
        this.progress = progress;
    }

    /** Takes a slot if one is free now. */
    boolean tryTakeSlot() {
        return window.tryAcquire();
    }

    /** Takes a slot, waiting up to {@code time}: the timed try {@link BlockedState#waitUnlessBlocked} slices. */
    boolean tryTakeSlot(long time, TimeUnit unit) throws InterruptedException {
        return window.tryAcquire(time, unit);
    }

    /** Messages published and not yet finished. */
    int outstanding() {
        return size - window.availablePermits();
    }

    /**
     * Notes {@code message} as sent on {@code channel} under {@code seqNo}; false when the number is taken (a
     * recovery under way).
     */
    boolean sentAs(Channel channel, long seqNo, OutgoingMessage message) {
        message.sentOn = channel;
        return unconfirmed.putIfAbsent(seqNo, message) == null;
    }

    /** The send under {@code seqNo} did not happen after all. */
    void notSent(long seqNo, OutgoingMessage message) {
        unconfirmed.remove(seqNo, message);
    }

    boolean noneUnconfirmed() {
        return unconfirmed.isEmpty();
    }

    /** Everything unconfirmed, in sequence order, removed from the tracker; call under the publisher's lock. */
    List<OutgoingMessage> takeAll() {
        // entry by entry: a confirm settling meanwhile (without the lock) and this take each get an entry, never
        // both (a copy and a clear would let both own one)
        List<OutgoingMessage> all = new ArrayList<>();
        for (Map.Entry<Long, OutgoingMessage> first; (first = unconfirmed.pollFirstEntry()) != null; ) {
            all.add(first.getValue());
        }
        return all;
    }

    /**
     * A {@code basic.ack} or {@code basic.nack} from {@code channel} for {@code seqNo} (and every earlier one when
     * {@code multiple}). Sequence numbers are a channel's own: a late confirm of a channel given up, arriving once
     * a new channel numbers from 1 again, settles nothing of the new channel's.
     *
     * @return the nacked messages that have had at most {@code maxRetries} retries: to be sent again, not finished
     */
    List<OutgoingMessage> settle(Channel channel, long seqNo, boolean multiple, boolean ack, int maxRetries) {
        Map<Long, OutgoingMessage> covered = multiple ? unconfirmed.headMap(seqNo, true)
                : unconfirmed.subMap(seqNo, true, seqNo, true);
        List<OutgoingMessage> settled = new ArrayList<>();
        // the skip list's views iterate safely while entries go; removed one by one, and only if still there: a
        // republish may have taken one meanwhile. Finished only after the loop: a future's callback may publish
        for (Map.Entry<Long, OutgoingMessage> entry : covered.entrySet()) {
            if (entry.getValue().sentOn == channel && unconfirmed.remove(entry.getKey(), entry.getValue())) {
                settled.add(entry.getValue());
            }
        }
        List<OutgoingMessage> retries = List.of();
        for (OutgoingMessage message : settled) {
            if (ack || message.isDone()) {
                finish(message, null);
            } else if (message.attempts <= maxRetries) {
                if (retries.isEmpty()) {
                    retries = new ArrayList<>();
                }
                retries.add(message);
            } else {
                finish(message, new NackedException(message.id(), message.attempts));
            }
        }
        progress.pulse();
        return retries;
    }

    /** Releases the message's slot (once) and completes its future (once): {@code failure} null is a success. */
    void finish(OutgoingMessage message, Throwable failure) {
        returns.untrack(message);
        int[] here = settlingHere.get();
        settling.incrementAndGet();
        here[0]++;
        try {
            // the slot first: a callback of this future may publish into it
            if (message.slotReleased.compareAndSet(false, true)) {
                window.release();
            }
            boolean completedNow = failure == null ? message.future.complete(null)
                    : message.future.completeExceptionally(failure);
            if (!completedNow && contradicts(message, failure)) {
                contradictions.incrementAndGet();
            }
        } finally {
            here[0]--;
            settling.decrementAndGet();
            progress.pulse();
        }
    }

    /**
     * A second outcome that contradicts the first: a failure after a success, or a success after a failure other
     * than a return (a returned message is acked after its return, which is no contradiction).
     */
    private static boolean contradicts(OutgoingMessage message, Throwable failure) {
        if (!message.future.isCompletedExceptionally()) {
            return failure != null;
        }
        return failure == null && !returnedUnroutable(message);
    }

    private static boolean returnedUnroutable(OutgoingMessage message) {
        try {
            message.future.getNow(null);
            return false;
        } catch (CompletionException e) {
            return e.getCause() instanceof UnroutableException;
        } catch (CancellationException e) {
            return true; // the caller cancelled it (the future is theirs): the broker's ack contradicts nothing
        }
    }

    /** Finishes that tried to give a message a second, contradicting outcome: a bug if ever above 0 (for tests). */
    long contradictions() {
        return contradictions.get();
    }

    /**
     * Waits until nothing is outstanding (see the class contract); false when {@code timeout} passed first. On the
     * thread that reads the confirms ({@code onReaderThread}) it never waits for slots only that thread frees.
     *
     * @throws IllegalStateException on the reader thread while messages are outstanding
     */
    boolean awaitSettled(long timeout, TimeUnit unit, boolean onReaderThread) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        if (onReaderThread) {
            if (!window.tryAcquire(size)) {
                throw new IllegalStateException("messages are outstanding and this is the thread that reads their"
                        + " confirms: await them from whenCompleteAsync, not whenComplete");
            }
        } else if (!window.tryAcquire(size, timeout, unit)) {
            return false;
        }
        window.release(size);
        // a slot comes back just before its future completes: wait for the futures being completed now; never on
        // the reader thread, where such a future's callback might wait for something only that thread delivers
        // (there, false while another thread is still completing a future: await from whenCompleteAsync to wait)
        int own = settlingHere.get()[0];
        if (onReaderThread) {
            return settling.get() <= own;
        }
        return progress.awaitUntil(() -> settling.get() <= own, deadline);
    }

    /**
     * Waits until every message sent so far is confirmed, or {@code giveUp} holds, or {@code deadlineNanos} passes.
     * Not {@code Channel.waitForConfirms}: amqp-client counts a publish that failed to encode as outstanding.
     */
    void awaitNoneUnconfirmed(BooleanSupplier giveUp, long deadlineNanos) throws InterruptedException {
        progress.awaitUntil(() -> unconfirmed.isEmpty() || giveUp.getAsBoolean(), deadlineNanos);
    }
}
