package dev.rabbittune.bench;

import com.rabbitmq.client.AMQP;
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
    }

    /** Publishes one message stamped with {@code stampNanos}; false when it has sent its message count. */
    boolean publishOne(long stampNanos) throws IOException, InterruptedException {
        if (done()) {
            return false;
        }
        if (rpcOutstanding != null && !rpcOutstanding.tryAcquire(5, TimeUnit.SECONDS)) {
            rpcOutstanding.release(); // the reply was lost or is very late: do not stall the client forever
        }
        int size = sizes.draw(random);
        byte[] body = reuseBodies ? bodies.computeIfAbsent(size, byte[]::new) : new byte[size];
        MessageStamp.write(body, stampNanos - origin, runMarker);
        publisher.publish(exchange, routingKey, properties, body, stampNanos);
        published++;
        return true;
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
