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
     */
    record Point(Map<String, Object> settings, String label, int runs, Interval throughput, Interval p99,
            boolean meetsSlo, boolean drained) {
    }

    /** A median with the interval that holds the true median with probability {@code coverage}. */
    record Interval(double median, double lower, double upper, double coverage) {

        static Interval of(JsonNode node) {
            return new Interval(node.path("median").asDouble(Double.NaN), node.path("lower").asDouble(Double.NaN),
                    node.path("upper").asDouble(Double.NaN), node.path("coverage").asDouble(Double.NaN));
        }

        String text(String unit) {
            return Numbers.number(median) + (unit.isEmpty() ? "" : " " + unit) + " (" + Numbers.number(lower) + "-"
                    + Numbers.number(upper) + ")";
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
            Map<String, Object> settings = new LinkedHashMap<>();
            point.path("settings").fields().forEachRemaining(e -> settings.put(e.getKey(), scalar(e.getValue())));
            boolean drained = true;
            for (JsonNode run : point.path("runs")) {
                drained &= run.path("drained").asBoolean(true);
            }
            points.add(new Point(settings, label(settings), point.path("runs").size(),
                    Interval.of(point.path("throughput")), Interval.of(point.path("p99")),
                    point.path("meetsSlo").asBoolean(), drained));
        }
        JsonNode recommendation = sweep.path("recommendation");
        List<String> ties = new ArrayList<>();
        recommendation.path("ties").forEach(t -> ties.add(labelOf(t)));
        List<String> reasons = new ArrayList<>();
        recommendation.path("reasons").forEach(r -> reasons.add(r.asText()));
        Map<String, Object> kneeAt = new LinkedHashMap<>();
        recommendation.path("kneeAt").fields().forEachRemaining(e -> kneeAt.put(e.getKey(), scalar(e.getValue())));
        Map<String, String> code = new LinkedHashMap<>();
        recommendation.path("code").fields().forEachRemaining(e -> code.put(e.getKey(), e.getValue().asText()));
        double slo = plan.path("sloP99Millis").asDouble();
        return new SweepInput(name, "the highest median throughput with a median p99 of at most "
                + Numbers.millis(slo), slo, sweep.path("strategy").asText(""), textOrNull(sweep.path("stoppedBecause")),
                sweep.path("elapsedSeconds").asDouble(), axes, points, nullableLabel(recommendation.path("recommended")),
                nullableLabel(recommendation.path("closest")), ties, reasons, kneeAt, code);
    }

    @Override
    public String describe() {
        return "sweep: " + name + " (" + points.size() + " points, " + (recommended == null
                ? "no point met the SLO" : "recommends " + recommended) + ")";
    }

    /** The axis a chart puts on x: the one with the most values, numeric ones first. */
    String chartAxis() {
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
