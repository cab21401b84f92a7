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
 * @param meetsSlo   the median p99 is within the SLO (and every run drained)
 */
public record PointResult(Map<String, Object> settings, List<Measurement> runs, MedianInterval throughput,
        MedianInterval p99, boolean meetsSlo) {

    public PointResult {
        settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
        runs = List.copyOf(runs);
    }

    static PointResult of(Map<String, Object> settings, List<Measurement> runs, double sloP99Millis) {
        MedianInterval throughput = MedianInterval.of(runs.stream().mapToDouble(Measurement::throughput).toArray());
        MedianInterval p99 = MedianInterval.of(runs.stream().mapToDouble(Measurement::p99Millis).toArray());
        boolean drained = runs.stream().allMatch(Measurement::drained);
        return new PointResult(settings, runs, throughput, p99, drained && p99.median() <= sloP99Millis);
    }

    /** {@code prefetch=100 confirm=128}. */
    public String label() {
        StringBuilder text = new StringBuilder();
        settings.forEach((k, v) -> text.append(text.isEmpty() ? "" : " ").append(k).append('=').append(v));
        return text.toString();
    }
}
