package dev.rabbittune.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyStatsTest {

    @Test
    void intervalsAreSeparateAndTheTotalAccumulatesThem() {
        LatencyStats stats = new LatencyStats();
        for (int i = 1; i <= 100; i++) {
            stats.record(i * 1_000_000L); // 1..100 ms
        }
        Percentiles first = Percentiles.of(stats.takeInterval(false));
        assertThat(first.count()).isEqualTo(100);
        assertThat(first.p50Ms()).isCloseTo(50, within(0.1));
        assertThat(first.p99Ms()).isCloseTo(99, within(0.1));
        assertThat(first.maxMs()).isCloseTo(100, within(0.1));

        stats.record(500_000_000L);
        Percentiles second = Percentiles.of(stats.takeInterval(false));
        assertThat(second.count()).isEqualTo(1);
        assertThat(second.p50Ms()).isCloseTo(500, within(0.5));

        Percentiles total = stats.total();
        assertThat(total.count()).isEqualTo(101);
        assertThat(total.maxMs()).isCloseTo(500, within(0.5));
    }

    @Test
    void anEmptyIntervalHasNoPercentiles() {
        assertThat(Percentiles.of(new LatencyStats().takeInterval(false))).isEqualTo(Percentiles.NONE);
    }

    @Test
    void outOfRangeValuesAreClampedNotThrown() {
        LatencyStats stats = new LatencyStats();
        stats.record(-5);
        stats.record(Long.MAX_VALUE);
        Percentiles p = Percentiles.of(stats.takeInterval(false));
        assertThat(p.count()).isEqualTo(2);
        assertThat(p.minMs()).isZero();
        assertThat(p.maxMs()).isCloseTo(LatencyStats.HIGHEST_TRACKABLE_NANOS / 1e6, within(LatencyStats.HIGHEST_TRACKABLE_NANOS / 1e6 / 500));
    }

    @Test
    void theWarmUpIsKeptApartFromTheMeasuredPartAndTheEncodedIntervalsMergeExactly() {
        LatencyStats stats = new LatencyStats();
        stats.record(900_000_000L); // a JIT-cold first second
        String warmup = Histograms.encode(stats.takeInterval(true));
        for (int i = 1; i <= 100; i++) {
            stats.record(i * 1_000_000L);
        }
        String measured = Histograms.encode(stats.takeInterval(false));
        assertThat(stats.warmup().count()).isEqualTo(1);
        assertThat(stats.measured().count()).isEqualTo(100);
        assertThat(stats.measured().maxMs()).isCloseTo(100, within(0.1));
        assertThat(stats.total().maxMs()).isCloseTo(900, within(1.0));
        org.HdrHistogram.Histogram merged = Histograms.decode(warmup);
        merged.add(Histograms.decode(measured));
        assertThat(merged.getTotalCount()).isEqualTo(101);
        assertThat(merged.getValueAtPercentile(50)).isEqualTo(stats.totalHistogram().getValueAtPercentile(50));
    }
}
