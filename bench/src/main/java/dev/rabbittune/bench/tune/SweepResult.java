package dev.rabbittune.bench.tune;

import dev.rabbittune.core.RabbitTuneException;
import java.util.List;

/**
 * A finished (or stopped) sweep: every point with its repetitions, and the recommendation with its evidence.
 *
 * @param formatVersion  {@link #FORMAT_VERSION}
 * @param tool           {@link #TOOL}, so a report can tell a sweep from a bench result
 * @param startedAt      ISO-8601
 * @param strategy       how the runs were spent, in words
 * @param plan           what was asked
 * @param points         every point that ran at least once, in grid order
 * @param recommendation what to use and why
 * @param stoppedBecause null when the sweep finished; {@code budget}, {@code interrupted} or {@code failed: why}
 * @param failureKind    what kind of cause stopped a failed run (unreachable, refused ...), null otherwise
 * @param elapsedSeconds wall time of the sweep
 */
public record SweepResult(int formatVersion, String tool, String startedAt, String strategy, SweepPlan plan,
        List<PointResult> points, Recommendation recommendation, String stoppedBecause,
        RabbitTuneException.Kind failureKind,
        double elapsedSeconds) {

    public static final int FORMAT_VERSION = 1;
    public static final String TOOL = "rabbittune-tune";

    public SweepResult {
        points = List.copyOf(points);
    }
}
