package dev.rabbittune.client;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Has a new channel take over from a failed one while the connection stays up (SWITCHING → OPEN). Two causes:
 * the broker closed the channel (a channel error, such as publishing to an exchange that does not exist), or the
 * publisher gave it up (a publish failed after amqp-client took its sequence number, so later numbers would be one
 * ahead of the broker's). Runs on the resender, never on the connection's thread: opening a channel is two round
 * trips, and it never holds the publisher's lock meanwhile.
 */
final class ChannelSwitch {

    // how long the confirms of a channel given up on (a publish failed to encode) are awaited before republishing
    private static final long ABANDONED_CONFIRMS_WAIT_MS = 10_000;

    /** Opens a confirm-mode channel wired to the publisher. */
    @FunctionalInterface
    interface ChannelOpener {
        Channel open() throws IOException;
    }

    private final Connection connection;
    private final PublisherState state;
    private final Outbox outbox;
    private final ConfirmTracker confirms;
    private final ConnectionFailureWatch failureWatch;
    private final ChannelOpener opener;
    private final AtomicLong republished;

    ChannelSwitch(Connection connection, PublisherState state, Outbox outbox, ConfirmTracker confirms,
                  ConnectionFailureWatch failureWatch, ChannelOpener opener, AtomicLong republished) {
        this.connection = connection;
        this.state = state;
        this.outbox = outbox;
        this.confirms = confirms;
        this.failureWatch = failureWatch;
        this.opener = opener;
        this.republished = republished;
    }

    /**
     * A new channel takes over from {@code failed}. Closed by the broker ({@code brokerReason} says why): what it had
     * not confirmed fails with that reason. Given up by the publisher ({@code brokerReason} null): everything sent
     * on it still numbers as the broker does, so its confirms are awaited first, and what has none yet is published
     * again on the new channel.
     */
    void replace(Channel failed, String brokerReason) {
        if (brokerReason == null) {
            awaitOwnConfirms(failed);
        }
        List<OutgoingMessage> inFlight = takeInFlight(failed, brokerReason == null);
        if (inFlight == null) {
            return;
        }
        String reason = brokerReason != null ? "the broker closed the channel: " + brokerReason
                : "the channel was given up after a publish failed on it";
        if (brokerReason != null) {
            inFlight.forEach(m -> confirms.finish(m, new PublishException("message " + m.id()
                    + " was not confirmed: " + reason)));
            inFlight.clear();
        }
        Channel fresh;
        try {
            fresh = opener.open(); // two round trips: never under the lock the connection's thread may need
        } catch (IOException | RuntimeException e) {
            if (failureWatch.connectionFailing(state.phase().republished())) {
                holdForRecovery(inFlight); // the republishing after recovery sends them
            } else {
                String broken = reason + ", and no new channel opens: " + e.getMessage();
                abort(failed); // first: a late confirm on it must not settle what is failed below
                state.broken(broken);
                PublishException failure = new PublishException(broken);
                inFlight.forEach(m -> confirms.finish(m, failure));
                outbox.failAll(failure);
            }
            return;
        }
        abort(failed); // else the connection keeps it registered and recovers it with the next failure
        takeOver(fresh, inFlight);
    }

    /**
     * What {@code failed} has not confirmed yet, taken out of the tracker; null when there is nothing to replace:
     * another channel took over already, the publisher closed, or (for a channel given up) the connection failed
     * meanwhile, so that recovery brings it back numbered afresh and the republishing after it sends everything.
     */
    private List<OutgoingMessage> takeInFlight(Channel failed, boolean givenUp) {
        outbox.lock().lock();
        try {
            PublisherState.Phase phase = state.phase();
            if (outbox.channel() != failed || phase.closed()) {
                return null;
            }
            if (givenUp && (phase.abandoned() != failed || phase.recovering() || !connection.isOpen())) {
                return null;
            }
            if (!givenUp) {
                state.abandon(failed); // SWITCHING (a channel given up is so already)
            }
            return confirms.takeAll();
        } finally {
            outbox.lock().unlock();
        }
    }

    /** Puts {@code inFlight} back before what is held, in order, for the republishing after recovery. */
    private void holdForRecovery(List<OutgoingMessage> inFlight) {
        List<OutgoingMessage> returnedBefore = new ArrayList<>();
        boolean closedMeanwhile;
        outbox.lock().lock();
        try {
            closedMeanwhile = state.sendsRefused(); // close() has passed and will not see these: fail them below
            List<OutgoingMessage> held = new ArrayList<>();
            for (OutgoingMessage message : inFlight) {
                (message.isDone() ? returnedBefore : held).add(message);
            }
            if (!closedMeanwhile) {
                outbox.holdFirstLocked(held);
            }
        } finally {
            outbox.lock().unlock();
        }
        if (closedMeanwhile) {
            PublishException closed = new PublishException("not confirmed before the publisher closed");
            inFlight.stream().filter(m -> !m.isDone()).forEach(m -> confirms.finish(m, closed));
        }
        returnedBefore.forEach(m -> confirms.finish(m, null));
    }

    /** Makes {@code fresh} the channel and sends on it what was in flight on the old one, then what was held. */
    private void takeOver(Channel fresh, List<OutgoingMessage> inFlight) {
        Map<OutgoingMessage, PublishException> refused = new LinkedHashMap<>();
        List<OutgoingMessage> returnedBefore = new ArrayList<>();
        Channel orphan;
        outbox.lock().lock();
        try {
            outbox.useChannel(fresh); // when the publisher closed meanwhile, close() has passed: abort it below
            state.switched();
            orphan = state.sendsRefused() ? fresh : null;
            republished.addAndGet(inFlight.stream().filter(m -> !m.isDone()).count());
            List<OutgoingMessage> waiting = new ArrayList<>(inFlight); // what was sent before anything held goes first
            waiting.addAll(outbox.takeUnsentLocked());
            outbox.sendAllLocked(waiting, false, returnedBefore, refused);
        } finally {
            outbox.lock().unlock();
        }
        if (orphan != null) {
            abort(orphan);
        }
        returnedBefore.forEach(m -> confirms.finish(m, null));
        refused.forEach(confirms::finish);
    }

    /** Waits a while for the confirms of what was sent on {@code abandoned}; nothing is sent on it meanwhile. */
    private void awaitOwnConfirms(Channel abandoned) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ABANDONED_CONFIRMS_WAIT_MS);
        try {
            // a recovery under way means the connection is gone: no confirm will come, its republishing sends them
            confirms.awaitNoneUnconfirmed(() -> !abandoned.isOpen() || state.sendsRefused()
                    || state.phase().recovering(), deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // what is still unconfirmed is published again on the new channel
        }
    }

    static void abort(Channel channel) {
        try {
            channel.abort();
        } catch (IOException | RuntimeException e) {
            // already closed
        }
    }
}
