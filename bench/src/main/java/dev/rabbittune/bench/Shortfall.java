package dev.rabbittune.bench;

import java.util.BitSet;
import java.util.List;

/**
 * What a run could not account for at its end: messages sent that never arrived, published ones never confirmed,
 * duplicates, and confirmed ones lost. With message identities (bodies of {@link Workload#ID_BYTES}+ bytes, each
 * message routed to one queue) the figures are exact; without, undelivered is the count expected minus the count
 * received, and duplicates and lost are unknown (-1).
 */
record Shortfall(long undelivered, long unconfirmed, long duplicates, long lost) {

    static final Shortfall NONE = new Shortfall(0, 0, 0, 0);

    static Shortfall of(Engine engine) {
        RunCounters counters = engine.counters();
        boolean confirms = engine.workload().publish().confirmWindow() > 0;
        long unconfirmed = counters.unconfirmed.sum();
        for (Producer producer : engine.producers()) {
            unconfirmed += producer.outstanding();
        }
        Deliveries deliveries = counters.deliveries();
        if (deliveries == null) {
            long expected = engine.expectedArrivals();
            long undelivered = expected < 0 || engine.workload().rpc() ? -1
                    : Math.max(0, expected - counters.received.sum());
            return new Shortfall(undelivered, unconfirmed, -1, -1);
        }
        long missing = 0;
        long lost = 0;
        for (Producer producer : engine.producers()) {
            long missingOfProducer = deliveries.missing(producer.index(), producer.published());
            missing += missingOfProducer;
            if (confirms) {
                BitSet notConfirmed = counters.notConfirmedOf(producer.index());
                producer.outstandingSeqs(notConfirmed);
                lost += missingOfProducer - deliveries.missingAmong(producer.index(), notConfirmed);
            }
        }
        long undelivered = Math.max(0, missing - counters.returned.sum());
        // nacked and requeued, a confirmed message not delivered is still in the queue, behind the requeued ones
        // (ConsumeSettings.requeuesNacked), not lost
        boolean lostIsKnown = confirms && !engine.workload().consume().requeuesNacked();
        return new Shortfall(undelivered, unconfirmed, deliveries.duplicates(), lostIsKnown ? lost : -1);
    }

    /**
     * Records each undelivered message in {@code latency} at a lower bound of its age at {@code endSeconds}: the
     * undelivered are taken to be the last ones sent (queues are FIFO), each as old as the end of the second it was
     * sent in, so a stall at the end of a run shows in p99 and max instead of vanishing.
     */
    void recordUndeliveredAges(LatencyStats latency, List<Sample> samples, double endSeconds) {
        long left = undelivered;
        for (int i = samples.size() - 1; i >= 0 && left > 0; i--) {
            Sample sample = samples.get(i);
            long count = Math.min(left, sample.sent());
            if (count > 0) {
                latency.recordCount((long) ((endSeconds - sample.elapsedSeconds()) * 1e9), count);
                left -= count;
            }
        }
    }
}
