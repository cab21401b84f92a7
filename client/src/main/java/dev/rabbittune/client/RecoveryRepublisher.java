package dev.rabbittune.client;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * After automatic recovery, publishes again everything unconfirmed, then what was held meanwhile, in order
 * (RECOVERING → OPEN): a recovered channel numbers its publishes from 1 again, and the broker dropped what the old
 * connection had not confirmed. A listener of the connection, not the channel: it runs after topology recovery, so
 * republished messages find their exchanges and bindings declared again. Each recovery start is a new generation;
 * the republishing of an older one that finds a newer failure leaves everything to the newer one's.
 */
final class RecoveryRepublisher implements RecoveryListener {

    private final PublisherState state;
    private final BlockedState blocked;
    private final Outbox outbox;
    private final ConfirmTracker confirms;
    private final Resender resender;
    private final ConnectionFailureWatch failureWatch;
    private final ChannelSwitch.ChannelOpener opener;
    private final AtomicLong republished;

    RecoveryRepublisher(PublisherState state, BlockedState blocked, Outbox outbox, ConfirmTracker confirms,
                        Resender resender, ConnectionFailureWatch failureWatch, ChannelSwitch.ChannelOpener opener,
                        AtomicLong republished) {
        this.state = state;
        this.blocked = blocked;
        this.outbox = outbox;
        this.confirms = confirms;
        this.resender = resender;
        this.failureWatch = failureWatch;
        this.opener = opener;
        this.republished = republished;
    }

    @Override
    public void handleRecoveryStarted(Recoverable recoverable) {
        state.recoveryStarts(); // also done when the channel shut down; again in case recovery came by another path
        // the old connection's alarm state goes with it; the new one's comes from the broker (so not cleared
        // later, when a connection.blocked on the new connection may have arrived already)
        blocked.clear();
    }

    @Override
    public void handleRecovery(Recoverable recoverable) {
        int generation = state.failures();
        resender.run(() -> republishAfter(generation)); // not queued: the publisher is closing, close() fails the rest
    }

    private void republishAfter(int generation) {
        Channel fresh = null;
        if (!outbox.channel().isOpen()) {
            // recovery brings back the channels it knew, not one the broker had closed or the publisher given up
            try {
                fresh = opener.open();
            } catch (IOException | RuntimeException e) {
                if (state.failures() == generation && !failureWatch.connectionFailing(generation)) {
                    String broken = "no channel opens after the connection recovered: " + e.getMessage();
                    state.broken(broken);
                    outbox.failAll(new PublishException(broken));
                } // else it failed again: the next recovery's republishing sends everything
                return;
            }
        }
        List<OutgoingMessage> returnedBefore = new ArrayList<>();
        Map<OutgoingMessage, PublishException> refused = new LinkedHashMap<>();
        Channel orphan = null;
        outbox.lock().lock();
        try {
            if (state.failures() != generation || state.sendsRefused()) {
                // it failed again meanwhile (the next recovery's republishing sends everything), or the publisher
                // closed and close() has failed the rest: a channel opened for it would be left open for good
                orphan = fresh;
                return;
            }
            if (fresh != null) {
                outbox.useChannel(fresh);
            }
            state.switched(); // a recovered channel numbers its publishes from 1 again, as the broker does
            List<OutgoingMessage> again = confirms.takeAll();
            again.addAll(outbox.takeUnsentLocked());
            republished.addAndGet(again.stream().filter(m -> !m.isDone()).count());
            outbox.sendAllLocked(again, true, returnedBefore, refused);
            // OPEN again once the republished messages are out (under the lock, so no publish comes between); a
            // failure from now on is a newer generation and keeps publishes held
            state.republished(generation);
        } finally {
            outbox.lock().unlock();
            if (orphan != null) {
                ChannelSwitch.abort(orphan);
            }
        }
        returnedBefore.forEach(m -> confirms.finish(m, null));
        refused.forEach(confirms::finish);
    }
}
