package dev.rabbittune.bench.tune;

import java.util.Locale;

/**
 * What a sweep optimises. Every objective counts a point only when all its runs drained, a paced run kept its
 * target rate (within {@link #RATE_TOLERANCE}), and its median p99 kept the SLO.
 */
public enum Objective {
    /** The highest median delivered throughput. */
    MAX_THROUGHPUT("the highest median throughput with a median p99 of at most %s ms"),
    /** At the base workload's target rate: the lowest median p99. */
    MIN_P99("the lowest median p99 at the target rate (kept within 5%%), p99 at most %s ms"),
    /**
     * The highest rate the pipeline sustains: each point's unlimited rate first, then fixed rates from 10% to 100%
     * of it; the highest step that drained, kept its rate and its p99 within the SLO.
     */
    MAX_RATE("the highest sustained rate (drained, rate kept within 5%%, median p99 at most %s ms), from a "
            + "rate-vs-latency curve at 10%% to 100%% of each point's unlimited rate");

    /** A paced point whose median delivered rate falls further below its target did not keep it. */
    public static final double RATE_TOLERANCE = 0.05;

    private final String description;

    Objective(String description) {
        this.description = description;
    }

    /** In words, with the SLO. */
    public String describe(String sloMillis) {
        return String.format(Locale.ROOT, description, sloMillis);
    }

    /** The interval a point is ranked by: its p99 for {@link #MIN_P99}, its throughput otherwise. */
    MedianInterval score(PointResult point) {
        return this == MIN_P99 ? point.p99() : point.throughput();
    }

    /** Orders points from worst to best by {@link #score}'s median. */
    java.util.Comparator<PointResult> ranking() {
        java.util.Comparator<PointResult> byMedian = java.util.Comparator.comparingDouble(p -> score(p).median());
        return this == MIN_P99 ? byMedian.reversed() : byMedian;
    }

    /** True when {@code point}'s interval reaches as far as {@code best}'s in the better direction. */
    boolean couldBeat(PointResult point, PointResult best) {
        return this == MIN_P99 ? point.p99().lower() <= best.p99().upper()
                : point.throughput().upper() >= best.throughput().lower();
    }

    /** {@code max-throughput}, as the command line spells it. */
    public String flag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
