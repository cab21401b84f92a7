package dev.rabbittune.client;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The publisher's channel and the messages held back from it, behind one lock that publishing threads take turns
 * on. A message is sent on the channel (and tracked by its sequence number) or, while the publisher is RECOVERING or
 * SWITCHING, held in order until the republishing or the new channel sends it.
 *
 * <p>The lock is never held while completing a future or waiting for the broker: methods named {@code ...Locked}
 * need it held, and report what to finish (refused, returned) for the caller to finish once it is free.
 */
final class Outbox {

    private final ReentrantLock lock = new ReentrantLock();
    private final PublisherState state;
    private final ConfirmTracker confirms;
    private final boolean mandatory;
    private final Consumer<Channel> giveUp;
    private final List<OutgoingMessage> unsent = new ArrayList<>();
    private volatile Channel channel;

    /** {@code giveUp} has a new channel take over from one whose numbering can no longer be trusted. */
    Outbox(PublisherState state, ConfirmTracker confirms, boolean mandatory, Consumer<Channel> giveUp) {
        this.state = state;
        this.confirms = confirms;
        this.mandatory = mandatory;
        this.giveUp = giveUp;
    }

    ReentrantLock lock() {
        return lock;
    }

    Channel channel() {
        return channel;
    }

    /** Makes {@code fresh} the channel; the first one from the constructor, later ones under the lock. */
    void useChannel(Channel fresh) {
        channel = fresh;
    }

    /** Takes the lock (waiting as long as it takes: the resender's retries) and sends. */
    void send(OutgoingMessage message) {
        lock.lock();
        sendAndUnlock(message);
    }

    /** Sends with the lock held, releases it, then fails the message if it could not be sent. */
    void sendAndUnlock(OutgoingMessage message) {
        PublishException refused;
        try {
            refused = sendLocked(message, false);
        } finally {
            lock.unlock();
        }
        if (refused != null) {
            confirms.finish(message, refused);
        }
    }

    /**
     * Publishes on the channel, or holds the message while the channel is down; call with the lock held. Only the
     * republishing after a recovery ({@code republishing}) sends while recovery is under way.
     *
     * @return why the message cannot be sent at all (the caller fails it once the lock is released), or null
     */
    PublishException sendLocked(OutgoingMessage message, boolean republishing) {
        PublisherState.Phase phase = state.phase();
        if (phase.closed() || phase.brokenReason() != null) {
            return new PublishException("message " + message.id() + " was not sent: "
                    + (phase.brokenReason() != null ? phase.brokenReason() : "the publisher closed"));
        }
        Channel on = channel;
        if (phase.recovering() && !republishing || on == phase.abandoned()) {
            unsent.add(message); // published again, in order, once recovery (or a new channel) is there
            return null;
        }
        long seqNo = on.getNextPublishSeqNo();
        // 0: a recovering channel not yet back in confirm mode; a taken number: a recovery under way. Either way the
        // recovery's republishing sends it.
        if (seqNo == 0 || !confirms.sentAs(on, seqNo, message)) {
            unsent.add(message);
            return null;
        }
        return publishLocked(on, seqNo, message);
    }

    private PublishException publishLocked(Channel on, long seqNo, OutgoingMessage message) {
        // amqp-client's NIO writer drops a frame, silently, when the thread's interrupt flag is set
        boolean interrupted = Thread.interrupted();
        try {
            on.basicPublish(message.exchange, message.routingKey, mandatory, message.properties, message.body);
        } catch (IOException | ShutdownSignalException e) {
            // not sent: kept for republishing once the channel is back
            confirms.notSent(seqNo, message);
            unsent.add(message);
            if (on.isOpen()) {
                // the channel looks fine (the NIO writer's queue was full, say), but the sequence number is taken
                abandonLocked(on);
            }
        } catch (RuntimeException e) {
            confirms.notSent(seqNo, message);
            if (!on.isOpen()) {
                unsent.add(message);
                return null;
            }
            // refused while encoding, after amqp-client took the sequence number: what is sent next would be
            // numbered one ahead of the broker, so nothing more is; a new channel takes over
            abandonLocked(on);
            return new PublishException("message " + message.id() + " was not sent: " + e, e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return null;
    }

    /** SWITCHING: nothing more is sent on {@code which}, and a new channel takes over. */
    private void abandonLocked(Channel which) {
        state.abandon(which);
        giveUp.accept(which);
    }

    /**
     * Sends {@code messages} in order; call with the lock held. One already returned unroutable goes to
     * {@code returnedBefore} (only its slot is left to release), one that cannot be sent to {@code refused}: the
     * caller finishes both once the lock is free.
     */
    void sendAllLocked(List<OutgoingMessage> messages, boolean republishing, List<OutgoingMessage> returnedBefore,
                       Map<OutgoingMessage, PublishException> refused) {
        for (OutgoingMessage message : messages) {
            if (message.isDone()) {
                returnedBefore.add(message);
                continue;
            }
            PublishException why = sendLocked(message, republishing);
            if (why != null) {
                refused.put(message, why);
            }
        }
    }

    /** What was held back, in order, taken out; call with the lock held. */
    List<OutgoingMessage> takeUnsentLocked() {
        List<OutgoingMessage> held = new ArrayList<>(unsent);
        unsent.clear();
        return held;
    }

    /** Puts {@code messages} back before what is held, in order; call with the lock held. */
    void holdFirstLocked(List<OutgoingMessage> messages) {
        unsent.addAll(0, messages);
    }

    /** Fails every message not yet settled (the unconfirmed and the held) with {@code failure}. */
    void failAll(RuntimeException failure) {
        List<OutgoingMessage> left;
        lock.lock();
        try {
            left = confirms.takeAll();
            left.addAll(takeUnsentLocked());
        } finally {
            lock.unlock();
        }
        left.forEach(message -> confirms.finish(message, failure));
    }
}
