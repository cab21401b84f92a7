package dev.rabbittune.bench.tune;

import dev.rabbittune.core.RabbitTuneException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a {@link SweepPlan}: the points its {@link Strategy} picks (every point of the grid, or a coordinate search)
 * {@code repetitions} times each, then one more run at a time for the points whose throughput interval still
 * overlaps the best's (up to {@code maxRepetitions}, while the budget allows), so the budget goes where the answer is
 * not yet clear. Ctrl-C (an interrupt) keeps what finished.
 */
public final class Sweep {

    /** Runs one point once. */
    @FunctionalInterface
    public interface PointRunner {
        Measurement run(Map<String, Object> settings) throws InterruptedException;
    }

    /** A run that failed (broker unreachable, refused declaration ...): the sweep stops and keeps what ran. */
    public static final class RunFailedException extends RuntimeException {
        private final String hint;
        private final RabbitTuneException.Kind kind;

        public RunFailedException(String message, String hint, RabbitTuneException.Kind kind) {
            super(message);
            this.hint = hint;
            this.kind = kind;
        }

        public String hint() {
            return hint;
        }

        public RabbitTuneException.Kind kind() {
            return kind;
        }
    }

    /** Told after every run: how many are done, how many the plan has at least, the time a run takes. */
    @FunctionalInterface
    public interface Progress {
        void ran(int done, int planned, PointResult point, Duration elapsed, Duration perRun);
    }

    static final String STRATEGY = "grid: every point %d times (repetitions interleaved), then one run at a time for "
            + "the points whose interval overlapped the best's until the intervals covered 95%% (at most %d runs a "
            + "point), while the budget allowed";

    static final String RATE_STRATEGY = "rate curves: for each of the %d point(s), its unlimited rate, then fixed "
            + "rates at 10%% to 100%% of that rate's median, every step %d times (repetitions interleaved over the "
            + "steps)";

    static final String COORDINATE_STRATEGY = "coordinate search: from the middle value of every axis, each axis in "
            + "turn through the point recommended so far, every point along it %d times (repetitions interleaved); %d of "
            + "the grid's %d points measured; then one run at a time for the points whose interval overlapped the "
            + "best's until the intervals covered 95%% (at most %d runs a point), while the budget allowed";

    private final SweepPlan plan;
    private final PointRunner runner;
    private final Progress progress;
    private final java.time.Clock clock;

    public Sweep(SweepPlan plan, PointRunner runner, Progress progress) {
        this(plan, runner, progress, java.time.Clock.systemUTC());
    }

    Sweep(SweepPlan plan, PointRunner runner, Progress progress, java.time.Clock clock) {
        this.plan = plan;
        this.runner = runner;
        this.progress = progress;
        this.clock = clock;
    }

    public SweepResult run() {
        Instant start = clock.instant();
        Strategy strategy = plan.resolvedStrategy();
        // a coordinate search never builds the grid: a large space has more points than memory
        List<Map<String, Object>> points = strategy == Strategy.GRID ? plan.points() : List.of();
        Map<Map<String, Object>, List<Measurement>> runs = new LinkedHashMap<>();
        points.forEach(p -> runs.put(p, new ArrayList<>())); // so the results list them in grid order
        int planned = plan.firstPassPoints() * plan.repetitions();
        String stoppedBecause = null;
        RabbitTuneException.Kind failureKind = null;
        try {
            boolean complete = plan.objective() == Objective.MAX_RATE ? rateCurves(points, runs, planned, start)
                    : strategy == Strategy.GRID ? grid(points, runs, planned, start)
                    : coordinateSearch(runs, planned, start);
            stoppedBecause = complete ? null : "budget";
            // a rate curve's steps are set rates, not estimates to tell apart: nothing to re-sample
            while (stoppedBecause == null && plan.objective() != Objective.MAX_RATE) {
                List<Map<String, Object>> unclear = unclear(runs);
                if (unclear.isEmpty()) {
                    break;
                }
                for (Map<String, Object> point : unclear) {
                    if (!budgetAllowsAnotherRun(start, runs)) {
                        stoppedBecause = "budget, while re-sampling (the first pass was complete)";
                        break;
                    }
                    runOnce(point, runs, planned, start);
                }
            }
        } catch (InterruptedException e) {
            stoppedBecause = "interrupted";
        } catch (RunFailedException e) {
            stoppedBecause = "failed: " + e.getMessage() + (e.hint() == null || e.hint().isEmpty() ? ""
                    : " (" + e.hint() + ")");
            failureKind = e.kind();
        }
        List<PointResult> results = new ArrayList<>();
        runs.forEach((point, measured) -> {
            if (measured.size() >= 1) {
                results.add(PointResult.of(point, measured, plan.sloP99Millis()));
            }
        });
        List<PointResult> complete = results.stream().filter(r -> r.runs().size() >= plan.repetitions()).toList();
        String described = plan.objective() == Objective.MAX_RATE
                ? String.format(java.util.Locale.ROOT, RATE_STRATEGY, points.size(), plan.repetitions())
                : strategy == Strategy.GRID
                ? String.format(java.util.Locale.ROOT, STRATEGY, plan.repetitions(), plan.maxRepetitions())
                : String.format(java.util.Locale.ROOT, COORDINATE_STRATEGY, plan.repetitions(), results.size(),
                        plan.gridSize(), plan.maxRepetitions());
        return new SweepResult(SweepResult.FORMAT_VERSION, SweepResult.TOOL, start.toString(), described, plan,
                results, Recommendation.of(complete, plan), stoppedBecause, failureKind,
                Duration.between(start, clock.instant()).toMillis() / 1000.0);
    }

    /**
     * For each point: its unlimited rate {@code repetitions} times, then the steps of its rate curve, repetitions
     * interleaved over the steps. False when the budget stopped it.
     */
    private boolean rateCurves(List<Map<String, Object>> points, Map<Map<String, Object>, List<Measurement>> runs,
            int planned, Instant start) throws InterruptedException {
        for (Map<String, Object> base : points) {
            Map<String, Object> probe = RateCurve.unlimited(base);
            if (!grid(List.of(probe), runs, planned, start)) {
                return false;
            }
            double unlimited = MedianInterval.of(runs.get(probe).stream().mapToDouble(Measurement::throughput)
                    .toArray()).median();
            if (!grid(RateCurve.steps(base, unlimited), runs, planned, start)) {
                return false;
            }
        }
        return true;
    }

    /** Every point {@code repetitions} times; false when the budget stopped it. */
    private boolean grid(List<Map<String, Object>> points, Map<Map<String, Object>, List<Measurement>> runs,
            int planned, Instant start) throws InterruptedException {
        for (int rep = 0; rep < plan.repetitions(); rep++) {
            // repetitions interleaved over the points, so a drift of the machine spreads over all of them
            for (Map<String, Object> point : points) {
                if (!budgetAllowsAnotherRun(start, runs)) {
                    return false;
                }
                runOnce(point, runs, planned, start);
            }
        }
        return true;
    }

    /**
     * From the middle value of every axis, each axis in plan order: the points along it (the other axes at the best
     * point so far) {@code repetitions} times, interleaved, then the best of them is where the next axis starts.
     * False when the budget stopped it.
     */
    private boolean coordinateSearch(Map<Map<String, Object>, List<Measurement>> runs, int planned, Instant start)
            throws InterruptedException {
        Map<String, Object> current = new LinkedHashMap<>();
        plan.axes().forEach(axis -> current.put(axis.name(), axis.values().get((axis.values().size() - 1) / 2)));
        for (Axis axis : plan.axes()) {
            List<Map<String, Object>> line = new ArrayList<>();
            for (Object value : axis.values()) {
                Map<String, Object> point = new LinkedHashMap<>(current);
                point.put(axis.name(), value);
                line.add(point);
            }
            for (int rep = 0; rep < plan.repetitions(); rep++) {
                for (Map<String, Object> point : line) {
                    if (runs.computeIfAbsent(point, p -> new ArrayList<>()).size() > rep) {
                        continue; // measured on an earlier axis's line
                    }
                    if (!budgetAllowsAnotherRun(start, runs)) {
                        return false;
                    }
                    runOnce(point, runs, planned, start);
                }
            }
            List<PointResult> along = line.stream().map(p -> PointResult.of(p, runs.get(p), plan.sloP99Millis()))
                    .toList();
            // on from the point the recommendation's own rule picks along this line (among ties, the lowest p99)
            Recommendation local = Recommendation.of(along, plan);
            current.putAll((local.recommended() != null ? local.recommended() : local.closest()).settings());
        }
        return true;
    }

    private void runOnce(Map<String, Object> point, Map<Map<String, Object>, List<Measurement>> runs, int planned,
            Instant start) throws InterruptedException {
        runs.computeIfAbsent(point, p -> new ArrayList<>()).add(runner.run(point));
        int done = runs.values().stream().mapToInt(List::size).sum();
        Duration elapsed = Duration.between(start, clock.instant());
        progress.ran(done, planned, PointResult.of(point, runs.get(point), plan.sloP99Millis()), elapsed,
                elapsed.dividedBy(Math.max(1, done)));
    }

    private boolean budgetAllowsAnotherRun(Instant start, Map<Map<String, Object>, List<Measurement>> runs) {
        if (plan.budget() == null) {
            return true;
        }
        int done = runs.values().stream().mapToInt(List::size).sum();
        Duration elapsed = Duration.between(start, clock.instant());
        Duration perRun = done == 0 ? Duration.ZERO : elapsed.dividedBy(done);
        return elapsed.plus(perRun).compareTo(plan.budget()) <= 0;
    }

    /**
     * Points meeting the SLO whose interval overlaps the best's while their interval (or the best's) still covers
     * less than 95%: more runs can still tell them apart. A point whose 95% interval overlaps the best's is a tie,
     * and more runs are not spent on it. Points whose p99 interval holds the SLO, and that could still be the best,
     * run again too, until it is clear on which side of the SLO they are.
     */
    private List<Map<String, Object>> unclear(Map<Map<String, Object>, List<Measurement>> runs) {
        List<PointResult> results = new ArrayList<>();
        runs.forEach((point, measured) -> {
            if (measured.size() >= plan.repetitions()) {
                results.add(PointResult.of(point, measured, plan.sloP99Millis()));
            }
        });
        Objective objective = plan.objective();
        Optional<PointResult> best = results.stream().filter(PointResult::meetsSlo).max(objective.ranking());
        List<Map<String, Object>> again = new ArrayList<>();
        // a point whose p99 interval holds the SLO may be on either side of it: more runs tell which
        for (PointResult r : results) {
            boolean straddles = r.p99().lower() <= plan.sloP99Millis() && plan.sloP99Millis() <= r.p99().upper();
            boolean couldWin = best.isEmpty() || objective.couldBeat(r, best.get());
            if (straddles && couldWin && r.p99().coverage() < MedianInterval.WANTED_COVERAGE
                    && r.runs().size() < plan.maxRepetitions()) {
                again.add(r.settings());
            }
        }
        if (best.isEmpty()) {
            return again;
        }
        boolean bestUnsure = objective.score(best.get()).coverage() < MedianInterval.WANTED_COVERAGE;
        for (PointResult r : results) {
            boolean unsure = bestUnsure || objective.score(r).coverage() < MedianInterval.WANTED_COVERAGE;
            if (r != best.get() && r.meetsSlo() && objective.score(r).overlaps(objective.score(best.get())) && unsure
                    && r.runs().size() < plan.maxRepetitions() && !again.contains(r.settings())) {
                again.add(r.settings());
            }
        }
        if (!again.isEmpty() && bestUnsure && best.get().runs().size() < plan.maxRepetitions()
                && !again.contains(best.get().settings())) {
            again.add(0, best.get().settings());
        }
        return again; // a point's settings equal its key in runs, so runs.get finds it
    }
}
