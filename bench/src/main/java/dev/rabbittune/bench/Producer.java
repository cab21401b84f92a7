package dev.rabbittune.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One benchmark producer: a {@link Publisher} on its own channel, its routing and its message bodies. Used by exactly
 * one thread at a time (its own loop or the pacing thread it is assigned to).
 *
 * <p>With amqp-client's blocking frame handler {@code basicPublish} has written (or buffered a copy of) the body
 * before it returns, so bodies are reused per size; with NIO the frame still references the array while it waits
 * in the write queue, so each message gets its own.
 */
final class Producer {

    static final String DIRECT_REPLY_TO = "amq.rabbitmq.reply-to";

    /** Bits of a message id that hold its sequence number; the producer's index is above them. */
    static final int SEQ_BITS = 40;

    private final Publisher publisher;
    private final String exchange;
    private final String routingKey;
    private final AMQP.BasicProperties properties;
    private final SizeMix sizes;
    private final int runMarker;
    private final long origin;
    private final long limit;
    private final Semaphore rpcOutstanding;
    private final boolean reuseBodies;
    private final Map<Integer, byte[]> bodies = new HashMap<>();
    private final SplittableRandom random;
    private final int index;
    private long published;

    Producer(Publisher publisher, String exchange, String routingKey, AMQP.BasicProperties properties, SizeMix sizes,
             int runMarker, long origin, long limit, Semaphore rpcOutstanding, boolean reuseBodies, long seed) {
        this.reuseBodies = reuseBodies;
        this.origin = origin;
        this.publisher = publisher;
        this.exchange = exchange;
        this.routingKey = routingKey;
        this.properties = properties;
        this.sizes = sizes;
        this.runMarker = runMarker;
        this.limit = limit;
        this.rpcOutstanding = rpcOutstanding;
        this.random = new SplittableRandom(seed);
        this.index = (int) seed;
    }

    /** The run's identity of message {@code seq} of producer {@code producer}. */
    static long id(int producer, long seq) {
        return (long) producer << SEQ_BITS | seq;
    }

    static int producerOf(long id) {
        return (int) (id >>> SEQ_BITS);
    }

    static long seqOf(long id) {
        return id & ((1L << SEQ_BITS) - 1);
    }

    /**
     * Publishes one message stamped with {@code stampNanos}; false when it has sent its message count. While the
     * connection is down and being recovered the message is not sent: this waits until the channel is back (or
     * {@code publishing} turns false) and returns true, and the caller publishes again.
     */
    boolean publishOne(long stampNanos, java.util.function.BooleanSupplier publishing)
            throws IOException, InterruptedException {
        if (done()) {
            return false;
        }
        if (rpcOutstanding != null && !rpcOutstanding.tryAcquire(5, TimeUnit.SECONDS)) {
            rpcOutstanding.release(); // the reply was lost or is very late: do not stall the client forever
        }
        int size = sizes.draw(random);
        byte[] body = reuseBodies ? bodies.computeIfAbsent(size, byte[]::new) : new byte[size];
        MessageStamp.write(body, stampNanos - origin, runMarker);
        MessageStamp.writeId(body, index, published);
        try {
            publisher.publish(exchange, routingKey, properties, body, stampNanos, id(index, published));
        } catch (IOException | com.rabbitmq.client.AlreadyClosedException e) {
            if (e instanceof ConfirmWindow.ChannelGoneException && publisher.channel().isOpen()
                    && publisher.channel() instanceof com.rabbitmq.client.Recoverable) {
                Thread.sleep(1); // recovered, not yet in confirm mode again: publish again in a moment
                return true;
            }
            if (!Recovery.willRecover(publisher.channel(), e)) {
                throw e;
            }
            Recovery.await(publisher.channel(), publishing);
            return true;
        }
        published++;
        return true;
    }

    /** Messages published so far (the next message's sequence number). */
    long published() {
        return published;
    }

    /** Unconfirmed messages right now. */
    int outstanding() {
        return publisher.outstanding();
    }

    /** Adds the sequence numbers of this producer's unconfirmed messages to {@code seqs}. */
    void outstandingSeqs(java.util.BitSet seqs) {
        publisher.outstandingIds(id -> {
            if (id >= 0 && seqOf(id) <= Integer.MAX_VALUE) {
                seqs.set((int) seqOf(id));
            }
        });
    }

    int index() {
        return index;
    }

    long limit() {
        return limit;
    }

    boolean done() {
        return limit > 0 && published >= limit;
    }

    /** Waits up to {@code timeoutMillis} for outstanding confirms (and commits an open transaction). */
    boolean flush(long timeoutMillis) throws IOException, InterruptedException {
        return publisher.flush(timeoutMillis);
    }

    /** An RPC client's reply arrived: it may send its next request. */
    void replyReceived() {
        if (rpcOutstanding != null) {
            rpcOutstanding.release();
        }
    }
}
