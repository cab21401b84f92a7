package dev.rabbittune.bench;

import java.util.BitSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What producers and consumers of a run report, counted with {@link LongAdder}s (many writer threads, one reader once
 * a second) and latencies in HdrHistogram recorders. Messages the broker did not take responsibility for (nacked,
 * returned, or unconfirmed when their channel went) are also kept by identity, so that the run can tell a message
 * lost after the broker confirmed it from one that was never confirmed.
 */
final class RunCounters implements PublishEvents {

    final LongAdder sent = new LongAdder();
    final LongAdder confirmed = new LongAdder();
    final LongAdder nacked = new LongAdder();
    final LongAdder returned = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder committed = new LongAdder();
    final LongAdder unconfirmed = new LongAdder();
    final LatencyStats latency = new LatencyStats();
    final LatencyStats confirmLatency = new LatencyStats();
    /** Time publishers waited for a free confirm slot, one value per wait (publishes that found one free: none). */
    final LatencyStats slotWait = new LatencyStats();
    final LongAdder slotWaitNanos = new LongAdder();
    private final ConcurrentHashMap<Integer, BitSet> notConfirmed = new ConcurrentHashMap<>();
    private volatile Deliveries deliveries;

    /** Keeps track of which message arrived (bodies carry their identity and each goes to one queue). */
    void trackDeliveries(int producers) {
        deliveries = new Deliveries(producers);
    }

    Deliveries deliveries() {
        return deliveries;
    }

    @Override
    public void sent(long stampNanos) {
        sent.increment();
    }

    @Override
    public void confirmed(long latencyNanos) {
        confirmed.increment();
        confirmLatency.record(latencyNanos);
    }

    @Override
    public void nacked(long latencyNanos, long id) {
        nacked.increment();
        notConfirmed(id);
    }

    @Override
    public void unconfirmed(long id) {
        unconfirmed.increment();
        notConfirmed(id);
    }

    @Override
    public void returned(long id) {
        returned.increment();
        notConfirmed(id);
    }

    @Override
    public void committed(int messages) {
        committed.add(messages);
    }

    @Override
    public void waitedForSlot(long nanos) {
        slotWait.record(nanos);
        slotWaitNanos.add(nanos);
    }

    /** A consumer took one message; {@code latencyNanos} < 0 when its body carried no stamp of this run. */
    void received(long latencyNanos) {
        received.increment();
        if (latencyNanos >= 0) {
            latency.record(latencyNanos);
        }
    }

    /** As {@link #received(long)}, for a body that says which message it is. */
    void received(long latencyNanos, int producer, long seq) {
        if (deliveries != null && producer >= 0) {
            deliveries.arrived(producer, seq);
        }
        received(latencyNanos);
    }

    /** The messages of {@code producer} the broker did not confirm (nacked, returned or unconfirmed). */
    BitSet notConfirmedOf(int producer) {
        BitSet ids = notConfirmed.get(producer);
        if (ids == null) {
            return new BitSet();
        }
        synchronized (ids) {
            return (BitSet) ids.clone();
        }
    }

    private void notConfirmed(long id) {
        if (id < 0 || Producer.seqOf(id) > Integer.MAX_VALUE) {
            return;
        }
        BitSet ids = notConfirmed.computeIfAbsent(Producer.producerOf(id), p -> new BitSet());
        synchronized (ids) {
            ids.set((int) Producer.seqOf(id));
        }
    }

    Totals totals() {
        return new Totals(sent.sum(), confirmed.sum(), nacked.sum(), returned.sum(), received.sum(), committed.sum());
    }

    record Totals(long sent, long confirmed, long nacked, long returned, long received, long committed) {

        Totals minus(Totals before) {
            return new Totals(sent - before.sent, confirmed - before.confirmed, nacked - before.nacked,
                    returned - before.returned, received - before.received, committed - before.committed);
        }
    }
}
