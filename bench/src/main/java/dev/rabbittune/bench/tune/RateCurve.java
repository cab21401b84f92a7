package dev.rabbittune.bench.tune;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The max-sustainable-rate objective: for each point, its unlimited delivered rate first (the runs at
 * {@code rate=0}), then a rate-vs-latency curve of fixed rates at 10% to 100% of that rate's median (as PerfTest's
 * rate-vs-latency scenario steps through fractions of a measured maximum). A point sustains a rate when every run at
 * it drained, kept the rate within {@link Objective#RATE_TOLERANCE} and its median p99 kept the SLO.
 */
final class RateCurve {

    /** The curve's steps as fractions of the unlimited rate. */
    static final double[] FRACTIONS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};

    private RateCurve() {
    }

    /** The paced points of {@code base}'s curve, from the median of its unlimited runs. */
    static List<Map<String, Object>> steps(Map<String, Object> base, double unlimitedMedian) {
        List<Map<String, Object>> steps = new ArrayList<>();
        for (double fraction : FRACTIONS) {
            long rate = Math.max(1, Math.round(unlimitedMedian * fraction));
            Map<String, Object> step = new LinkedHashMap<>(base);
            step.put(Axis.RATE, (int) Math.min(Integer.MAX_VALUE, rate));
            if (steps.stream().noneMatch(step::equals)) {
                steps.add(step);
            }
        }
        return steps;
    }

    /** The probe point of {@code base}: publishing as fast as it can. */
    static Map<String, Object> unlimited(Map<String, Object> base) {
        Map<String, Object> probe = new LinkedHashMap<>(base);
        probe.put(Axis.RATE, 0);
        return probe;
    }

    static int rate(PointResult point) {
        return ((Number) point.settings().getOrDefault(Axis.RATE, 0)).intValue();
    }

    /**
     * Per point, the highest step it sustained; the point with the highest is recommended, and those that sustained
     * the same step of their own curve (the curve cannot tell them apart more finely) are named as ties. A point
     * whose curve the budget cut short is ranked only when no point has a whole curve, and is said to be cut short.
     */
    static Recommendation recommend(List<PointResult> points, SweepPlan plan) {
        Map<Map<String, Object>, List<PointResult>> curves = new LinkedHashMap<>();
        Map<Map<String, Object>, PointResult> probes = new LinkedHashMap<>();
        for (PointResult point : points) {
            if (rate(point) == 0) {
                probes.put(point.baseSettings(), point);
            } else {
                curves.computeIfAbsent(point.baseSettings(), k -> new ArrayList<>()).add(point);
            }
        }
        Map<Map<String, Object>, PointResult> sustained = new LinkedHashMap<>();
        curves.forEach((base, curve) -> curve.stream().filter(PointResult::meetsSlo)
                .max(Comparator.comparingInt(RateCurve::rate)).ifPresent(top -> sustained.put(base, top)));
        if (sustained.isEmpty()) {
            return Recommendation.none(curves.values().stream().flatMap(List::stream).toList(), plan);
        }
        boolean anyWhole = sustained.keySet().stream().anyMatch(base -> whole(curves.get(base)));
        List<PointResult> ranked = sustained.entrySet().stream().filter(e -> !anyWhole || whole(curves.get(e.getKey())))
                .map(Map.Entry::getValue).toList();
        PointResult best = ranked.stream().max(Comparator.comparingInt(RateCurve::rate)).orElseThrow();
        int bestStep = step(best, curves.get(best.baseSettings()));
        List<PointResult> ties = ranked.stream().filter(p -> p != best
                && step(p, curves.get(p.baseSettings())) == bestStep).toList();
        List<String> reasons = new ArrayList<>();
        reasons.add(String.format(Locale.ROOT, "max sustainable rate: %s sustained %s msg/s (p99 %s ms, every run "
                        + "drained, the rate kept); unlimited it delivered %s msg/s", label(best),
                Recommendation.number(rate(best)), Recommendation.number(best.p99().median()),
                Recommendation.number(unlimitedOf(probes.get(best.baseSettings()), best))));
        reasons.add(above(best, curves.get(best.baseSettings()), plan));
        if (!ties.isEmpty()) {
            reasons.add("the same step of their own curves: " + String.join("; ", ties.stream().map(t -> label(t)
                    + " " + Recommendation.number(rate(t)) + " msg/s, p99 " + Recommendation.number(t.p99().median())
                    + " ms").toList()));
        }
        if (anyWhole && ranked.size() < sustained.size()) {
            reasons.add("not ranked, their curves cut short by the budget: " + String.join("; ", sustained.entrySet()
                    .stream().filter(e -> !whole(curves.get(e.getKey()))).map(e -> label(e.getValue())).toList()));
        }
        return new Recommendation(best, ties, best, null, List.of(), Map.of(), reasons,
                SettingsCode.of(best.baseSettings()));
    }

    /** Every step of the curve finished its repetitions (the points given are those that did). */
    private static boolean whole(List<PointResult> curve) {
        return curve.size() == FRACTIONS.length;
    }

    /** The step's index on its own curve (0 for 10%). */
    private static int step(PointResult point, List<PointResult> curve) {
        return (int) curve.stream().filter(p -> rate(p) < rate(point)).count();
    }

    /** Why the next step above the sustained one did not count, or that there was none. */
    private static String above(PointResult sustained, List<PointResult> curve, SweepPlan plan) {
        return curve.stream().filter(p -> rate(p) > rate(sustained)).min(Comparator.comparingInt(RateCurve::rate))
                .map(next -> String.format(Locale.ROOT, "at the next step, %s msg/s, %s", Recommendation.number(
                        rate(next)), !next.runs().stream().allMatch(Measurement::drained)
                        ? "a run did not drain (the backlog grew)" : !next.keptRate() ? "the producers could not keep "
                        + "the rate (published " + Recommendation.number(MedianInterval.of(next.runs().stream()
                        .mapToDouble(Measurement::publishedRate).toArray()).median()) + " msg/s)" : "p99 was "
                        + Recommendation.number(next.p99().median()) + " ms, over the SLO of "
                        + Recommendation.number(plan.sloP99Millis()) + " ms"))
                .orElse(whole(curve) ? "it sustained every step of its curve: it may sustain more than its unlimited "
                        + "runs' median, where the curve ends" : "the steps above it were not measured (the budget ran "
                        + "out): it may sustain more");
    }

    private static double unlimitedOf(PointResult probe, PointResult fallback) {
        return probe != null ? probe.throughput().median() : rate(fallback);
    }

    private static String label(PointResult point) {
        String base = PointResult.label(point.baseSettings());
        return base.isEmpty() ? "the base workload" : base;
    }
}
