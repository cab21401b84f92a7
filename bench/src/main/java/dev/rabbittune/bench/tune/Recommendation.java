package dev.rabbittune.bench.tune;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a sweep recommends: of the points whose median p99 met the SLO, the one with the highest median throughput
 * is the best; those whose throughput interval overlaps the best's are ties (the runs cannot tell them apart), and
 * of the best and its ties the one with the lowest median p99 is recommended. Along each numeric axis, with the
 * other axes at the recommended values, the knee is the last value before a step that adds less than 5% throughput.
 *
 * @param best        the highest median throughput within the SLO, null when no point met it
 * @param ties        points that cannot be told apart from the best
 * @param recommended the tie (or the best) with the lowest median p99
 * @param closest     when no point met the SLO: the one with the lowest median p99
 * @param knees       one sentence per numeric axis
 * @param kneeAt      axis name to the value its knee sentence names, for the axes where a knee was found (a report
 *                    marks it on the chart)
 * @param reasons     the recommendation in words, evidence first
 * @param code        the recommended settings as code: rabbittune client, amqp-client, Spring Boot
 */
public record Recommendation(PointResult best, List<PointResult> ties, PointResult recommended, PointResult closest,
        List<String> knees, Map<String, Object> kneeAt, List<String> reasons, Map<String, String> code) {

    /** A step that adds less than this share of throughput is past the knee. */
    static final double KNEE_GAIN = 0.05;

    public Recommendation {
        ties = List.copyOf(ties);
        knees = List.copyOf(knees);
        kneeAt = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(kneeAt));
        reasons = List.copyOf(reasons);
        code = code == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(code));
    }

    static Recommendation of(List<PointResult> points, SweepPlan plan) {
        return switch (plan.objective()) {
            case MAX_THROUGHPUT -> maxThroughput(points, plan);
            case MIN_P99 -> minP99(points, plan);
            case MAX_RATE -> RateCurve.recommend(points, plan);
        };
    }

    /** No point counted: the closest by p99, and why none counted. */
    static Recommendation none(List<PointResult> points, SweepPlan plan) {
        PointResult closest = points.stream().min(Comparator.comparingDouble(p -> p.p99().median())).orElse(null);
        String why = closest == null ? "no point finished its repetitions" : String.format(Locale.ROOT,
                "no point met p99 <= %s ms with every run drained%s; the closest was %s with a median p99 of %s ms%s",
                number(plan.sloP99Millis()), plan.objective() == Objective.MAX_THROUGHPUT ? "" : " and its rate kept",
                closest.label(), number(closest.p99().median()), closest.p99().median() <= plan.sloP99Millis()
                        ? closest.keptRate() ? " (within the SLO, but a run of it did not drain)"
                        : " (within the SLO, but it did not keep its rate)" : "");
        return new Recommendation(null, List.of(), null, closest, List.of(), Map.of(), List.of(why), Map.of());
    }

    /**
     * At a target rate: the lowest median p99 of the points that counted is recommended; those whose p99 interval
     * overlaps it are named as ties.
     */
    private static Recommendation minP99(List<PointResult> points, SweepPlan plan) {
        List<PointResult> meeting = points.stream().filter(PointResult::meetsSlo).toList();
        if (meeting.isEmpty()) {
            return none(points, plan);
        }
        PointResult best = meeting.stream().min(Comparator.comparingDouble(p -> p.p99().median())).orElseThrow();
        List<PointResult> ties = meeting.stream().filter(p -> p != best && p.p99().overlaps(best.p99())).toList();
        // at one target rate, a tie that delivered a few more messages is noise, not a reason: the best is recommended
        PointResult recommended = best;
        List<String> reasons = new ArrayList<>();
        reasons.add(String.format(Locale.ROOT, "lowest p99 at the target rate: %s, p99 %s ms (%s-%s, %.0f%% interval), "
                        + "%s msg/s delivered", best.label(), number(best.p99().median()), number(best.p99().lower()),
                number(best.p99().upper()), best.p99().coverage() * 100, number(best.throughput().median())));
        if (!ties.isEmpty()) {
            reasons.add("tied with it (p99 intervals overlap): " + String.join("; ", ties.stream().map(t -> t.label()
                    + " p99 " + number(t.p99().median()) + " ms").toList()));
        }
        return new Recommendation(best, ties, recommended, null, List.of(), Map.of(), reasons,
                SettingsCode.of(recommended.settings()));
    }

    private static Recommendation maxThroughput(List<PointResult> points, SweepPlan plan) {
        List<PointResult> meeting = points.stream().filter(PointResult::meetsSlo).toList();
        if (meeting.isEmpty()) {
            return none(points, plan);
        }
        PointResult best = meeting.stream().max(Comparator.comparingDouble(p -> p.throughput().median())).orElseThrow();
        List<PointResult> ties = meeting.stream().filter(p -> p != best && p.throughput().overlaps(best.throughput()))
                .toList();
        List<PointResult> candidates = new ArrayList<>(ties);
        candidates.add(best);
        PointResult recommended = candidates.stream().min(Comparator.comparingDouble(p -> p.p99().median()))
                .orElseThrow();
        List<String> knees = new ArrayList<>();
        Map<String, Object> kneeAt = new java.util.LinkedHashMap<>();
        for (Axis axis : plan.axes()) {
            if (axis.ordered() && axis.values().size() > 1) {
                knees.add(knee(axis, recommended, points, kneeAt));
            }
        }
        List<String> reasons = new ArrayList<>();
        reasons.add(String.format(Locale.ROOT, "best within p99 <= %s ms: %s, %s msg/s (%s-%s, %.0f%% interval), "
                        + "p99 %s ms", number(plan.sloP99Millis()), best.label(), number(best.throughput().median()),
                number(best.throughput().lower()), number(best.throughput().upper()),
                best.throughput().coverage() * 100, number(best.p99().median())));
        if (!ties.isEmpty()) {
            reasons.add("tied with it (throughput intervals overlap): " + String.join("; ",
                    ties.stream().map(t -> t.label() + " " + number(t.throughput().median()) + " msg/s, p99 "
                            + number(t.p99().median()) + " ms").toList()));
        }
        if (recommended != best) {
            reasons.add("recommended: " + recommended.label() + ", the tie with the lowest p99 ("
                    + number(recommended.p99().median()) + " ms)");
        }
        reasons.addAll(knees);
        return new Recommendation(best, ties, recommended, null, knees, kneeAt, reasons,
                SettingsCode.of(recommended.settings()));
    }

    /**
     * Along {@code axis}, the other axes at the recommended point's values: the knee is the smallest value after
     * which no larger value adds 5% or more median throughput with an interval clear of its own; the sentence
     * gives the p99 on both sides of it. A knee found is also put in {@code kneeAt}.
     */
    private static String knee(Axis axis, PointResult recommended, List<PointResult> points,
            Map<String, Object> kneeAt) {
        List<PointResult> line = points.stream().filter(p -> sameExcept(p, recommended, axis.name()))
                .sorted(Comparator.comparingInt(p -> (Integer) p.settings().get(axis.name()))).toList();
        if (line.size() < 2) {
            return axis.name() + ": not enough complete points along it to find a knee";
        }
        for (int i = 0; i + 1 < line.size(); i++) {
            PointResult at = line.get(i);
            PointResult bestAfter = line.subList(i + 1, line.size()).stream()
                    .max(Comparator.comparingDouble(p -> p.throughput().median())).orElseThrow();
            double gain = bestAfter.throughput().median() / at.throughput().median() - 1;
            // a gain counts only when it is 5% or more and beyond the noise (the intervals do not overlap)
            boolean realGain = gain >= KNEE_GAIN && !bestAfter.throughput().overlaps(at.throughput());
            if (!realGain) {
                kneeAt.put(axis.name(), at.settings().get(axis.name()));
                return String.format(Locale.ROOT, "knee at %s=%s: no larger value adds 5%% throughput beyond the noise "
                                + "(the best of them, %s, %+.1f%%%s: %s -> %s msg/s) while p99 goes %s -> %s ms",
                        axis.name(), at.settings().get(axis.name()), axis.name() + "=" + bestAfter.settings()
                                .get(axis.name()), gain * 100, gain >= KNEE_GAIN ? ", but the intervals overlap" : "",
                        number(at.throughput().median()), number(bestAfter.throughput().median()),
                        number(at.p99().median()), number(bestAfter.p99().median()));
            }
        }
        return axis.name() + ": throughput still rose by 5% or more, beyond the noise, up to "
                + line.get(line.size() - 1).settings().get(axis.name()) + " (no knee in the values swept)";
    }

    private static boolean sameExcept(PointResult p, PointResult reference, String axis) {
        return reference.settings().entrySet().stream()
                .allMatch(e -> e.getKey().equals(axis) || Objects.equals(p.settings().get(e.getKey()), e.getValue()));
    }

    static String number(double value) {
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 10 ? "%.1f" : "%.2f", value);
    }
}
