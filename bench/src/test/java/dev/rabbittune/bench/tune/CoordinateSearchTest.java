package dev.rabbittune.bench.tune;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The coordinate search on a synthetic prefetch x confirm-window space whose optimum is known. */
class CoordinateSearchTest {

    private static final List<Axis> SPACE = List.of(Axis.parse("prefetch=1,10,50,200,1000"),
            Axis.parse("confirm=1,16,128,1024"));

    /** Throughput rises with both knobs and flattens from prefetch 200 and window 128; p99 grows with both. */
    private static Measurement model(Map<String, Object> settings, Random noise) {
        int prefetch = (Integer) settings.get("prefetch");
        int confirm = (Integer) settings.get("confirm");
        double byPrefetch = switch (prefetch) {
            case 1 -> 0.3;
            case 10 -> 0.7;
            case 50 -> 0.9;
            default -> 1.0;
        };
        double byConfirm = confirm == 1 ? 0.2 : confirm == 16 ? 0.8 : 1.0;
        double p99 = 2 + prefetch / 100.0 + confirm / 100.0;
        return new Measurement(20_000 * byPrefetch * byConfirm * (1 + noise.nextGaussian() * 0.01),
                p99 * (1 + noise.nextGaussian() * 0.02), true, List.of());
    }

    @Test
    void eachAxisInTurnFindsTheFlatTopMeasuringEightOfTwentyPoints() {
        Random noise = new Random(3);
        SweepPlan plan = new SweepPlan(SPACE, 3, 3, 50, null, Strategy.COORDINATE);

        SweepResult result = new Sweep(plan, s -> model(s, noise), (d, p, x, e, per) -> { }).run();

        // start at the middle (prefetch 50, confirm 16); prefetch's line then confirm's through its best
        assertThat(result.points()).hasSize(8).allSatisfy(p -> assertThat(p.runs()).hasSize(3));
        assertThat(result.strategy()).startsWith("coordinate search").contains("8 of the grid's 20 points measured");
        Map<String, Object> recommended = result.recommendation().recommended().settings();
        assertThat((Integer) recommended.get("prefetch")).isIn(200, 1000);
        assertThat((Integer) recommended.get("confirm")).isIn(128, 1024);
    }

    @Test
    void autoRunsTheGridUpToTwelvePointsAndSearchesBeyond() {
        assertThat(new SweepPlan(List.of(Axis.parse("prefetch=1,10,100"), Axis.parse("confirm=1,16,128,1024")), 3,
                3, 50, null).resolvedStrategy()).isEqualTo(Strategy.GRID);
        SweepPlan twenty = new SweepPlan(SPACE, 3, 3, 50, null);
        assertThat(twenty.resolvedStrategy()).isEqualTo(Strategy.COORDINATE);
        assertThat(twenty.firstPassPoints()).isEqualTo(8);
    }

    @Test
    void whenNoPointOfALineMeetsTheSloTheSearchGoesOnFromTheClosest() {
        Random noise = new Random(5);
        SweepPlan plan = new SweepPlan(SPACE, 3, 3, 2.2, null, Strategy.COORDINATE);

        SweepResult result = new Sweep(plan, s -> model(s, noise), (d, p, x, e, per) -> { }).run();

        // only the smallest knobs keep p99 near 2 ms: the search walks towards them instead of stopping
        assertThat(result.points()).anySatisfy(p -> assertThat(p.settings()).containsEntry("prefetch", 1)
                .containsEntry("confirm", 1));
    }

    @Test
    void theSearchGoesOnFromTheTieTheRecommendationWouldPickNotFromTheNoisiestMedian() {
        Random noise = new Random(3);
        SweepPlan plan = new SweepPlan(SPACE, 3, 3, 50, null, Strategy.COORDINATE);

        SweepResult result = new Sweep(plan, s -> {
            Measurement m = model(s, noise);
            // prefetch 1000 a hair faster than 200 (a tie, within the SLO) but with twice the p99
            boolean thousand = (Integer) s.get("prefetch") == 1000;
            return new Measurement(m.throughput() * (thousand ? 1.004 : 1), m.p99Millis() * (thousand ? 2 : 1), true,
                    List.of());
        }, (d, p, x, e, per) -> { }).run();

        assertThat(result.points()).noneSatisfy(p -> assertThat(p.settings()).containsEntry("prefetch", 1000)
                .doesNotContainEntry("confirm", 16));
        assertThat(result.recommendation().recommended().settings()).containsEntry("prefetch", 200);
    }
}
