package dev.rabbittune.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code rabbittune tune --json} sweep: its points with their medians and intervals, and what it recommended.
 *
 * @param name           the file's name
 * @param objective      what the sweep optimised, in words
 * @param sloP99Millis   the p99 a point's median had to stay within
 * @param strategy       how its runs were spent, as the sweep wrote it
 * @param stoppedBecause null when it finished; budget, interrupted or the failure
 * @param elapsedSeconds its wall time
 * @param axes           axis name to the values swept, in plan order
 * @param points         every point that ran, in grid order
 * @param recommended    the recommended point's label; null when no point met the SLO
 * @param closest        when no point met the SLO, the one with the lowest median p99
 * @param ties           labels of the points tied with the best
 * @param reasons        the recommendation in words
 * @param kneeAt         axis name to its knee's value, where one was found
 * @param code           the recommended settings as code, by flavour
 */
record SweepInput(String name, String objective, double sloP99Millis, String strategy, String stoppedBecause,
        double elapsedSeconds, Map<String, List<Object>> axes, List<Point> points, String recommended,
        String closest, List<String> ties, List<String> reasons, Map<String, Object> kneeAt, Map<String, String> code)
        implements ReportInput {

    /**
     * One point of the sweep.
     *
     * @param settings   axis name to value
     * @param label      {@code prefetch=100 confirm=128}
     * @param runs       repetitions
     * @param throughput median msg/s with its interval
     * @param p99        median p99 ms with its interval
     * @param meetsSlo   median p99 within the SLO and every run drained
     * @param drained    every run drained
     * @param keptRate   unpaced, or its delivered rate within 5% of its target (true in files that predate it)
     */
    record Point(Map<String, Object> settings, String label, int runs, Interval throughput, Interval p99,
            boolean meetsSlo, boolean drained, boolean keptRate) {
    }

    /** A median with the interval that holds the true median with probability {@code coverage}. */
    record Interval(double median, double lower, double upper, double coverage) {

        static Interval of(JsonNode node) {
            return new Interval(node.path("median").asDouble(Double.NaN), node.path("lower").asDouble(Double.NaN),
                    node.path("upper").asDouble(Double.NaN), node.path("coverage").asDouble(Double.NaN));
        }

        /** {@code 18,972 msg/s (15,448-23,587, 97%)}: the median, its interval and the interval's coverage. */
        String text(String unit) {
            return Numbers.number(median) + (unit.isEmpty() ? "" : " " + unit) + " (" + Numbers.number(lower) + "-"
                    + Numbers.number(upper) + (Double.isNaN(coverage) ? "" : String.format(java.util.Locale.ROOT,
                    ", %.0f%%", coverage * 100)) + ")";
        }
    }

    static SweepInput of(String name, JsonNode sweep) {
        JsonNode plan = sweep.path("plan");
        Map<String, List<Object>> axes = new LinkedHashMap<>();
        for (JsonNode axis : plan.path("axes")) {
            List<Object> values = new ArrayList<>();
            axis.path("values").forEach(v -> values.add(scalar(v)));
            axes.put(axis.path("name").asText(), values);
        }
        List<Point> points = new ArrayList<>();
        for (JsonNode point : sweep.path("points")) {
            if (!point.path("settings").isObject() || !point.path("throughput").isObject()
                    || !point.path("p99").isObject()) {
                throw new IllegalArgumentException("a sweep point needs its settings, throughput and p99");
            }
            Map<String, Object> settings = new LinkedHashMap<>();
            point.path("settings").fields().forEachRemaining(e -> settings.put(e.getKey(), scalar(e.getValue())));
            boolean drained = true;
            for (JsonNode run : point.path("runs")) {
                drained &= run.path("drained").asBoolean(true);
            }
            points.add(new Point(settings, label(settings), point.path("runs").size(),
                    Interval.of(point.path("throughput")), Interval.of(point.path("p99")),
                    point.path("meetsSlo").asBoolean(), drained, point.path("keptRate").asBoolean(true)));
        }
        checkSettings(axes, points);
        boolean curves = points.stream().anyMatch(p -> p.settings().containsKey(RATE)) && !axes.containsKey(RATE);
        if (curves) {
            // a max-rate sweep: its points carry the rate each step was paced at; 0 is the unlimited probe
            axes.put(RATE, points.stream().map(p -> p.settings().get(RATE)).filter(r -> r instanceof Number n
                    && n.doubleValue() > 0).distinct().sorted(java.util.Comparator.comparingDouble(
                    r -> ((Number) r).doubleValue())).toList());
        }
        JsonNode recommendation = sweep.path("recommendation");
        List<String> ties = new ArrayList<>();
        recommendation.path("ties").forEach(t -> ties.add(labelOf(t)));
        List<String> reasons = new ArrayList<>();
        recommendation.path("reasons").forEach(r -> reasons.add(r.asText()));
        Map<String, Object> kneeAt = new LinkedHashMap<>();
        recommendation.path("kneeAt").fields().forEachRemaining(e -> kneeAt.put(e.getKey(), scalar(e.getValue())));
        kneeAt.forEach((axis, value) -> {
            if (axes.containsKey(axis) && axes.get(axis).stream().noneMatch(v -> String.valueOf(v).equals(
                    String.valueOf(value)))) {
                throw new IllegalArgumentException("its knee " + axis + "=" + value + " is not a value of that axis");
            }
        });
        Map<String, String> code = new LinkedHashMap<>();
        recommendation.path("code").fields().forEachRemaining(e -> code.put(e.getKey(), e.getValue().asText()));
        double slo = plan.path("sloP99Millis").asDouble();
        return new SweepInput(name, objective(plan.path("objective").asText("MAX_THROUGHPUT"), slo), slo, sweep.path("strategy").asText(""), textOrNull(sweep.path("stoppedBecause")),
                sweep.path("elapsedSeconds").asDouble(), axes, points, nullableLabel(recommendation.path("recommended")),
                nullableLabel(recommendation.path("closest")), ties, reasons, kneeAt, code);
    }

    /** Every point sets every axis, to a value of the axis's kind: a chart can place it. */
    private static void checkSettings(Map<String, List<Object>> axes, List<Point> points) {
        if (axes.isEmpty() && points.stream().noneMatch(p -> p.settings().containsKey(RATE))) {
            throw new IllegalArgumentException("a sweep whose plan has no axes");
        }
        for (Map.Entry<String, List<Object>> axis : axes.entrySet()) {
            boolean numeric = axis.getValue().stream().allMatch(v -> v instanceof Number);
            for (Point point : points) {
                Object value = point.settings().get(axis.getKey());
                if (value == null) {
                    throw new IllegalArgumentException("point " + point.label() + " does not set " + axis.getKey());
                }
                if (numeric && !(value instanceof Number)) {
                    throw new IllegalArgumentException("point " + point.label() + " sets " + axis.getKey()
                            + " to '" + value + "', not a number like the axis's values");
                }
            }
        }
    }

    /** The points' setting a max-rate sweep adds: the total rate (msg/s) a step was paced at, 0 unlimited. */
    static final String RATE = "rate";

    /** In words, as the tuner defines each objective (bench's tune.Objective). */
    private static String objective(String name, double slo) {
        return switch (name) {
            case "MIN_P99" -> "the lowest median p99 at the target rate (kept within 5%), p99 at most "
                    + Numbers.millis(slo);
            case "MAX_RATE" -> "the highest sustained rate (drained, rate kept within 5%, median p99 at most "
                    + Numbers.millis(slo) + "), from a rate-vs-latency curve at 10% to 100% of each point's "
                    + "unlimited rate (rate=0)";
            default -> "the highest median throughput with a median p99 of at most " + Numbers.millis(slo);
        };
    }

    /** True for a max-rate sweep, whose chart axis is the rate of its curves. */
    boolean rateCurves() {
        return axes.containsKey(RATE) && points.stream().anyMatch(p -> rateOf(p) == 0);
    }

    static double rateOf(Point point) {
        return point.settings().get(RATE) instanceof Number n ? n.doubleValue() : -1;
    }

    @Override
    public String describe() {
        return "sweep: " + name + " (" + points.size() + " points, " + (recommended == null
                ? "no point met the SLO" : "recommends " + recommended) + ")";
    }

    /** The axis a chart puts on x: a curve's rate, else the one with the most values, numeric ones first. */
    String chartAxis() {
        if (rateCurves()) {
            return RATE;
        }
        String best = null;
        for (Map.Entry<String, List<Object>> axis : axes.entrySet()) {
            if (best == null || rank(axis.getValue()) > rank(axes.get(best))) {
                best = axis.getKey();
            }
        }
        return best;
    }

    private static int rank(List<Object> values) {
        boolean numeric = values.stream().allMatch(v -> v instanceof Number);
        return values.size() * 2 + (numeric ? 1 : 0);
    }

    private static Object scalar(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.asLong();
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        return value.asText();
    }

    static String label(Map<String, Object> settings) {
        StringBuilder text = new StringBuilder();
        settings.forEach((k, v) -> text.append(text.isEmpty() ? "" : " ").append(k).append('=').append(v));
        return text.toString();
    }

    private static String labelOf(JsonNode point) {
        Map<String, Object> settings = new LinkedHashMap<>();
        point.path("settings").fields().forEachRemaining(e -> settings.put(e.getKey(), scalar(e.getValue())));
        return label(settings);
    }

    private static String nullableLabel(JsonNode point) {
        return point.isObject() ? labelOf(point) : null;
    }

    private static String textOrNull(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }
}
