package dev.rabbittune.report;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A latency distribution as HdrHistogram's percentile plots draw it: value against percentile, with the
 * percentiles spaced so that the tail (99%, 99.9%, 99.99% ...) gets as many points as the body.
 */
final class Spectrum {

    /** Points per halving of the distance to 100%, as in HdrHistogram's own percentile output. */
    private static final int TICKS_PER_HALF_DISTANCE = 5;

    private final Histogram merged = new Histogram(3);

    /**
     * Adds one interval's histogram in the encoding bench results carry (HdrHistogram's compressed form in Base64,
     * values in nanoseconds); null or empty adds nothing.
     *
     * @throws IllegalArgumentException when the text is not such a histogram
     */
    void add(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        try {
            merged.add(Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(encoded)),
                    0));
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("a latency histogram cannot be decoded: " + e.getMessage(), e);
        }
    }

    long count() {
        return merged.getTotalCount();
    }

    /**
     * Percentile and value in milliseconds, from the median's neighbourhood into the tail. 100% itself cannot sit
     * on a 1/(1-p) axis, so the largest value is placed at 100(1 - 1/n)%, the level above which only it remains of
     * n values: a step to a slow tail (900 values at 1 ms, 100 at 50 ms) still ends at 50 ms, where HdrHistogram's
     * iteration would jump from 90% straight to 100%.
     */
    List<double[]> points() {
        List<double[]> points = new ArrayList<>();
        long count = merged.getTotalCount();
        if (count == 0) {
            return points;
        }
        for (HistogramIterationValue value : merged.percentiles(TICKS_PER_HALF_DISTANCE)) {
            double percentile = value.getPercentileLevelIteratedTo();
            if (percentile >= 100.0) {
                break;
            }
            points.add(new double[] {percentile, merged.highestEquivalentValue(value.getValueIteratedTo()) / 1e6});
        }
        double maxLevel = 100.0 * (1 - 1.0 / count);
        if (points.isEmpty() || points.get(points.size() - 1)[0] < maxLevel) {
            points.add(new double[] {maxLevel, merged.highestEquivalentValue(merged.getMaxValue()) / 1e6});
        }
        return points;
    }

    double maxMillis() {
        return merged.getMaxValue() / 1e6;
    }
}
