package dev.rabbittune.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The chart specifications the page's script draws with uPlot: per chart its axes, and per series its own x and y
 * (and, for intervals, lower and upper) arrays, which the script aligns. Figures only; no markup.
 */
final class Charts {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ArrayNode charts = NODES.arrayNode();

    ArrayNode specs() {
        return charts;
    }

    /** Registers a chart and returns the id of the element it is drawn into. */
    private ObjectNode chart(String title, String xLabel, String yLabel, String xScale, boolean yLog) {
        ObjectNode chart = charts.addObject();
        chart.put("id", "chart-" + charts.size());
        chart.put("title", title);
        chart.put("xLabel", xLabel);
        chart.put("yLabel", yLabel);
        chart.put("xScale", xScale);
        chart.put("yLog", yLog);
        chart.putArray("series");
        chart.putArray("xMarkers");
        chart.putArray("yMarkers");
        return chart;
    }

    String throughputPerSecond(List<BenchInput> runs) {
        ObjectNode chart = chart("Throughput per second", "seconds since start", "msg/s", "linear", false);
        for (BenchInput run : runs) {
            series(chart, run.name() + " received/s", run.seconds(), run.receivedRate(), false, SECONDS);
            series(chart, run.name() + " sent/s", run.seconds(), run.sentRate(), true, SECONDS);
        }
        markWarmups(chart, runs);
        return chart.path("id").asText();
    }

    String latencyPerSecond(List<BenchInput> runs) {
        ObjectNode chart = chart("End-to-end latency per second", "seconds since start", "ms (log)", "linear", true);
        for (BenchInput run : runs) {
            series(chart, run.name() + " p99", run.seconds(), run.p99Millis(), false, SECONDS);
            series(chart, run.name() + " p50", run.seconds(), run.p50Millis(), true, SECONDS);
            series(chart, run.name() + " max", run.seconds(), run.maxMillis(), true, SECONDS);
        }
        markWarmups(chart, runs);
        return chart.path("id").asText();
    }

    /** Percentile spectrum, HdrHistogram style: x is 1/(1-p), so 90%, 99%, 99.9% sit a decade apart. */
    String spectrum(String title, List<BenchInput> runs, boolean confirm) {
        ObjectNode chart = chart(title, "percentile (log scale of 1/(1-p))", "ms (log)", "percentile", true);
        for (BenchInput run : runs) {
            List<double[]> points = confirm ? run.confirmSpectrum() : run.latencySpectrum();
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (double[] point : points) {
                if (!x.isEmpty() && 1 / (1 - point[0] / 100) <= x.get(x.size() - 1)) {
                    continue;
                }
                x.add(1 / (1 - point[0] / 100));
                y.add(point[1]);
            }
            series(chart, run.name(), x, y, false);
        }
        return chart.path("id").asText();
    }

    /**
     * The sweep along its chart axis: one line per setting of the other axes, the median with its interval as a
     * band; the recommended point and the knee marked; on the p99 chart, the SLO.
     */
    String sweep(SweepInput sweep, boolean p99) {
        String axis = sweep.chartAxis();
        List<Object> values = sweep.axes().get(axis);
        // 0 means unlimited (prefetch) or none (confirm): not the smallest amount, so such an axis is categories
        boolean numeric = values.stream().allMatch(v -> v instanceof Number n && n.doubleValue() > 0);
        boolean log = numeric && spansDecades(values);
        String xScale = !numeric ? "category" : log ? "log" : "linear";
        ObjectNode chart = chart((p99 ? "p99 latency" : "Throughput") + " by " + axis
                        + " (median; band: the order-statistic interval, 75% coverage at 3 runs, 97% at 6)",
                axis + (log ? " (log)" : ""), p99 ? "ms (log)" : "msg/s", xScale, p99);
        if (!numeric) {
            ArrayNode labels = chart.putArray("categories");
            values.forEach(v -> labels.add(String.valueOf(v)));
        }
        for (Map.Entry<String, List<SweepInput.Point>> line : linesAlong(sweep, axis).entrySet()) {
            List<Double> x = new ArrayList<>();
            List<Double> median = new ArrayList<>();
            List<Double> lower = new ArrayList<>();
            List<Double> upper = new ArrayList<>();
            for (SweepInput.Point point : line.getValue()) {
                SweepInput.Interval interval = p99 ? point.p99() : point.throughput();
                x.add(position(point.settings().get(axis), values, numeric));
                median.add(interval.median());
                lower.add(interval.lower());
                upper.add(interval.upper());
            }
            ObjectNode series = series(chart, line.getKey().isEmpty() ? "median" : line.getKey(), x, median, false);
            series.set("lower", numbers(lower, "%.4g"));
            series.set("upper", numbers(upper, "%.4g"));
        }
        sweep.points().stream().filter(p -> p.label().equals(sweep.recommended())).findFirst().ifPresent(point -> {
            double x = position(point.settings().get(axis), values, numeric);
            double y = p99 ? point.p99().median() : point.throughput().median();
            series(chart, "recommended", List.of(x), List.of(y), false).put("pointsOnly", true);
        });
        Object knee = sweep.kneeAt().get(axis);
        if (knee != null) {
            marker(chart.withArray("xMarkers"), position(knee, values, numeric), "knee " + axis + "=" + knee);
        }
        if (p99) {
            marker(chart.withArray("yMarkers"), sweep.sloP99Millis(), "SLO " + Numbers.millis(sweep.sloP99Millis()));
        }
        return chart.path("id").asText();
    }

    /** The points grouped by their setting of every axis but {@code axis}, each group in the axis's order. */
    private static Map<String, List<SweepInput.Point>> linesAlong(SweepInput sweep, String axis) {
        Map<String, List<SweepInput.Point>> lines = new LinkedHashMap<>();
        for (SweepInput.Point point : sweep.points()) {
            if (sweep.rateCurves() && SweepInput.rateOf(point) == 0) {
                continue; // the unlimited probe has no rate to sit at; the table lists it
            }
            Map<String, Object> others = new LinkedHashMap<>(point.settings());
            others.remove(axis);
            lines.computeIfAbsent(SweepInput.label(others), k -> new ArrayList<>()).add(point);
        }
        List<Object> order = sweep.axes().get(axis);
        lines.values().forEach(points -> points.sort(java.util.Comparator.comparingInt(
                p -> indexOf(order, p.settings().get(axis)))));
        return lines;
    }

    private static int indexOf(List<Object> values, Object value) {
        for (int i = 0; i < values.size(); i++) {
            if (Objects.equals(String.valueOf(values.get(i)), String.valueOf(value))) {
                return i;
            }
        }
        return values.size();
    }

    private static double position(Object value, List<Object> values, boolean numeric) {
        return numeric && value instanceof Number n ? n.doubleValue() : indexOf(values, value);
    }

    private static boolean spansDecades(List<Object> values) {
        double min = values.stream().mapToDouble(v -> ((Number) v).doubleValue()).min().orElse(0);
        double max = values.stream().mapToDouble(v -> ((Number) v).doubleValue()).max().orElse(0);
        return min > 0 && max / min >= 50;
    }

    private static void markWarmups(ObjectNode chart, List<BenchInput> runs) {
        for (BenchInput run : runs) {
            for (int i = run.phases().size() - 1; i >= 0; i--) {
                if (run.phases().get(i).equals("warmup")) {
                    marker(chart.withArray("xMarkers"), run.seconds().get(i), "warm-up ends (" + run.name() + ")");
                    break;
                }
            }
        }
    }

    private static void marker(ArrayNode markers, double value, String label) {
        markers.addObject().put("value", value).put("label", label);
    }

    /** Seconds since the start to the millisecond: samples microseconds apart must not share an x. */
    private static final String SECONDS = "%.3f";

    private static ObjectNode series(ObjectNode chart, String label, List<Double> x, List<Double> y, boolean faint) {
        return series(chart, label, x, y, faint, "%.6g");
    }

    private static ObjectNode series(ObjectNode chart, String label, List<Double> x, List<Double> y, boolean faint,
            String xFormat) {
        ObjectNode series = chart.withArray("series").addObject();
        series.put("label", label);
        series.put("faint", faint);
        series.set("x", numbers(x, xFormat));
        series.set("y", numbers(y, "%.4g"));
        return series;
    }

    /** {@code format} keeps the digits a chart can show: they keep an hour-long run's report small. */
    private static ArrayNode numbers(List<Double> values, String format) {
        ArrayNode array = NODES.arrayNode(values.size());
        for (Double value : values) {
            if (value == null || value.isNaN() || value.isInfinite()) {
                array.addNull();
            } else {
                array.add(Double.parseDouble(String.format(java.util.Locale.ROOT, format, value)));
            }
        }
        return array;
    }
}
