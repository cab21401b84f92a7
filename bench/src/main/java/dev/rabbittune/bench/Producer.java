package dev.rabbittune.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One benchmark producer: a {@link Publisher} on its own channel, its routing and its message bodies. Used by exactly
 * one thread at a time (its own loop or the pacing thread it is assigned to). Its bodies come from a
 * {@link BodySource}; generated ones also carry the message's identity ({@link MessageStamp#writeId}).
 */
final class Producer {

    static final String DIRECT_REPLY_TO = "amq.rabbitmq.reply-to";

    /** Bits of a message id that hold its sequence number; the producer's index is above them. */
    static final int SEQ_BITS = 40;

    private final Publisher publisher;
    private final String exchange;
    private final RoutingKeys routingKeys;
    private final AMQP.BasicProperties properties;
    private final BodySource bodies;
    private final Stamps stamps;
    private final long start;
    private final long limit;
    private final Semaphore rpcOutstanding;
    private final SplittableRandom random;
    private final int index;
    private long published;

    Producer(Publisher publisher, String exchange, RoutingKeys routingKeys, AMQP.BasicProperties properties,
             BodySource bodies, Stamps stamps, long start, long limit, Semaphore rpcOutstanding, long seed) {
        this.publisher = publisher;
        this.exchange = exchange;
        this.routingKeys = routingKeys;
        this.properties = properties;
        this.bodies = bodies;
        this.stamps = stamps;
        this.start = start;
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
        return publishOne(stampNanos, publishing, true);
    }

    /**
     * {@link #publishOne(long, java.util.function.BooleanSupplier)}; with {@code mayWait} false (a pacing thread,
     * whose other producers would wait too) it neither waits for a recovery nor writes while the broker blocks the
     * connection (a resource alarm: the write could hang once the socket's buffer is full): it returns true without
     * sending, and {@link #published} shows that nothing went.
     */
    boolean publishOne(long stampNanos, java.util.function.BooleanSupplier publishing, boolean mayWait)
            throws IOException, InterruptedException {
        if (done()) {
            return false;
        }
        if (!mayWait && (publisher.connectionBlocked() || Recovery.willRecover(publisher.channel()))) {
            return true;
        }
        if (rpcOutstanding != null && !rpcOutstanding.tryAcquire(5, TimeUnit.SECONDS)) {
            rpcOutstanding.release(); // the reply was lost or is very late: do not stall the client forever
        }
        byte[] body = bodies.next(stampNanos, stampNanos - start, random);
        AMQP.BasicProperties sent = properties;
        if (stamps.inHeader()) {
            // the user's body (a file, JSON) is not ours to write: the send time travels in a header
            sent = properties.builder().headers(stamps.stampHeaders(properties.getHeaders(), stampNanos)).build();
        } else {
            MessageStamp.writeId(body, index, published);
        }
        try {
            publisher.publish(exchange, routingKeys.next(random), sent, body, stampNanos, id(index, published));
        } catch (IOException | com.rabbitmq.client.AlreadyClosedException e) {
            if (e instanceof ConfirmWindow.ChannelGoneException && publisher.channel().isOpen()
                    && publisher.channel() instanceof com.rabbitmq.client.Recoverable) {
                if (mayWait) {
                    Thread.sleep(1); // recovered, not yet in confirm mode again: publish again in a moment
                }
                return true;
            }
            if (!Recovery.willRecover(publisher.channel(), e)) {
                throw e;
            }
            if (mayWait) {
                Recovery.await(publisher.channel(), publishing);
            }
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
