package dev.rabbittune.bench.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rabbittune.core.BadInputException;
import dev.rabbittune.core.RabbitTuneException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The sweep's statistics and decisions on synthetic measurements (the broker-backed sweep is tested in cli). */
class SweepTest {

    @Test
    void theMedianIntervalIsTheOrderStatisticsWithTheirExactCoverage() {
        MedianInterval three = MedianInterval.of(new double[] {30, 10, 20});
        assertThat(three.median()).isEqualTo(20);
        assertThat(three.lower()).isEqualTo(10);
        assertThat(three.upper()).isEqualTo(30);
        assertThat(three.coverage()).isEqualTo(0.75);
        // 9 values: [x(2), x(8)] covers 1 - 2 * 10/512 = 96.1%; [x(3), x(7)] only 82%
        MedianInterval nine = MedianInterval.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertThat(nine.lower()).isEqualTo(2);
        assertThat(nine.upper()).isEqualTo(8);
        assertThat(nine.coverage()).isCloseTo(0.9609, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(three.overlaps(MedianInterval.of(new double[] {29, 40, 50}))).isTrue();
        assertThat(three.overlaps(MedianInterval.of(new double[] {31, 40, 50}))).isFalse();
    }

    @Test
    void theGridIsEveryCombinationFirstAxisSlowest() {
        SweepPlan plan = new SweepPlan(List.of(Axis.parse("prefetch=1,100"), Axis.parse("confirm=16,128")), 3, 5, 50,
                null);
        assertThat(plan.points()).extracting(Object::toString).containsExactly("{prefetch=1, confirm=16}",
                "{prefetch=1, confirm=128}", "{prefetch=100, confirm=16}", "{prefetch=100, confirm=128}");
    }

    @Test
    void badAxesAndPlansAreOneLineErrors() {
        assertThatThrownBy(() -> Axis.parse("prefech=1,2")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("unknown axis 'prefech'");
        assertThatThrownBy(() -> Axis.parse("prefetch=1,x")).hasMessageContaining("takes whole numbers");
        assertThatThrownBy(() -> Axis.parse("prefetch=1,1")).hasMessageContaining("repeats a value");
        assertThatThrownBy(() -> new SweepPlan(List.of(Axis.parse("prefetch=1")), 2, 5, 10, null))
                .hasMessageContaining("at least 3");
        assertThatThrownBy(() -> new SweepPlan(List.of(), 3, 5, 10, null)).hasMessageContaining("at least one axis");
    }

    /** prefetch 1 is slow; from 100 on throughput is flat and p99 grows with the prefetch. */
    private static Measurement prefetchModel(Map<String, Object> settings, Random noise) {
        int prefetch = (Integer) settings.get("prefetch");
        double throughput = prefetch == 1 ? 6_000 : prefetch == 10 ? 15_000 : 20_000;
        double p99 = 2 + prefetch / 50.0;
        return new Measurement(throughput * (1 + noise.nextGaussian() * 0.01), p99 * (1 + noise.nextGaussian() * 0.02),
                true, List.of());
    }

    @Test
    void theKneeIsFoundAndTheTieWithTheLowestP99IsRecommended() {
        Random noise = new Random(42);
        SweepPlan plan = new SweepPlan(List.of(Axis.parse("prefetch=1,10,100,500")), 3, 6, 50, null);
        SweepResult result = new Sweep(plan, s -> prefetchModel(s, noise), (d, p, r, e, per) -> { }).run();

        Recommendation r = result.recommendation();
        assertThat(r.best()).isNotNull();
        assertThat(r.recommended().settings()).containsEntry("prefetch", 100);
        assertThat(r.ties()).extracting(p -> p.settings().get("prefetch")).containsAnyOf(100, 500);
        assertThat(r.knees()).singleElement().asString().startsWith("knee at prefetch=100:");
        assertThat(r.kneeAt()).containsExactly(java.util.Map.entry("prefetch", 100));
        assertThat(r.code().get("amqp-client")).contains("channel.basicQos(100)");
        assertThat(r.code().get("spring-boot")).contains("spring.rabbitmq.listener.simple.prefetch=100");
        assertThat(result.stoppedBecause()).isNull();
        // the tied points got more runs than the minimum, the clear loser did not
        PointResult one = result.points().stream().filter(p -> p.settings().get("prefetch").equals(1)).findFirst()
                .orElseThrow();
        assertThat(one.runs()).hasSize(3);
        assertThat(result.points()).anySatisfy(p -> assertThat(p.runs().size()).isGreaterThan(3));
    }

    @Test
    void aPointWithinTheSloWhoseRunDidNotDrainIsNamedAsSuch() {
        Random noise = new Random(11);
        SweepPlan plan = new SweepPlan(List.of(Axis.parse("prefetch=1,100")), 3, 3, 50, null);
        Recommendation r = new Sweep(plan, s -> {
            Measurement m = prefetchModel(s, noise);
            return new Measurement(m.throughput(), m.p99Millis(), false, List.of("12 messages never arrived"));
        }, (d, p, x, e, per) -> { }).run().recommendation();

        assertThat(r.best()).isNull();
        assertThat(r.reasons()).singleElement().asString().startsWith("no point met p99 <= 50.0 ms with every run "
                + "drained; the closest was prefetch=1").endsWith("(within the SLO, but a run of it did not drain)");
    }

    @Test
    void anImpossibleSloSaysNoPointMetItAndWhichCameClosest() {
        Random noise = new Random(7);
        SweepPlan plan = new SweepPlan(List.of(Axis.parse("prefetch=1,100")), 3, 3, 0.5, null);
        Recommendation r = new Sweep(plan, s -> prefetchModel(s, noise), (d, p, x, e, per) -> { }).run()
                .recommendation();
        assertThat(r.best()).isNull();
        assertThat(r.closest().settings()).containsEntry("prefetch", 1);
        assertThat(r.reasons()).singleElement().asString().startsWith("no point met p99 <= 0.50 ms with every run "
                + "drained; the closest was prefetch=1").doesNotContain("within the SLO");
    }

    @Test
    void anInterruptKeepsThePointsThatRan() {
        List<Integer> calls = new ArrayList<>();
        SweepPlan plan = new SweepPlan(List.of(Axis.parse("prefetch=1,10,100")), 3, 3, 50, null);
        SweepResult result = new Sweep(plan, s -> {
            calls.add(1);
            if (calls.size() == 5) {
                throw new InterruptedException();
            }
            return prefetchModel(s, new Random(1));
        }, (d, p, x, e, per) -> { }).run();
        assertThat(result.stoppedBecause()).isEqualTo("interrupted");
        assertThat(result.points()).hasSize(3);
        assertThat(result.points().stream().mapToInt(p -> p.runs().size()).sum()).isEqualTo(4);
    }

    @Test
    void noRunStartsThatWouldEndAfterTheBudget() {
        StepClock clock = new StepClock();
        SweepPlan plan = new SweepPlan(List.of(Axis.parse("prefetch=1,10,100")), 3, 3, 50, Duration.ofSeconds(50));
        SweepResult result = new Sweep(plan, s -> {
            clock.advanceSeconds(10); // every run takes 10 s
            return prefetchModel(s, new Random(3));
        }, (d, p, x, e, per) -> { }, clock).run();
        assertThat(result.stoppedBecause()).isEqualTo("budget");
        assertThat(result.points().stream().mapToInt(p -> p.runs().size()).sum()).isEqualTo(5);
        assertThat(result.elapsedSeconds()).isLessThanOrEqualTo(50);
    }

    @Test
    void aFailedRunStopsTheSweepKeepingWhatRanAndItsExitCode() {
        List<Integer> calls = new ArrayList<>();
        SweepPlan plan = new SweepPlan(List.of(Axis.parse("prefetch=1,100")), 3, 3, 50, null);
        SweepResult result = new Sweep(plan, s -> {
            calls.add(1);
            if (calls.size() == 3) {
                throw new Sweep.RunFailedException("broker unreachable", "start it",
                        RabbitTuneException.Kind.UNREACHABLE);
            }
            return prefetchModel(s, new Random(5));
        }, (d, p, x, e, per) -> { }).run();
        assertThat(result.stoppedBecause()).isEqualTo("failed: broker unreachable (start it)");
        assertThat(result.failureKind()).isEqualTo(RabbitTuneException.Kind.UNREACHABLE);
        assertThat(result.points()).hasSize(2);
    }

    @Test
    void pointsWithFewerRunsThanPlannedAreListedButNeverRecommended() {
        List<Integer> calls = new ArrayList<>();
        SweepPlan plan = new SweepPlan(List.of(Axis.parse("prefetch=1,100")), 3, 3, 50, null);
        // prefetch=100 would win, but the sweep is interrupted before its third run
        SweepResult result = new Sweep(plan, s -> {
            calls.add(1);
            if (calls.size() == 6) {
                throw new InterruptedException();
            }
            return prefetchModel(s, new Random(9));
        }, (d, p, x, e, per) -> { }).run();
        assertThat(result.points()).hasSize(2);
        assertThat(result.recommendation().recommended().settings()).containsEntry("prefetch", 1);
    }

    @Test
    void aPointWhoseP99IntervalHoldsTheSloRunsAgainUntilItIsClear() {
        Random noise = new Random(11);
        // prefetch=100's p99 (about 4 ms) straddles an SLO of 4 ms: it gets more runs; prefetch=1 is clearly within
        SweepPlan plan = new SweepPlan(List.of(Axis.parse("prefetch=1,100")), 3, 6, 4.0, null);
        SweepResult result = new Sweep(plan, s -> {
            Measurement m = prefetchModel(s, noise);
            double p99 = s.get("prefetch").equals(100) ? 3.6 + noise.nextDouble() * 0.8 : m.p99Millis();
            return new Measurement(m.throughput(), p99, true, List.of());
        }, (d, p, x, e, per) -> { }).run();
        PointResult hundred = result.points().stream().filter(p -> p.settings().get("prefetch").equals(100))
                .findFirst().orElseThrow();
        assertThat(hundred.runs()).hasSize(6);
    }
}
