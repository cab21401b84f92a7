package dev.rabbittune.client;

import com.rabbitmq.client.Channel;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Where a {@link ReliablePublisher} is in its life: one immutable {@link Phase} replaced by compare-and-set, so the
 * connection's thread (which must never wait for a lock a publisher writing to a dead socket holds) can move it too.
 *
 * <pre>
 * from                 event                                                     to
 * OPEN                 connection.blocked (a memory or disk alarm)               BLOCKED
 * BLOCKED              connection.unblocked                                      OPEN
 * OPEN, BLOCKED,       the connection fails, or its recovery starts              RECOVERING
 *   SWITCHING            (the alarm state goes with the old connection)
 * RECOVERING           the connection fails again before the republishing        RECOVERING (a newer generation:
 *                                                                                  the older republishing is void)
 * RECOVERING           the newest generation's republishing is done              OPEN (SWITCHING when a
 *                                                                                  republished send gave the
 *                                                                                  channel up)
 * OPEN, BLOCKED        a publish fails after amqp-client took its sequence       SWITCHING
 *                        number, or the broker closes the channel (an error)
 * RECOVERING           the same (a send, or the broker closing the channel)      RECOVERING (the channel is
 *                                                                                  abandoned; the republishing
 *                                                                                  or a new channel replaces it)
 * SWITCHING            a new channel took over                                   OPEN
 * SWITCHING            no channel opens because the connection is failing        SWITCHING, until its recovery
 *                                                                                  starts: RECOVERING
 * any                  the connection closed for good, or no channel opens       BROKEN
 * any                  close()                                                   CLOSING
 * CLOSING              close() stops waiting for confirms                        CLOSED
 * </pre>
 *
 * <p>The phases overlap in the facts they are made of, so {@link #state} reports the strongest: CLOSED, CLOSING,
 * BROKEN, RECOVERING, SWITCHING, BLOCKED, OPEN. Publishes are held (kept for later, in order) while RECOVERING or
 * SWITCHING; a publish waits or fails by the blocked policy while BLOCKED; after CLOSING no publish is accepted;
 * after CLOSED or BROKEN nothing is sent. Recovery counts generations: each connection failure (or recovery start)
 * is a new one, and only the republishing of the newest generation returns to OPEN.
 */
final class PublisherState {

    /** What the publisher does now; see the class comment for the transitions. */
    enum State { OPEN, RECOVERING, SWITCHING, BLOCKED, CLOSING, CLOSED, BROKEN }

    /**
     * The facts the state is made of.
     *
     * @param closing      close() was called: no publish is accepted
     * @param closed       close() stopped waiting: nothing more is sent
     * @param failures     connection failures and recovery starts so far
     * @param republished  the generation of failures whose republishing is done (OPEN when equal to failures)
     * @param abandoned    a channel whose confirms can no longer be trusted, until a new one takes over, or null
     * @param brokenReason why publishing cannot go on, or null
     */
    record Phase(boolean closing, boolean closed, int failures, int republished, Channel abandoned,
                 String brokenReason) {
        boolean recovering() {
            return failures != republished;
        }
    }

    private final AtomicReference<Phase> phase = new AtomicReference<>(new Phase(false, false, 0, 0, null, null));
    private final BlockedState blocked;
    private final ProgressSignal progress;

    PublisherState(BlockedState blocked, ProgressSignal progress) {
        this.blocked = blocked;
        this.progress = progress;
    }

    State state() {
        Phase now = phase.get();
        if (now.closed) {
            return State.CLOSED;
        }
        if (now.closing) {
            return State.CLOSING;
        }
        if (now.brokenReason != null) {
            return State.BROKEN;
        }
        if (now.recovering()) {
            return State.RECOVERING;
        }
        if (now.abandoned != null) {
            return State.SWITCHING;
        }
        return blocked.isBlocked() ? State.BLOCKED : State.OPEN;
    }

    Phase phase() {
        return phase.get();
    }

    /** OPEN, BLOCKED, SWITCHING → RECOVERING (or a newer generation of it): lock-free, for the connection's thread. */
    void recoveryStarts() {
        move(p -> new Phase(p.closing, p.closed, p.failures + 1, p.republished, p.abandoned, p.brokenReason));
    }

    /**
     * RECOVERING → OPEN once generation {@code generation}'s republishing is done (the republished messages sent);
     * call under the publisher's lock. The republisher clears the abandoned channel ({@link #switched}) before it
     * sends; a channel abandoned while republishing stays abandoned.
     */
    void republished(int generation) {
        move(p -> new Phase(p.closing, p.closed, p.failures, generation, p.abandoned, p.brokenReason));
    }

    /**
     * OPEN, BLOCKED → SWITCHING (RECOVERING stays RECOVERING): nothing more is sent on {@code channel}; call under
     * the publisher's lock.
     */
    void abandon(Channel channel) {
        move(p -> new Phase(p.closing, p.closed, p.failures, p.republished, channel, p.brokenReason));
    }

    /**
     * SWITCHING → OPEN: a new channel took over from the abandoned one, or the recovered channel numbers from 1
     * again; call under the publisher's lock.
     */
    void switched() {
        move(p -> new Phase(p.closing, p.closed, p.failures, p.republished, null, p.brokenReason));
    }

    /** Any → BROKEN: the connection closed for good, or no channel opens (a closing one still reports CLOSING). */
    void broken(String reason) {
        move(p -> new Phase(p.closing, p.closed, p.failures, p.republished, p.abandoned, reason));
    }

    /** Any → CLOSING. */
    void closing() {
        move(p -> new Phase(true, p.closed, p.failures, p.republished, p.abandoned, p.brokenReason));
    }

    /** CLOSING → CLOSED: from now on nothing is sent. */
    void closed() {
        move(p -> new Phase(true, true, p.failures, p.republished, p.abandoned, p.brokenReason));
    }

    int failures() {
        return phase.get().failures;
    }

    String brokenReason() {
        return phase.get().brokenReason;
    }

    boolean isClosing() {
        return phase.get().closing;
    }

    boolean sendsRefused() {
        return phase.get().closed;
    }

    private void move(UnaryOperator<Phase> transition) {
        phase.updateAndGet(transition);
        progress.pulse();
    }
}
