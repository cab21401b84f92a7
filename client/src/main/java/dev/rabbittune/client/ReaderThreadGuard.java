package dev.rabbittune.client;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Lock;

/**
 * Keeps the connection's reader thread (which delivers confirms, returns, {@code connection.blocked} and every
 * reply) from waiting for something only it could bring: a window slot, confirms, or a lock held by a publish
 * writing to a socket a blocked broker does not read. A future's {@code whenComplete} callback runs on that thread,
 * also a callback of another publisher on a shared connection; so the thread is learnt before the channel's first
 * confirm, and again after each recovery (a recovered connection reads on a new thread).
 */
final class ReaderThreadGuard {

    // how long a publish from the connection's own thread (a whenComplete callback) waits for the lock at most
    private static final long READER_LOCK_WAIT_MS = 1_000;
    // how long learning the connection's reader thread waits for the reply that shows it
    private static final long READER_PROBE_WAIT_MS = 5_000;

    private final Resender resender;
    private volatile Thread readerThread;

    ReaderThreadGuard(Resender resender) {
        this.resender = resender;
    }

    /** Called from every callback of the connection: the calling thread is the reader. */
    void noteReaderThread() {
        Thread current = Thread.currentThread();
        if (readerThread != current) {
            readerThread = current;
        }
    }

    boolean onReaderThread() {
        return Thread.currentThread() == readerThread;
    }

    /** The reader and the resender settle messages: neither may wait for a slot only it could free. */
    boolean onSettlingThread() {
        return onReaderThread() || resender.isCurrentThread();
    }

    /** Refuses to wait for a window slot on a settling thread. */
    void refuseToWaitForSlot(boolean settlingThread) {
        if (settlingThread) {
            throw new IllegalStateException("the publish window is full and this is the thread that reads the"
                    + " confirms that would free it: publish from whenCompleteAsync, not whenComplete");
        }
    }

    /** On the reader thread, waits a bounded time for {@code lock}, then refuses; the caller holds it on return. */
    void lockOnReaderThread(Lock lock) throws InterruptedException {
        if (!lock.tryLock(READER_LOCK_WAIT_MS, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("another publish has held the channel for " + READER_LOCK_WAIT_MS
                    + " ms (a socket the broker does not read?) and this is the connection's own thread, which must"
                    + " not wait: publish from whenCompleteAsync, not whenComplete");
        }
    }

    /**
     * Learns which thread reads {@code on}'s frames before its first confirm does. A harmless request (prefetch 0 is a
     * publishing channel's default) whose reply is handled on that thread; waited for, a round trip at most a few
     * times, so that it is known before anything is published on the channel. Call without the publisher's lock: the
     * reply is the connection thread's to read.
     */
    void learnReaderThread(Channel on) {
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                if (probe(on).get(READER_PROBE_WAIT_MS, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                return; // the channel is going: its first confirm would have told, and none will come
            }
        }
    }

    /** Sends the probe; completes true once the reader thread is noted (or the channel failed), false to try again. */
    CompletableFuture<Boolean> probe(Channel on) {
        Thread asking = Thread.currentThread();
        CompletableFuture<Boolean> learned = new CompletableFuture<>();
        try {
            on.asyncCompletableRpc(new AMQP.Basic.Qos.Builder().prefetchCount(0).build())
                    .whenComplete((reply, failure) -> {
                        // on the asking thread when the reply was in before this callback was attached
                        boolean fromReader = Thread.currentThread() != asking;
                        if (fromReader && failure == null) {
                            noteReaderThread();
                        }
                        learned.complete(fromReader || failure != null);
                    });
        } catch (IOException | RuntimeException e) {
            learned.complete(true); // the channel is going: nothing to learn on it
        }
        return learned;
    }
}
