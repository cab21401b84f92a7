package dev.rabbittune.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import java.io.IOException;

/**
 * Publishes on one channel with confirms (a window of outstanding messages), transactions, or neither, and reports
 * confirms, nacks and returns to {@link PublishEvents}. Not thread-safe: one publishing thread per publisher, as a
 * channel must not be shared between publishing threads.
 *
 * <p>The benchmark's publisher: it counts, it does not keep messages. After a connection recovery the channel numbers
 * publishes from 1 again and the window's outstanding slots are never confirmed, so use it on connections without
 * automatic recovery; applications that must not lose a message use {@link ReliablePublisher}.
 */
final class Publisher {

    private final Channel channel;
    private final PublishSettings settings;
    private final PublishEvents events;
    private final ConfirmWindow window;
    private int uncommitted;

    private Publisher(Channel channel, PublishSettings settings, PublishEvents events) {
        this.channel = channel;
        this.settings = settings;
        this.events = events;
        this.window = settings.confirmWindow() > 0 ? new ConfirmWindow(settings.confirmWindow()) : null;
    }

    /** Puts {@code channel} in confirm or transaction mode as {@code settings} say and listens for its events. */
    public static Publisher on(Channel channel, PublishSettings settings, PublishEvents events) throws IOException {
        Publisher publisher = new Publisher(channel, settings, events);
        if (publisher.window != null) {
            channel.confirmSelect();
            channel.addConfirmListener(
                    (seqNo, multiple) -> publisher.window.settle(seqNo, multiple, true, System.nanoTime(), events),
                    (seqNo, multiple) -> publisher.window.settle(seqNo, multiple, false, System.nanoTime(), events));
        } else if (settings.txSize() > 0) {
            channel.txSelect();
        }
        if (settings.mandatory()) {
            channel.addReturnListener(returned -> events.returned());
        }
        return publisher;
    }

    /**
     * Publishes one message, first waiting for room in the confirm window if it is full.
     *
     * @param stampNanos the {@link System#nanoTime()} the message's latency is measured from (its send time, or in
     *                   fixed-rate mode the time it was due)
     */
    public void publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body,
                        long stampNanos) throws IOException, InterruptedException {
        long seqNo = 0;
        if (window != null) {
            seqNo = channel.getNextPublishSeqNo();
            window.acquire(seqNo, stampNanos);
        }
        try {
            channel.basicPublish(exchange, routingKey, settings.mandatory(), properties, body);
        } catch (IOException | RuntimeException e) {
            if (window != null) {
                window.abandon(seqNo);
            }
            throw e;
        }
        events.sent(stampNanos);
        if (settings.txSize() > 0 && ++uncommitted == settings.txSize()) {
            commit();
        }
    }

    /**
     * Commits an open transaction and waits up to {@code timeoutMillis} for outstanding confirms.
     *
     * @return true when nothing is left unconfirmed
     */
    public boolean flush(long timeoutMillis) throws IOException, InterruptedException {
        if (uncommitted > 0) {
            commit();
        }
        return window == null || window.awaitEmpty(timeoutMillis);
    }

    /** Messages published and not yet confirmed or nacked. */
    public int outstanding() {
        return window == null ? 0 : window.outstanding();
    }

    public Channel channel() {
        return channel;
    }

    private void commit() throws IOException {
        channel.txCommit();
        events.committed(uncommitted);
        uncommitted = 0;
    }
}
