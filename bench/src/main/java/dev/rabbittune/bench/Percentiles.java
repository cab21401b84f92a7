package dev.rabbittune.bench;

import org.HdrHistogram.Histogram;

/**
 * Latency percentiles in milliseconds over {@code count} values; all zero when there were none.
 */
public record Percentiles(long count, double minMs, double meanMs, double p50Ms, double p75Ms, double p95Ms,
                          double p99Ms, double p999Ms, double maxMs) {

    public static final Percentiles NONE = new Percentiles(0, 0, 0, 0, 0, 0, 0, 0, 0);

    static Percentiles of(Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            return NONE;
        }
        return new Percentiles(histogram.getTotalCount(), ms(histogram.getMinValue()), histogram.getMean() / 1e6,
                ms(histogram.getValueAtPercentile(50)), ms(histogram.getValueAtPercentile(75)),
                ms(histogram.getValueAtPercentile(95)), ms(histogram.getValueAtPercentile(99)),
                ms(histogram.getValueAtPercentile(99.9)), ms(histogram.getMaxValue()));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
