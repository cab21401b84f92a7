package dev.rabbittune.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.rabbittune.client.WriteCoalescing;
import java.io.IOException;

/**
 * Publishes on one channel with confirms (a window of outstanding messages), transactions, or neither, and reports
 * confirms, nacks and returns to {@link PublishEvents}. Not thread-safe: one publishing thread per publisher, as a
 * channel must not be shared between publishing threads.
 *
 * <p>The benchmark's publisher: it counts, it does not keep messages (applications that must not lose one use the
 * library's {@code ReliablePublisher}). When its channel goes with a failing connection, the messages it had not seen
 * confirmed are reported {@link PublishEvents#unconfirmed} and the window starts anew, since a recovered channel
 * numbers its publishes from 1 again; a publish made while the channel is down throws and can be made again after
 * recovery.
 */
final class Publisher {

    private final Channel channel;
    private final PublishSettings settings;
    private final PublishEvents events;
    private static final ConfirmWindow.BeforeWait FLUSH_HELD_WRITES = () -> WriteCoalescing.flushDeferred(false);

    private final int refill;
    private volatile ConfirmWindow window;
    // connection.blocked received and no connection.unblocked (nor a new connection) since
    private volatile boolean connectionBlocked;
    private int uncommitted;

    private Publisher(Channel channel, PublishSettings settings, PublishEvents events, boolean refillInBatches) {
        this.channel = channel;
        this.settings = settings;
        this.events = events;
        this.refill = refillInBatches ? ConfirmWindow.quarterOf(settings.confirmWindow()) : 1;
        this.window = settings.confirmWindow() > 0 ? newWindow() : null;
    }

    /**
     * Puts {@code channel} in confirm or transaction mode as {@code settings} say and listens for its events. With
     * {@code refillInBatches} (a producer publishing flat out) a full confirm window resumes when a quarter of it is
     * free ({@link ConfirmWindow}); a paced producer resumes at the first free slot, since its pacing thread serves
     * other producers too.
     */
    public static Publisher on(Channel channel, PublishSettings settings, PublishEvents events,
                               boolean refillInBatches) throws IOException {
        Publisher publisher = new Publisher(channel, settings, events, refillInBatches);
        if (publisher.window != null) {
            channel.confirmSelect();
            channel.addShutdownListener(publisher::channelGone);
            channel.addConfirmListener(
                    (seqNo, multiple) -> publisher.window.settle(seqNo, multiple, true, System.nanoTime(), events),
                    (seqNo, multiple) -> publisher.window.settle(seqNo, multiple, false, System.nanoTime(), events));
        } else if (settings.txSize() > 0) {
            channel.txSelect();
        }
        if (settings.mandatory()) {
            channel.addReturnListener(returned -> events.returned(idOf(returned.getBody())));
        }
        Connection connection = channel.getConnection();
        connection.addBlockedListener(reason -> publisher.connectionBlocked = true,
                () -> publisher.connectionBlocked = false);
        // the block goes with the connection: a new one starts unblocked, and if the alarm is still on the broker
        // says so again on its first publish (rabbit_reader in v3.10.8: a connection is "blocking", not yet
        // blocked, until it publishes; https://www.rabbitmq.com/docs/connection-blocked). Cleared when the old one goes, not once the channel is back: by then
        // the new connection may already have been blocked (amqp-client keeps both kinds of listener for the
        // connections of a recovery), and a connection that is not recovered must not stay blocked forever
        connection.addShutdownListener(cause -> publisher.connectionBlocked = false);
        return publisher;
    }

    /**
     * Publishes one message, first waiting for room in the confirm window if it is full.
     *
     * @param stampNanos the {@link System#nanoTime()} the message's latency is measured from (its send time, or in
     *                   fixed-rate mode the time it was due)
     * @param id         the run's identity of the message, reported back with a nack or when it goes unconfirmed
     */
    public void publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body,
                        long stampNanos, long id) throws IOException, InterruptedException {
        long seqNo = 0;
        ConfirmWindow confirms = window;
        if (confirms != null) {
            seqNo = channel.getNextPublishSeqNo();
            if (seqNo == 0) {
                // a recovered channel is open before amqp-client has put it in confirm mode again
                throw new ConfirmWindow.ChannelGoneException(null);
            }
            long waited = confirms.acquire(seqNo, stampNanos, id, FLUSH_HELD_WRITES);
            if (waited > 0) {
                events.waitedForSlot(waited);
            }
        }
        try {
            channel.basicPublish(exchange, routingKey, settings.mandatory(), properties, body);
        } catch (IOException | RuntimeException e) {
            if (confirms != null) {
                confirms.abandon(seqNo);
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
        ConfirmWindow confirms = window;
        return confirms == null || confirms.awaitEmpty(timeoutMillis);
    }

    /** The identity a returned body carries, or -1. */
    private static long idOf(byte[] body) {
        int producer = body == null ? -1 : MessageStamp.producer(body);
        return producer < 0 ? -1 : Producer.id(producer, MessageStamp.seq(body));
    }

    /** The channel closed (its connection failed, or the run ends): what it had not confirmed never will be. */
    private void channelGone(com.rabbitmq.client.ShutdownSignalException cause) {
        ConfirmWindow gone = window;
        gone.abandonAll(events, cause); // counted before the new window shows, so a snapshot never misses them
        window = newWindow();
    }

    private ConfirmWindow newWindow() {
        return new ConfirmWindow(settings.confirmWindow(), refill);
    }

    /** Messages published and not yet confirmed or nacked. */
    public int outstanding() {
        ConfirmWindow confirms = window;
        return confirms == null ? 0 : confirms.outstanding();
    }

    /** Gives the run's identity of each unconfirmed message to {@code ids}. */
    void outstandingIds(java.util.function.LongConsumer ids) {
        ConfirmWindow confirms = window;
        if (confirms != null) {
            confirms.outstandingIds(ids);
        }
    }

    public Channel channel() {
        return channel;
    }

    /** Whether the broker blocks this channel's connection (a memory or disk alarm) right now. */
    boolean connectionBlocked() {
        return connectionBlocked;
    }

    private void commit() throws IOException {
        channel.txCommit();
        events.committed(uncommitted);
        uncommitted = 0;
    }
}
