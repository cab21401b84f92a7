package dev.rabbittune.bench;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * At most N unconfirmed publishes on one channel, and the time each was stamped with.
 *
 * <p>The publishing thread calls {@link #acquire} before each publish, blocking while N are outstanding (this is the
 * back-pressure). The connection's I/O thread calls {@link #settle} for each {@code basic.ack}/{@code basic.nack}. A
 * {@code multiple} confirm settles every outstanding sequence number up to the one given. Outstanding publishes live
 * in a ring of at least 2N slots indexed by sequence number, so each settlement costs O(1) amortised and nothing is
 * allocated per message. Single confirms may arrive out of order; a slot is reused only once its previous occupant is
 * settled, and each slot remembers its sequence number so that a {@code multiple} confirm never settles a later one.
 *
 * <p>A window may <em>refill in batches</em>: once it is full, the publisher waits until {@code refill} slots are free
 * rather than one. The broker confirms a few messages per frame (on 1p/1c about one {@code basic.ack} per 8-10
 * publishes), so a publisher resuming on every freed slot wakes and writes a few messages each time; waiting for a
 * quarter of the window makes it wake and write once per quarter, while three quarters stay in flight and keep the
 * broker busy (the idea of TCP's silly-window avoidance). At most {@code size} are outstanding either way.
 *
 * <p>Thread-safety: one publishing thread and one confirming thread per window (the amqp-client delivers a channel's
 * confirms on its connection's I/O thread).
 *
 * <p>A window lives as long as its channel: when the channel goes (a connection failure), {@link #abandonAll}
 * reports every outstanding message as unconfirmed, wakes a publisher waiting for a slot, and the window refuses
 * further publishes; a recovered channel numbers its publishes from 1 again and gets a new window.
 *
 * <p>The library's publisher tracks confirms in its own {@code ConfirmTracker} (futures, nack retries,
 * republishing); this one exists because a benchmark must not allocate per message. Both tests replay the shared
 * {@code ConfirmScenarios}, so the two settle the same messages for the same confirms.
 */
final class ConfirmWindow {

    private static final long EMPTY = Long.MIN_VALUE;

    private final int size;
    private final int refill;
    private final Semaphore permits;
    private final AtomicLongArray stamps;
    private final AtomicLongArray seqNos;
    /** The run's identity of the message in each slot (see {@link PublishEvents#nacked}); written before its stamp. */
    private final long[] ids;
    private volatile boolean abandoned;
    private volatile Throwable goneBecause;
    private final int mask;
    private volatile long highestPublished;
    private long lowestOutstanding = 1;

    ConfirmWindow(int size) {
        this(size, 1);
    }

    /** A window of {@code size} whose full state ends when {@code refill} slots are free (1: at every free slot). */
    ConfirmWindow(int size, int refill) {
        if (size < 1) {
            throw new IllegalArgumentException("confirm window must be >= 1, got " + size);
        }
        if (refill < 1 || refill > size) {
            throw new IllegalArgumentException("refill must be 1.." + size + ", got " + refill);
        }
        this.size = size;
        this.refill = refill;
        this.permits = new Semaphore(size);
        int capacity = Integer.highestOneBit(size) << 2;
        this.stamps = new AtomicLongArray(capacity);
        this.seqNos = new AtomicLongArray(capacity);
        this.ids = new long[capacity];
        this.mask = capacity - 1;
        for (int i = 0; i < capacity; i++) {
            stamps.set(i, EMPTY);
        }
    }

    long acquire(long seqNo, long stampNanos) throws InterruptedException, java.io.IOException {
        return acquire(seqNo, stampNanos, -1, () -> { });
    }

    /** The refill for a publisher that sends flat out: a quarter of the window. */
    static int quarterOf(int size) {
        return Math.max(1, size / 4);
    }

    /** What a publisher does before it waits for a slot (send what it held back, so confirms can come). */
    interface BeforeWait {
        void run() throws java.io.IOException;
    }

    /**
     * Waits for a free slot (when the window is full, for {@code refill} of them), then records that {@code seqNo}
     * (message {@code id} of the run) was stamped with {@code stampNanos}.
     *
     * @return nanoseconds spent waiting for the slot; 0 when one was free (then the clock is not read)
     * @throws ChannelGoneException when the window was {@linkplain #abandonAll abandoned}: nothing was recorded
     */
    long acquire(long seqNo, long stampNanos, long id, BeforeWait beforeWait)
            throws InterruptedException, java.io.IOException {
        long waited = 0;
        if (!permits.tryAcquire()) {
            beforeWait.run();
            long start = System.nanoTime();
            permits.acquire(refill); // one for this publish; the rest go back for the publishes that follow
            permits.release(refill - 1);
            waited = Math.max(1, System.nanoTime() - start);
        }
        if (abandoned) {
            permits.release();
            throw new ChannelGoneException(goneBecause);
        }
        int slot = slot(seqNo);
        while (stamps.getAcquire(slot) != EMPTY) {
            // an older publish, confirmed out of order around it, still holds the slot: rare and short
            Thread.onSpinWait();
        }
        seqNos.setPlain(slot, seqNo);
        ids[slot] = id;
        stamps.setRelease(slot, stampNanos);
        highestPublished = seqNo;
        return waited;
    }

    /** Releases the slot of a publish that failed before reaching the broker. */
    void abandon(long seqNo) {
        if (take(seqNo) != EMPTY) {
            permits.release();
        }
    }

    /**
     * Settles {@code seqNo} (and, when {@code multiple}, every earlier outstanding one), reporting each to
     * {@code events} as confirmed ({@code ack}) or nacked.
     */
    void settle(long seqNo, boolean multiple, boolean ack, long nowNanos, PublishEvents events) {
        int released = 0;
        if (multiple) {
            for (long s = lowestOutstanding; s <= seqNo; s++) {
                released += settleOne(s, ack, nowNanos, events);
            }
        } else {
            released = settleOne(seqNo, ack, nowNanos, events);
        }
        advanceLowest();
        if (released > 0) {
            permits.release(released);
        }
    }

    /**
     * The channel is gone: reports each outstanding message as {@link PublishEvents#unconfirmed}, frees every slot
     * (a publisher waiting for one wakes up and gets {@link ChannelGoneException}) and refuses later publishes.
     */
    void abandonAll(PublishEvents events, Throwable cause) {
        goneBecause = cause;
        abandoned = true;
        long highest = highestPublished;
        int released = 0;
        for (int slot = 0; slot < stamps.length(); slot++) {
            long seqNo = seqNos.getPlain(slot);
            long id = ids[slot];
            if (seqNo <= highest && take(seqNo) != EMPTY) {
                events.unconfirmed(id);
                released++;
            }
        }
        permits.release(released + size);
    }

    /** The ids of the messages outstanding now (read from another thread at the end of a run: a snapshot). */
    void outstandingIds(java.util.function.LongConsumer sink) {
        for (int slot = 0; slot < stamps.length(); slot++) {
            if (stamps.getAcquire(slot) != EMPTY) {
                sink.accept(ids[slot]);
            }
        }
    }

    boolean abandoned() {
        return abandoned;
    }

    /** Waits until nothing is outstanding; false on timeout. */
    boolean awaitEmpty(long timeoutMillis) throws InterruptedException {
        if (abandoned) {
            return true;
        }
        if (permits.tryAcquire(size, timeoutMillis, TimeUnit.MILLISECONDS)) {
            permits.release(size);
            return true;
        }
        return false;
    }

    int outstanding() {
        return abandoned ? 0 : size - permits.availablePermits();
    }

    /** A publish on a channel whose connection failed: it was not sent; send it again once the channel is back. */
    static final class ChannelGoneException extends java.io.IOException {
        ChannelGoneException(Throwable cause) {
            super("the channel closed while waiting for a confirm slot", cause);
        }
    }

    private int settleOne(long seqNo, boolean ack, long nowNanos, PublishEvents events) {
        long id = ids[slot(seqNo)]; // read before the slot is freed: the publisher may reuse it at once
        long stamp = take(seqNo);
        if (stamp == EMPTY) {
            return 0;
        }
        if (ack) {
            events.confirmed(nowNanos - stamp);
        } else {
            events.nacked(nowNanos - stamp, id);
        }
        return 1;
    }

    private void advanceLowest() {
        long highest = highestPublished;
        while (lowestOutstanding <= highest && !isOutstanding(lowestOutstanding)) {
            lowestOutstanding++;
        }
    }

    private boolean isOutstanding(long seqNo) {
        int slot = slot(seqNo);
        return stamps.getAcquire(slot) != EMPTY && seqNos.getPlain(slot) == seqNo;
    }

    /** Empties the slot of {@code seqNo} if it holds that publish; returns its stamp or EMPTY. */
    private long take(long seqNo) {
        int slot = slot(seqNo);
        long stamp = stamps.getAcquire(slot);
        if (stamp == EMPTY || seqNos.getPlain(slot) != seqNo) {
            return EMPTY;
        }
        return stamps.compareAndSet(slot, stamp, EMPTY) ? stamp : EMPTY;
    }

    private int slot(long seqNo) {
        return (int) (seqNo & mask);
    }
}
