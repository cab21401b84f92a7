package dev.rabbittune.bench.tune;

import dev.rabbittune.core.BadInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to sweep and how: the axes (their grid is every combination), repetitions per point, the latency SLO the
 * objective keeps (max throughput with median p99 within it), and a time budget.
 *
 * @param axes           at least one, each named once
 * @param repetitions    runs per point before any is compared (at least 3)
 * @param maxRepetitions runs a point may get while its interval overlaps the best's and the budget allows
 * @param sloP99Millis   the p99 a point's median must stay within to count
 * @param budget         stop starting runs that would end after it; null: none
 * @param strategy       which points are measured before the unclear ones are re-sampled
 * @param objective      what is optimised; {@link Objective#MAX_RATE} may have no axis (the base workload alone)
 */
public record SweepPlan(List<Axis> axes, int repetitions, int maxRepetitions, double sloP99Millis,
        @com.fasterxml.jackson.annotation.JsonIgnore Duration budget, Strategy strategy, Objective objective) {

    /** A plan with {@link Strategy#AUTO} for {@link Objective#MAX_THROUGHPUT}. */
    public SweepPlan(List<Axis> axes, int repetitions, int maxRepetitions, double sloP99Millis, Duration budget) {
        this(axes, repetitions, maxRepetitions, sloP99Millis, budget, Strategy.AUTO, Objective.MAX_THROUGHPUT);
    }

    /** A plan for {@link Objective#MAX_THROUGHPUT}. */
    public SweepPlan(List<Axis> axes, int repetitions, int maxRepetitions, double sloP99Millis, Duration budget,
            Strategy strategy) {
        this(axes, repetitions, maxRepetitions, sloP99Millis, budget, strategy, Objective.MAX_THROUGHPUT);
    }

    public SweepPlan {
        strategy = strategy == null ? Strategy.AUTO : strategy;
        objective = objective == null ? Objective.MAX_THROUGHPUT : objective;
        axes = List.copyOf(axes);
        if (axes.isEmpty() && objective != Objective.MAX_RATE) {
            throw new BadInputException("a sweep needs at least one axis", "e.g. prefetch=1,10,100", null);
        }
        if (axes.stream().map(Axis::name).distinct().count() != axes.size()) {
            throw new BadInputException("an axis is given twice");
        }
        if (repetitions < 3) {
            throw new BadInputException("repeat must be at least 3: fewer runs give no interval for the median");
        }
        if (maxRepetitions < repetitions) {
            throw new BadInputException("max-repeat (" + maxRepetitions + ") is below repeat (" + repetitions + ")");
        }
        if (!(sloP99Millis > 0)) {
            throw new BadInputException("slo-p99 must be above 0 ms");
        }
    }

    /** The budget in seconds, as the JSON form writes it (null: none). */
    @com.fasterxml.jackson.annotation.JsonProperty("budgetSeconds")
    public Long budgetSeconds() {
        return budget == null ? null : budget.toSeconds();
    }

    /** The strategy this plan runs: {@link Strategy#AUTO} resolved by the grid's size; a rate curve is a grid. */
    public Strategy resolvedStrategy() {
        return objective == Objective.MAX_RATE ? Strategy.GRID : strategy.resolve((int) Math.min(Integer.MAX_VALUE,
                gridSize()));
    }

    /**
     * Points measured before re-sampling when nothing stops the sweep: the whole grid, or for a coordinate search
     * the start and each axis's other values.
     */
    public int firstPassPoints() {
        if (objective == Objective.MAX_RATE) {
            return (int) gridSize() * (1 + RateCurve.FRACTIONS.length);
        }
        return resolvedStrategy() == Strategy.GRID ? (int) gridSize()
                : 1 + axes.stream().mapToInt(a -> a.values().size() - 1).sum();
    }

    /** How many points the grid has, without building it (a search over a large space never does). */
    public long gridSize() {
        long size = 1;
        for (Axis axis : axes) {
            size = Math.multiplyExact(size, axis.values().size());
        }
        return size;
    }

    /** Every combination of the axes' values, the first axis varying slowest. */
    public List<Map<String, Object>> points() {
        List<Map<String, Object>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Axis axis : axes) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> point : points) {
                for (Object value : axis.values()) {
                    Map<String, Object> extended = new LinkedHashMap<>(point);
                    extended.put(axis.name(), value);
                    next.add(extended);
                }
            }
            points = next;
        }
        return points;
    }
}
