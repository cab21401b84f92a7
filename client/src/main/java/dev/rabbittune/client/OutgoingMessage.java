package dev.rabbittune.client;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One message a {@link ReliablePublisher} accepted, from its {@code publish} until its future completes: what to
 * send (again, after a failure), the caller's future, and whether its window slot is back.
 */
final class OutgoingMessage {
    final String exchange;
    final String routingKey;
    final AMQP.BasicProperties properties;
    final byte[] body;
    final CompletableFuture<Void> future = new CompletableFuture<>();
    final AtomicBoolean slotReleased = new AtomicBoolean();
    // sends so far; only the resender, retrying a nack, writes it
    int attempts = 1;
    // the channel of its last send: a confirm settles it only when it comes from that channel
    volatile Channel sentOn;

    OutgoingMessage(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
        this.exchange = exchange;
        this.routingKey = routingKey;
        this.properties = properties;
        this.body = body;
    }

    String id() {
        return properties.getMessageId();
    }

    /** Settled already: confirmed, or failed (returned unroutable, say) and only its slot may be left to release. */
    boolean isDone() {
        return future.isDone();
    }
}
