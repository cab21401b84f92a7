package dev.rabbittune.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class SpectrumTest {

    @Test
    void mergedIntervalsGiveThePercentilesOfAllTheirValues() {
        Histogram first = new Histogram(3);
        Histogram second = new Histogram(3);
        for (int i = 1; i <= 900; i++) {
            first.recordValue(1_000_000L); // 1 ms
        }
        for (int i = 1; i <= 100; i++) {
            second.recordValue(50_000_000L); // 50 ms: the slowest tenth
        }
        Spectrum spectrum = new Spectrum();
        spectrum.add(encode(first));
        spectrum.add(encode(second));

        List<double[]> points = spectrum.points();
        assertThat(spectrum.count()).isEqualTo(1000);
        assertThat(valueAt(points, 50)).isCloseTo(1.0, within(0.01));
        // HdrHistogram's iteration goes from 90% (1 ms) to 100%, which a 1/(1-p) axis cannot hold: the largest
        // value stands at 100(1 - 1/n)% = 99.9% instead, so the slow tenth shows
        assertThat(valueAt(points, 90)).isCloseTo(1.0, within(0.01));
        assertThat(points.get(points.size() - 1)[0]).isCloseTo(99.9, within(1e-9));
        assertThat(points.get(points.size() - 1)[1]).isCloseTo(50.0, within(0.1));
        assertThat(points).allSatisfy(p -> assertThat(p[0]).isLessThan(100.0));
        assertThat(spectrum.maxMillis()).isCloseTo(50.0, within(0.1));
    }

    @Test
    void theTailGetsAsManyPointsAsTheBody() {
        Histogram histogram = new Histogram(3);
        for (int i = 1; i <= 100_000; i++) {
            histogram.recordValue(i * 1_000L);
        }
        Spectrum spectrum = new Spectrum();
        spectrum.add(encode(histogram));

        List<double[]> points = spectrum.points();
        long body = points.stream().filter(p -> p[0] < 90).count();
        long tail = points.stream().filter(p -> p[0] >= 99 && p[0] < 99.9).count();
        assertThat(tail).isGreaterThanOrEqualTo(body / 2);
    }

    @Test
    void nothingRecordedGivesNoPoints() {
        Spectrum spectrum = new Spectrum();
        spectrum.add(null);
        spectrum.add("");

        assertThat(spectrum.points()).isEmpty();
    }

    /** The first point at or above {@code percentile}. */
    private static double valueAt(List<double[]> points, double percentile) {
        return points.stream().filter(p -> p[0] >= percentile).findFirst().orElseThrow()[1];
    }

    private static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    }
}
