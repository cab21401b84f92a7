package dev.rabbittune.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies of one kind (end-to-end or confirm): recorded from many threads into an HdrHistogram {@link Recorder},
 * taken out once per interval by the sampler and accumulated for the whole run. Values are nanoseconds, clamped to
 * the trackable range (a negative value would mean clocks from two processes; one hour is far beyond any timeout).
 */
final class LatencyStats {

    static final long HIGHEST_TRACKABLE_NANOS = 3_600_000_000_000L;
    private static final int SIGNIFICANT_DIGITS = 3;

    private final Recorder recorder = new Recorder(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    private final Histogram total = new Histogram(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    private Histogram interval;

    void record(long nanos) {
        recorder.recordValue(Math.min(Math.max(nanos, 0), HIGHEST_TRACKABLE_NANOS));
    }

    /** Swaps the interval histogram out (sampler thread only) and adds it to the run's total. */
    Percentiles takeInterval() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return Percentiles.of(interval);
    }

    /** Percentiles over the whole run so far (sampler thread only). */
    Percentiles total() {
        return Percentiles.of(total);
    }

    Histogram totalHistogram() {
        return total;
    }
}
