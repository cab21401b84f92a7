package dev.rabbittune.bench.tune;

import java.util.List;
import java.util.Map;

/**
 * One point of a sweep (a setting of every axis) with its repetitions.
 *
 * @param settings   axis name to value
 * @param runs       every repetition, in order
 * @param throughput median throughput and its interval
 * @param p99        median p99 (ms) and its interval
 * @param meetsSlo   the point counts: its median p99 is within the SLO, every run drained and a paced point kept
 *                   its rate
 * @param keptRate   unpaced, or its median published rate within {@link Objective#RATE_TOLERANCE} of its target
 *                   (that nothing piled up is what {@code drained} says)
 */
public record PointResult(Map<String, Object> settings, List<Measurement> runs, MedianInterval throughput,
        MedianInterval p99, boolean meetsSlo, boolean keptRate) {

    public PointResult {
        settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
        runs = List.copyOf(runs);
    }

    static PointResult of(Map<String, Object> settings, List<Measurement> runs, double sloP99Millis) {
        MedianInterval throughput = MedianInterval.of(runs.stream().mapToDouble(Measurement::throughput).toArray());
        MedianInterval p99 = MedianInterval.of(runs.stream().mapToDouble(Measurement::p99Millis).toArray());
        boolean drained = runs.stream().allMatch(Measurement::drained);
        double target = runs.stream().mapToDouble(Measurement::targetRate).max().orElse(0);
        double published = MedianInterval.of(runs.stream().mapToDouble(Measurement::publishedRate).toArray())
                .median();
        boolean keptRate = target == 0 || published >= target * (1 - Objective.RATE_TOLERANCE);
        return new PointResult(settings, runs, throughput, p99, drained && keptRate && p99.median() <= sloP99Millis,
                keptRate);
    }

    /** The point's settings without the rate a rate curve adds. */
    Map<String, Object> baseSettings() {
        Map<String, Object> base = new java.util.LinkedHashMap<>(settings);
        base.remove(Axis.RATE);
        return base;
    }

    /** {@code prefetch=100 confirm=128}. */
    public String label() {
        return label(settings);
    }

    /** {@code prefetch=100 confirm=128} for any settings. */
    public static String label(Map<String, Object> settings) {
        StringBuilder text = new StringBuilder();
        settings.forEach((k, v) -> text.append(text.isEmpty() ? "" : " ").append(k).append('=').append(v));
        return text.toString();
    }
}
