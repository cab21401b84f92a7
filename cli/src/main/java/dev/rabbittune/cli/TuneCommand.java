package dev.rabbittune.cli;

import dev.rabbittune.bench.ResultFiles;
import dev.rabbittune.bench.WorkloadSpec;
import dev.rabbittune.bench.tune.Axis;
import dev.rabbittune.bench.tune.EngineRunner;
import dev.rabbittune.bench.tune.Measurement;
import dev.rabbittune.bench.tune.Objective;
import dev.rabbittune.bench.tune.PointResult;
import dev.rabbittune.bench.tune.Recommendation;
import dev.rabbittune.bench.tune.Sweep;
import dev.rabbittune.bench.tune.SweepPlan;
import dev.rabbittune.bench.tune.SweepResult;
import dev.rabbittune.core.BadInputException;
import dev.rabbittune.core.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code rabbittune tune}: sweeps client knobs on the real broker and recommends the setting with the highest
 * throughput whose p99 meets the SLO, with its ties, knees and the code to use it.
 */
@Command(name = "tune", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Sweep client settings against the broker and recommend the best under a p99 SLO:",
            "--objective max-throughput (default), min-p99 at the base workload's -r rate, or max-rate (each",
            "point's rate-vs-latency curve at 10-100%% of its unlimited rate; --axis optional).",
            "The points --strategy picks (the grid up to 12 points, a coordinate search beyond) run --repeat times",
            "(interleaved), then the points that cannot be told apart from the best run again up to --max-repeat,",
            "within --budget. The base workload is any bench option.",
            "Exit 0 with a recommendation, 1 when no point met the SLO, 130 on Ctrl-C (the points done are kept)."})
final class TuneCommand implements Callable<Integer> {

    @Mixin
    BrokerOptions broker;

    @Option(names = "--plan", paramLabel = "FILE", description = {"read the plan from a YAML or JSON file: objective, "
        + "slo-p99, repeat, max-repeat, strategy,", "budget, axes (name: [values]), preset, workload (workload-file "
        + "keys); a flag given overrides the file"})
    Path planFile;

    @Option(names = "--dry-run", description = "print the plan and the time its first pass takes; run nothing")
    boolean dryRun;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--axis", paramLabel = "NAME=V1,V2,...", description = {"a knob and its values "
        + "(repeatable): prefetch, confirm, multi-ack, producers, consumers,",
        "channels-per-connection, size, persistent (true,false), queue-type (classic,quorum,stream)"})
    List<String> axes = new java.util.ArrayList<>();

    @Option(names = "--objective", paramLabel = "NAME", converter = ObjectiveConverter.class, description = {
        "max-throughput (default): the most msg/s within the SLO; min-p99: the lowest p99 at the base workload's",
        "rate (-r); max-rate: the highest rate sustained (drained, rate kept within 5%%, p99 within the SLO)"})
    Objective objective = Objective.MAX_THROUGHPUT;

    @Option(names = "--repeat", paramLabel = "N", description = "runs per point before comparing (default 3)")
    int repeat = 3;

    @Option(names = "--max-repeat", paramLabel = "N",
            description = "runs a point may get while it overlaps the best and its interval covers < 95%% (default 6)")
    int maxRepeat = 6;

    @Option(names = "--slo-p99", paramLabel = "MS", description = "the p99 (ms) a point must keep (default 50)")
    double sloP99Millis = 50;

    @Option(names = "--strategy", paramLabel = "NAME", description = {"which points to measure: auto (default: grid up "
        + "to 12 points, coordinate beyond), grid (every point), coordinate (each axis in turn through the best so "
        + "far)"})
    dev.rabbittune.bench.tune.Strategy strategy = dev.rabbittune.bench.tune.Strategy.AUTO;

    @Option(names = "--budget", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "stop starting runs that would end after this (e.g. 10m; default none)")
    Duration budget;

    @Option(names = "--json", paramLabel = "FILE", description = "write the sweep (every run) as JSON")
    Path json;

    @Option(names = "--preset", paramLabel = "NAME", description = "start the base workload from a preset")
    String preset;

    @Option(names = {"-w", "--workload"}, paramLabel = "FILE", description = "start the base workload from a file")
    Path workloadFile;

    @Mixin
    WorkloadOptions options;

    @Override
    public Integer call() throws Exception {
        if (json != null) {
            ResultFiles.checkWritable(json);
        }
        TunePlanFile file = planFile == null ? TunePlanFile.NONE : TunePlanFile.load(planFile);
        fillInFrom(file);
        List<Axis> parsed = file.axesWith(axes.stream().map(Axis::parse).toList());
        SweepPlan plan = new SweepPlan(parsed, repeat, maxRepeat, sloP99Millis, budget, strategy, objective);
        List<WorkloadSpec> layers = base(file);
        // each run's length: the last layer that says it (preset, the plan's workload, -w, then -z / --warmup)
        Integer durationSaid = lastSaid(layers, WorkloadSpec::duration);
        int duration = durationSaid == null ? 10 : durationSaid;
        Integer warmupSaid = lastSaid(layers, WorkloadSpec::warmup);
        int warmup = warmupSaid == null ? Math.min(2, Math.max(0, duration - 1)) : warmupSaid;
        EngineRunner runner = new EngineRunner(layers, broker.connectionSettings(), broker.io, duration, warmup);
        try {
            validate(plan, runner); // a point the workload refuses is exit 2 before any run
            checkObjective(plan, runner);
        } catch (BadInputException e) {
            if (planFile == null) {
                throw e;
            }
            throw new BadInputException(e.getMessage() + " (with the plan file " + planFile + ")", e.hint(), e);
        }
        System.err.printf(Locale.ROOT, "tune: %s by %s, %d points x %d runs of %d s (the first %d s a warm-up) "
                        + "first, p99 <= %s ms%s%n", objective.flag(), objective == Objective.MAX_RATE ? "rate curves"
                        : plan.resolvedStrategy().name().toLowerCase(Locale.ROOT), plan.firstPassPoints(), repeat,
                duration, warmup, number(sloP99Millis),
                budget == null ? "" : ", budget " + budget.toSeconds() + " s");
        // a run costs its duration and about 1.5 s more (connections, topology, drain: 1.3-1.8 s measured in
        // benchmarks/tune-vs-grid)
        long firstPassSeconds = Math.round(plan.firstPassPoints() * repeat * (duration + 1.5));
        if (budget != null && budget.toSeconds() < firstPassSeconds) {
            System.err.println("tune: the budget is shorter than one pass over the points (about " + firstPassSeconds
                    + " s): points left with fewer than " + repeat + " runs are listed but cannot be recommended");
        }
        if (dryRun) {
            printPlan(plan, firstPassSeconds, runner, duration, warmup);
            return ExitCodes.OK;
        }
        SweepResult result = withCtrlC(runner, () -> new Sweep(plan, runner, this::progress).run());
        print(result);
        if (json != null) {
            write(result);
            System.out.println("  sweep      " + json);
        }
        if (result.failureKind() != null) {
            System.err.println("rabbittune: " + result.stoppedBecause().substring("failed: ".length()));
            return ExitCodes.of(result.failureKind());
        }
        if ("interrupted".equals(result.stoppedBecause())) {
            return ExitCodes.INTERRUPTED;
        }
        return result.recommendation().best() == null ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
    }

    /**
     * The base workload's layers, each overriding the ones before: the preset (--preset, or else the plan's), the
     * plan's workload, the -w file, the command line's options.
     */
    private List<WorkloadSpec> base(TunePlanFile file) {
        List<WorkloadSpec> layers = new java.util.ArrayList<>();
        String presetName = preset != null ? preset : file.preset();
        if (presetName != null) {
            layers.add(dev.rabbittune.bench.Workloads.preset(presetName));
        }
        if (file.workload() != null) {
            layers.add(file.workload());
        }
        if (workloadFile != null) {
            layers.add(dev.rabbittune.bench.Workloads.load(workloadFile));
        }
        layers.add(options.toSpec());
        return layers;
    }

    private static <T> T lastSaid(List<WorkloadSpec> layers, java.util.function.Function<WorkloadSpec, T> field) {
        T said = null;
        for (WorkloadSpec layer : layers) {
            T value = field.apply(layer);
            said = value != null ? value : said;
        }
        return said;
    }

    /** What the command line did not say, the plan file does. */
    private void fillInFrom(TunePlanFile file) {
        objective = unlessGiven("--objective", objective, file.objective());
        strategy = unlessGiven("--strategy", strategy, file.strategy());
        sloP99Millis = unlessGiven("--slo-p99", sloP99Millis, file.sloP99Millis());
        repeat = unlessGiven("--repeat", repeat, file.repeat());
        maxRepeat = unlessGiven("--max-repeat", maxRepeat, file.maxRepeat());
        budget = unlessGiven("--budget", budget, file.budget());
    }

    private <T> T unlessGiven(String flag, T fromFlag, T fromFile) {
        return fromFile == null || spec.commandLine().getParseResult().hasMatchedOption(flag) ? fromFlag : fromFile;
    }

    private static void printPlan(SweepPlan plan, long firstPassSeconds, EngineRunner runner, int duration,
            int warmup) {
        System.out.println("plan: " + plan.objective().flag() + ", strategy "
                + plan.resolvedStrategy().name().toLowerCase(Locale.ROOT) + ", " + plan.gridSize() + " points in the "
                + "grid, " + plan.firstPassPoints() + " measured first, " + plan.repetitions() + " runs each (up to "
                + plan.maxRepetitions() + ")");
        plan.axes().forEach(a -> System.out.println("  " + a.name() + ": " + a.values().stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(", "))));
        java.util.Map<String, Object> first = new java.util.LinkedHashMap<>();
        plan.axes().forEach(a -> first.put(a.name(), a.values().get(0)));
        dev.rabbittune.bench.Workload base = runner.workload(first);
        System.out.println("  base: " + base.producers() + " producers, " + base.consumers() + " consumers, size "
                + base.sizes() + ", confirm " + base.publish().confirmWindow() + ", prefetch "
                + base.consume().prefetch() + (base.ratePerProducer() > 0 ? ", rate " + number(base.ratePerProducer())
                + " msg/s per producer" : "") + "; runs of " + duration + " s (the first " + warmup + " s a warm-up)");
        System.out.println("  p99 SLO " + number(plan.sloP99Millis()) + " ms; first pass about " + firstPassSeconds
                + " s" + (plan.budget() == null ? "" : "; budget " + plan.budget().toSeconds() + " s"));
    }

    private static SweepResult withCtrlC(EngineRunner runner, java.util.function.Supplier<SweepResult> sweep) {
        Signal interrupt = new Signal("INT");
        java.util.concurrent.atomic.AtomicBoolean asked = new java.util.concurrent.atomic.AtomicBoolean();
        SignalHandler previous = Signal.handle(interrupt, signal -> {
            if (asked.getAndSet(true)) {
                System.err.println("\nrabbittune: stopped without cleanup");
                Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
            }
            System.err.println("\nstopping: the points finished so far are kept and reported (Ctrl-C again to quit "
                    + "now)");
            runner.requestStop();
        });
        try {
            return sweep.get();
        } finally {
            Signal.handle(interrupt, previous);
        }
    }

    /**
     * One line per run, a bar of the first pass in front (re-sampling runs beyond it show as {@code +}), and the
     * time left: of the first pass from the mean run so far, and of the budget when there is one.
     */
    private void progress(int done, int planned, PointResult point, Duration elapsed, Duration perRun) {
        Duration left = perRun.multipliedBy(Math.max(0, planned - done));
        int width = 20;
        int filled = (int) Math.min(width, Math.round((double) done / Math.max(1, planned) * width));
        String bar = "#".repeat(filled) + ".".repeat(width - filled) + (done > planned ? "+" : "");
        String budgetLeft = budget == null ? "" : String.format(Locale.ROOT, ", budget ends in %ds",
                Math.max(0, budget.minus(elapsed).toSeconds()));
        Measurement last = point.runs().get(point.runs().size() - 1);
        System.err.printf(Locale.ROOT, "  [%s] %d/%d %s: %s msg/s, p99 %s ms (run %d; elapsed %ds, %s%s)%n", bar, done,
                planned, point.label(), number(last.throughput()), number(last.p99Millis()), point.runs().size(),
                elapsed.toSeconds(), done > planned ? "re-sampling" : "~" + left.toSeconds()
                        + "s left of the first pass", budgetLeft);
    }

    /**
     * Every point of a grid the workload must accept; for a space too large to enumerate, each axis's values with
     * the other axes at their first value (a refusal is about one knob's value).
     */
    private static void validate(SweepPlan plan, EngineRunner runner) {
        if (plan.gridSize() <= 10_000) {
            plan.points().forEach(runner::workload);
            return;
        }
        java.util.Map<String, Object> first = new java.util.LinkedHashMap<>();
        plan.axes().forEach(a -> first.put(a.name(), a.values().get(0)));
        for (Axis axis : plan.axes()) {
            for (Object value : axis.values()) {
                java.util.Map<String, Object> point = new java.util.LinkedHashMap<>(first);
                point.put(axis.name(), value);
                runner.workload(point);
            }
        }
    }

    /** min-p99 needs a target rate to hold; max-rate sets the rates itself. */
    private static void checkObjective(SweepPlan plan, EngineRunner runner) {
        java.util.Map<String, Object> first = new java.util.LinkedHashMap<>();
        plan.axes().forEach(a -> first.put(a.name(), a.values().get(0)));
        double rate = runner.workload(first).ratePerProducer();
        if (plan.objective() == Objective.MIN_P99 && rate == 0) {
            throw new BadInputException("--objective min-p99 needs the rate to hold", "give it with -r MSG/S (per "
                    + "producer) and, for latency from the intended send time, --fixed-rate", null);
        }
        if (plan.objective() == Objective.MAX_RATE && rate > 0) {
            throw new BadInputException("--objective max-rate finds the rates itself: the base workload has a rate of "
                    + rate + " msg/s per producer", "set -r 0 (the rate may come from --preset or --workload)", null);
        }
        if (plan.objective() == Objective.MIN_P99 && plan.axes().stream().anyMatch(a -> a.name().equals("producers"))) {
            throw new BadInputException("--objective min-p99 compares points at one rate, and -r is per producer: a "
                    + "producers axis would change the rate with it", "fix --producers and sweep other knobs", null);
        }
    }

    /** {@code max-throughput}, {@code min-p99}, {@code max-rate}. */
    static final class ObjectiveConverter implements CommandLine.ITypeConverter<Objective> {
        @Override
        public Objective convert(String value) {
            for (Objective objective : Objective.values()) {
                if (objective.flag().equals(value.trim().toLowerCase(Locale.ROOT))) {
                    return objective;
                }
            }
            throw new CommandLine.TypeConversionException("unknown objective '" + value
                    + "': max-throughput, min-p99 or max-rate");
        }
    }

    /** A rate curve's first point: its unlimited run, which is never a candidate. */
    private static boolean isProbe(PointResult point) {
        return point.settings().get(Axis.RATE) instanceof Number rate && rate.intValue() == 0;
    }

    private static void print(SweepResult result) {
        System.out.println();
        System.out.println("tune: " + result.strategy());
        if (result.stoppedBecause() != null) {
            System.out.println("stopped early: " + result.stoppedBecause());
        }
        System.out.println(String.format(Locale.ROOT, "  %-40s %14s %21s %10s %5s", "point", "msg/s (median)",
                "interval", "p99 ms", "runs"));
        for (PointResult p : result.points()) {
            System.out.println(String.format(Locale.ROOT, "  %-40s %14s %21s %10s %5d%s", p.label(),
                    number(p.throughput().median()), number(p.throughput().lower()) + "-"
                            + number(p.throughput().upper()), number(p.p99().median()), p.runs().size(),
                    isProbe(p) ? "  (the unlimited run its curve starts from)" : p.meetsSlo() ? "" : !p.runs().stream().allMatch(m -> m.drained())
                            ? "  (a run did not drain: messages unaccounted; not eligible)"
                            : !p.keptRate() ? "  (did not keep its rate)" : "  (misses the SLO)"));
        }
        Recommendation r = result.recommendation();
        System.out.println();
        r.reasons().forEach(reason -> System.out.println("  " + reason));
        if (r.recommended() != null) {
            System.out.println();
            Object rate = r.recommended().settings().get(Axis.RATE);
            if (rate != null) {
                // a curve's rate is what the pipeline sustains, not a client setting to copy
                java.util.Map<String, Object> base = new java.util.LinkedHashMap<>(r.recommended().settings());
                base.remove(Axis.RATE);
                System.out.println("use: " + (base.isEmpty() ? "the base workload" : PointResult.label(base))
                        + "; it sustains " + number(((Number) rate).doubleValue()) + " msg/s");
            } else {
                System.out.println("use: " + r.recommended().label());
            }
            r.code().entrySet().stream().filter(e -> !e.getValue().isBlank()).forEach(e -> {
                String library = e.getKey();
                String code = e.getValue();
                System.out.println("  " + library + ":");
                code.lines().forEach(line -> System.out.println("    " + line));
            });
        }
    }

    private void write(SweepResult result) {
        try {
            Json.mapper().writeValue(json.toFile(), result);
        } catch (IOException e) {
            throw new BadInputException("cannot write " + json + ": " + e.getMessage(), "", e);
        }
    }

    private static String number(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    /** {@code 90s}, {@code 10m}, {@code 1h} or plain seconds. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Durations.parse(value).filter(d -> !d.isZero()).orElseThrow(() ->
                    new CommandLine.TypeConversionException("invalid duration '" + value + "': e.g. 90s, 10m, 1h"));
        }
    }
}
