package dev.rabbittune.bench.tune;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The min-p99-at-a-rate and max-sustainable-rate objectives on synthetic measurements with a known answer. */
class ObjectivesTest {

    private static final Sweep.Progress QUIET = (d, p, x, e, per) -> { };

    /** At a target of 5,000 msg/s: prefetch 1 cannot keep it; p99 is lowest at 100 and grows beyond. */
    private static Measurement atTarget(Map<String, Object> settings, Random noise) {
        int prefetch = (Integer) settings.get("prefetch");
        double delivered = prefetch == 1 ? 2_400 : 5_000;
        double p99 = switch (prefetch) {
            case 1 -> 400;
            case 10 -> 6;
            case 100 -> 3;
            default -> 9;
        };
        return new Measurement(delivered * (1 + noise.nextGaussian() * 0.005), p99 * (1 + noise.nextGaussian() * 0.02),
                true, List.of(), 5_000);
    }

    @Test
    void minP99PicksTheLowestP99AmongThePointsThatKeptTheRate() {
        Random noise = new Random(1);
        SweepPlan plan = new SweepPlan(List.of(Axis.parse("prefetch=1,10,100,1000")), 3, 3, 500, null, Strategy.GRID,
                Objective.MIN_P99);

        SweepResult result = new Sweep(plan, s -> atTarget(s, noise), QUIET).run();

        PointResult slow = result.points().get(0);
        assertThat(slow.keptRate()).isFalse();
        assertThat(slow.meetsSlo()).as("within the 500 ms SLO but short of the rate").isFalse();
        assertThat(result.recommendation().recommended().settings()).containsEntry("prefetch", 100);
        assertThat(result.recommendation().reasons().get(0)).startsWith("lowest p99 at the target rate: prefetch=100, "
                + "p99 ");
    }

    @Test
    void minP99WithNoPointKeepingTheRateSaysSo() {
        SweepPlan plan = new SweepPlan(List.of(Axis.parse("prefetch=1,2")), 3, 3, 500, null, Strategy.GRID,
                Objective.MIN_P99);

        SweepResult result = new Sweep(plan, s -> new Measurement(2_000, 10, true, List.of(), 5_000), QUIET).run();

        assertThat(result.recommendation().best()).isNull();
        assertThat(result.recommendation().reasons()).singleElement().asString()
                .contains("with every run drained and its rate kept").endsWith("(within the SLO, but it did not keep "
                        + "its rate)");
    }

    /**
     * Unlimited, 10,000 msg/s; paced, it keeps up to 8,500 msg/s; p99 is 2 ms up to 7,000, 30 ms at 8,000 and
     * 200 ms beyond.
     */
    private static Measurement pipeline(Map<String, Object> settings) {
        int rate = (Integer) settings.get(Axis.RATE);
        if (rate == 0) {
            return new Measurement(10_000, 900, true, List.of(), 0);
        }
        double p99 = rate <= 7_000 ? 2 : rate <= 8_000 ? 30 : 200;
        return new Measurement(Math.min(rate, 8_500), p99, true, List.of(), rate);
    }

    @Test
    void maxRateWalksTheCurveFromTenToAHundredPercentAndStopsWhereTheRateIsNotKept() {
        SweepPlan plan = new SweepPlan(List.of(), 3, 3, 50, null, Strategy.AUTO, Objective.MAX_RATE);

        SweepResult result = new Sweep(plan, ObjectivesTest::pipeline, QUIET).run();

        assertThat(result.points()).hasSize(11).allSatisfy(p -> assertThat(p.runs()).hasSize(3));
        assertThat(result.points()).extracting(p -> p.settings().get(Axis.RATE)).containsExactly(0, 1_000, 2_000,
                3_000, 4_000, 5_000, 6_000, 7_000, 8_000, 9_000, 10_000);
        assertThat(result.strategy()).startsWith("rate curves");
        Recommendation r = result.recommendation();
        assertThat(r.best().settings()).containsEntry(Axis.RATE, 8_000);
        assertThat(r.reasons().get(0)).isEqualTo("max sustainable rate: the base workload sustained 8,000 msg/s (p99 "
                + "30.0 ms, every run drained, the rate kept); unlimited it delivered 10,000 msg/s");
        assertThat(r.reasons().get(1)).isEqualTo("at the next step, 9,000 msg/s, the producers could not keep the "
                + "rate (published 8,500 msg/s)");
    }

    @Test
    void maxRateComparesPointsByTheRateEachSustained() {
        SweepPlan plan = new SweepPlan(List.of(Axis.parse("prefetch=1,100")), 3, 3, 50, null, Strategy.AUTO,
                Objective.MAX_RATE);

        SweepResult result = new Sweep(plan, s -> {
            Measurement m = pipeline(s);
            // prefetch 1 is a third as fast everywhere
            return (Integer) s.get("prefetch") == 1 ? new Measurement(m.throughput() / 3, m.p99Millis(), true,
                    List.of(), m.targetRate() / 3 == 0 ? 0 : m.targetRate()) : m;
        }, QUIET).run();

        assertThat(result.recommendation().recommended().settings()).containsEntry("prefetch", 100)
                .containsEntry(Axis.RATE, 8_000);
        assertThat(result.recommendation().code().get("amqp-client")).contains("basicQos(100)")
                .doesNotContain("rate");
    }

    @Test
    void aCurveTheBudgetCutShortSaysTheStepsAboveWereNotMeasured() {
        StepClock clock = new StepClock();
        // 3 probe runs and 2 passes over the ten steps fit; the third pass does not
        SweepPlan plan = new SweepPlan(List.of(), 3, 3, 50, java.time.Duration.ofSeconds(260), Strategy.AUTO,
                Objective.MAX_RATE);

        SweepResult result = new Sweep(plan, s -> {
            clock.advanceSeconds(10);
            return pipeline(s);
        }, QUIET, clock).run();

        assertThat(result.stoppedBecause()).isEqualTo("budget");
        Recommendation r = result.recommendation();
        assertThat(r.reasons().get(1)).isEqualTo("the steps above it were not measured (the budget ran out): it may "
                + "sustain more");
        assertThat(r.reasons().get(0)).doesNotContain("every step");
    }

    @Test
    void pointsThatSustainedTheSameStepOfTheirCurvesAreTiesAndTheHighestRateIsRecommended() {
        SweepPlan plan = new SweepPlan(List.of(Axis.parse("prefetch=10,100")), 3, 3, 50, null, Strategy.AUTO,
                Objective.MAX_RATE);

        SweepResult result = new Sweep(plan, s -> {
            // prefetch 10 is 0.7% slower everywhere (10,007 unlimited against 10,077): the same 80% step
            Measurement m = pipeline(s);
            double scale = (Integer) s.get("prefetch") == 10 ? 1.0007 : 1.0077;
            int rate = (Integer) s.get(Axis.RATE);
            return rate == 0 ? new Measurement(10_000 * scale, 900, true, List.of(), 0)
                    : new Measurement(m.throughput(), m.p99Millis(), true, List.of(), m.targetRate());
        }, QUIET).run();

        Recommendation r = result.recommendation();
        assertThat(r.recommended().settings()).containsEntry("prefetch", 100);
        assertThat(r.ties()).singleElement().satisfies(t -> assertThat(t.settings()).containsEntry("prefetch", 10));
    }
}
