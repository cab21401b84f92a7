package dev.rabbittune.client;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Opens the publisher's confirm-mode channels and hands what the broker says on them to the part it is for:
 * confirms to the {@link ConfirmTracker} (nacks worth a retry to the resender), returns to the
 * {@link ReturnMatcher}, a shutdown to recovery (a connection failure), to BROKEN (the connection closed for good)
 * or to the {@link ChannelSwitch} (a channel error). Each listener runs on the connection's thread and never waits.
 */
final class PublishingChannels {

    /** The parts a channel's events go to, made before the first channel opens. */
    record Parts(PublisherState state, ConfirmTracker confirms, ReturnMatcher returns, ReaderThreadGuard readers,
                 Resender resender, Outbox outbox, ProgressSignal progress, AtomicLong republished) {
    }

    private final Connection connection;
    private final int maxNackRetries;
    private final Parts parts;
    private final BiConsumer<Channel, String> channelError;

    /** {@code channelError} has a new channel take over from one the broker closed (with its reason). */
    PublishingChannels(Connection connection, int maxNackRetries, Parts parts,
                       BiConsumer<Channel, String> channelError) {
        this.connection = connection;
        this.maxNackRetries = maxNackRetries;
        this.parts = parts;
        this.channelError = channelError;
    }

    /** A new channel in confirm mode, its listeners attached and its reader thread learnt: call without the lock. */
    Channel open() throws IOException {
        Channel opened = connection.createChannel();
        if (opened == null) {
            throw new IOException("the connection has no free channel number");
        }
        opened.confirmSelect();
        opened.addConfirmListener((seqNo, multiple) -> confirmed(opened, seqNo, multiple, true),
                (seqNo, multiple) -> confirmed(opened, seqNo, multiple, false));
        opened.addReturnListener(this::returned);
        opened.addShutdownListener(cause -> shutDown(opened, cause));
        if (opened instanceof Recoverable recoverable) {
            // a recovered connection reads on a new thread: ask at once, before any publisher on it republishes
            // and a callback of theirs may publish here
            recoverable.addRecoveryListener(new RecoveryListener() {
                @Override
                public void handleRecovery(Recoverable recovered) {
                    parts.readers().probe(opened);
                }

                @Override
                public void handleRecoveryStarted(Recoverable recovering) {
                    // nothing to learn before the new connection reads
                }
            });
        }
        parts.readers().learnReaderThread(opened);
        return opened;
    }

    private void confirmed(Channel from, long seqNo, boolean multiple, boolean ack) {
        parts.readers().noteReaderThread();
        List<OutgoingMessage> retries = parts.confirms().settle(from, seqNo, multiple, ack, maxNackRetries);
        if (retries.isEmpty()) {
            return;
        }
        // never publish from the connection's own thread: it also reads the frames a publish may wait for
        boolean queued = parts.resender().run(() -> retries.forEach(message -> {
            message.attempts++;
            parts.republished().incrementAndGet();
            parts.outbox().send(message);
        }));
        if (!queued) {
            retries.forEach(m -> parts.confirms().finish(m, new NackedException(m.id(), m.attempts)));
        }
    }

    private void returned(Return returned) {
        parts.readers().noteReaderThread();
        OutgoingMessage message = parts.returns().returnedOne(returned);
        if (message != null) {
            // the confirm follows the return; the window slot is released then
            message.future.completeExceptionally(new UnroutableException(returned.getReplyCode(),
                    returned.getReplyText(), returned.getExchange(), returned.getRoutingKey()));
        }
    }

    /**
     * The channel shut down. A connection failure that automatic recovery will repair: RECOVERING, publishes held
     * until the republish. The connection closed for good: BROKEN, everything fails. A channel error (publishing to
     * an exchange that does not exist, say): the broker discarded what it had not confirmed, so those messages fail
     * with its reason, and a new channel takes over for the messages not yet sent.
     */
    private void shutDown(Channel which, ShutdownSignalException cause) {
        parts.progress().pulse(); // a switch may be waiting for this channel's confirms
        if (parts.state().isClosing() || cause.isInitiatedByApplication() && !cause.isHardError()) {
            return;
        }
        String reason = reason(cause);
        if (cause.isHardError()) {
            if (connection instanceof Recoverable && !cause.isInitiatedByApplication()) {
                parts.state().recoveryStarts();
            } else {
                String broken = "the connection closed: " + reason;
                parts.state().broken(broken);
                parts.resender().run(() -> parts.outbox().failAll(new PublishException(broken)));
            }
            return;
        }
        channelError.accept(which, reason);
    }

    private static String reason(ShutdownSignalException cause) {
        return BrokerClose.of(cause).map(BrokerClose::replyText).orElse(String.valueOf(cause.getMessage()));
    }
}
