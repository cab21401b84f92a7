package dev.rabbittune.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rabbittune.core.BadInputException;
import dev.rabbittune.core.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** compare's statistics on known cases (the broker-backed compare is tested in cli). */
class ComparisonTest {

    @Test
    void exactMannWhitneyPValuesMatchTheTables() {
        // fully separated samples: 2 / C(8, 4) and 2 / C(10, 5)
        assertThat(MannWhitney.pValue(new double[] {1, 2, 3, 4}, new double[] {5, 6, 7, 8})).isCloseTo(2 / 70.0,
                offset(1e-12));
        assertThat(MannWhitney.pValue(new double[] {1, 2, 3, 4, 5}, new double[] {6, 7, 8, 9, 10}))
                .isCloseTo(2 / 252.0, offset(1e-12));
        assertThat(MannWhitney.pValue(new double[] {1, 2, 3}, new double[] {1, 2, 3})).isEqualTo(1.0);
        assertThat(MannWhitney.minimumP(3, 3)).isCloseTo(0.1, offset(1e-12));
    }

    @Test
    void holmMultipliesTheSmallestPByTheNumberOfTestsAndStaysMonotone() {
        double[] adjusted = Comparison.holm(new double[] {0.01, 0.04, 0.03});
        assertThat(adjusted[0]).isCloseTo(0.03, offset(1e-12));
        assertThat(adjusted[2]).isCloseTo(0.06, offset(1e-12));
        assertThat(adjusted[1]).isCloseTo(0.06, offset(1e-12)); // max(0.04 * 1, 0.06)
    }

    private static JsonNode result(double received, double p99, double cpuSeconds) {
        return Json.mapper().valueToTree(java.util.Map.of("tool", "rabbittune", "workload", java.util.Map.of(
                "consumers", 1), "rates", java.util.Map.of("received", received, "sent", received), "latency",
                java.util.Map.of("p50Ms", p99 / 4, "p99Ms", p99, "p999Ms", p99 * 1.1, "maxMs", p99 * 1.2), "counts",
                java.util.Map.of("received", 100_000, "sent", 100_000), "clientCpuSeconds", cpuSeconds));
    }

    @Test
    void aSlowerCandidateIsWorseAndTheSameSetupIsTheSame() {
        List<JsonNode> fast = new ArrayList<>();
        List<JsonNode> slow = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            fast.add(result(20_000 + i * 100, 5 + i * 0.1, 2.0 + i * 0.01));
            // CPU 1% higher on every candidate run: fully separated (p < 0.05), but below the 5% minimum effect
            slow.add(result(15_000 + i * 100, 9 + i * 0.1, (2.0 + i * 0.01) * 1.01 + 0.05));
        }
        List<Change> changes = Comparison.of(fast, slow, 0.05);
        assertThat(changes.get(Metric.THROUGHPUT.ordinal()).verdict()).isEqualTo(Change.Verdict.WORSE);
        assertThat(changes.get(Metric.P99.ordinal()).verdict()).isEqualTo(Change.Verdict.WORSE);
        // CPU per message moved by under the minimum effect although the test separates it
        Change cpu = changes.get(Metric.CPU_PER_MESSAGE.ordinal());
        assertThat(cpu.adjustedP()).isLessThan(0.05);
        assertThat(cpu.verdict()).isEqualTo(Change.Verdict.SAME);
        assertThat(Comparison.of(fast, fast, 0.05)).allSatisfy(c -> assertThat(c.verdict())
                .isEqualTo(Change.Verdict.SAME));
    }

    @Test
    void tooFewRunsForAStatisticalClaimAreRefusedWithTheReason() {
        List<JsonNode> four = List.of(result(1, 1, 1), result(1, 1, 1), result(1, 1, 1), result(1, 1, 1));
        assertThatThrownBy(() -> Comparison.of(four, four, 0.05)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("cannot show a change at p < 0.05 over 6 metrics");
        assertThatThrownBy(() -> Comparison.of(List.of(result(1, 1, 1)), four, 0.05))
                .hasMessageContaining("1 baseline and 4 candidate run(s)");
    }

    @Test
    void thresholdsReadTheirUnits() {
        assertThat(Threshold.parse("p99 > 20ms")).isEqualTo(new Threshold(Metric.P99, true, 20));
        assertThat(Threshold.parse("p99>0.5s").limit()).isEqualTo(500);
        assertThat(Threshold.parse("throughput < 10000").above()).isFalse();
        assertThatThrownBy(() -> Threshold.parse("p98 > 1ms")).hasMessageContaining("invalid threshold 'p98 > 1ms'");
        assertThatThrownBy(() -> Threshold.parse("throughput < 3ms")).hasMessageContaining("is in msg/s, not ms");
    }
}
