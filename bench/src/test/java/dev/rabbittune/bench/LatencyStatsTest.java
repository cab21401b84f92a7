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
        Percentiles first = stats.takeInterval();
        assertThat(first.count()).isEqualTo(100);
        assertThat(first.p50Ms()).isCloseTo(50, within(0.1));
        assertThat(first.p99Ms()).isCloseTo(99, within(0.1));
        assertThat(first.maxMs()).isCloseTo(100, within(0.1));

        stats.record(500_000_000L);
        Percentiles second = stats.takeInterval();
        assertThat(second.count()).isEqualTo(1);
        assertThat(second.p50Ms()).isCloseTo(500, within(0.5));

        Percentiles total = stats.total();
        assertThat(total.count()).isEqualTo(101);
        assertThat(total.maxMs()).isCloseTo(500, within(0.5));
    }

    @Test
    void anEmptyIntervalHasNoPercentiles() {
        assertThat(new LatencyStats().takeInterval()).isEqualTo(Percentiles.NONE);
    }

    @Test
    void outOfRangeValuesAreClampedNotThrown() {
        LatencyStats stats = new LatencyStats();
        stats.record(-5);
        stats.record(Long.MAX_VALUE);
        Percentiles p = stats.takeInterval();
        assertThat(p.count()).isEqualTo(2);
        assertThat(p.minMs()).isZero();
        assertThat(p.maxMs()).isCloseTo(LatencyStats.HIGHEST_TRACKABLE_NANOS / 1e6, within(LatencyStats.HIGHEST_TRACKABLE_NANOS / 1e6 / 500));
    }
}
