package dev.rabbittune.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies of one kind (end-to-end, confirm, confirm-slot wait): recorded from many threads into an HdrHistogram
 * {@link Recorder}, taken out once per interval by the sampler and accumulated for the whole run and for its measured
 * part (after the warm-up). Values are nanoseconds, clamped to the trackable range (a negative value would mean clocks
 * from two processes; one hour is far beyond any timeout).
 */
final class LatencyStats {

    static final long HIGHEST_TRACKABLE_NANOS = 3_600_000_000_000L;
    static final int SIGNIFICANT_DIGITS = 3;

    private final Recorder recorder = new Recorder(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    private final Histogram total = new Histogram(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    private final Histogram measured = new Histogram(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    private final Histogram warmup = new Histogram(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    private Histogram interval;

    void record(long nanos) {
        recorder.recordValue(Math.min(Math.max(nanos, 0), HIGHEST_TRACKABLE_NANOS));
    }

    /** Records {@code count} values of {@code nanos} (messages that never arrived, at their age). */
    void recordCount(long nanos, long count) {
        recorder.recordValueWithCount(Math.min(Math.max(nanos, 0), HIGHEST_TRACKABLE_NANOS), count);
    }

    /**
     * Swaps the interval histogram out (sampler thread only) and adds it to the run's total, and to the measured or
     * the warm-up part. The histogram returned is reused by the next call.
     */
    Histogram takeInterval(boolean inWarmup) {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        (inWarmup ? warmup : measured).add(interval);
        return interval;
    }

    /** Percentiles over the whole run so far, warm-up included (sampler thread only). */
    Percentiles total() {
        return Percentiles.of(total);
    }

    /** Percentiles after the warm-up (the whole run when there is none). */
    Percentiles measured() {
        return Percentiles.of(measured);
    }

    Percentiles warmup() {
        return Percentiles.of(warmup);
    }

    Histogram totalHistogram() {
        return total;
    }
}
