package dev.rabbittune.bench;

import java.util.concurrent.atomic.LongAdder;

/**
 * What producers and consumers of a run report, counted with {@link LongAdder}s (many writer threads, one reader once
 * a second) and latencies in HdrHistogram recorders.
 */
final class RunCounters implements PublishEvents {

    final LongAdder sent = new LongAdder();
    final LongAdder confirmed = new LongAdder();
    final LongAdder nacked = new LongAdder();
    final LongAdder returned = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder committed = new LongAdder();
    final LatencyStats latency = new LatencyStats();
    final LatencyStats confirmLatency = new LatencyStats();

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
    public void nacked(long latencyNanos) {
        nacked.increment();
    }

    @Override
    public void returned() {
        returned.increment();
    }

    @Override
    public void committed(int messages) {
        committed.add(messages);
    }

    /** A consumer took one message; {@code latencyNanos} < 0 when its body carried no stamp of this run. */
    void received(long latencyNanos) {
        received.increment();
        if (latencyNanos >= 0) {
            latency.record(latencyNanos);
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
