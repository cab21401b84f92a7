package dev.rabbittune.cli;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.rabbittune.bench.WorkloadSpec;
import dev.rabbittune.bench.Workloads;
import dev.rabbittune.bench.YamlFiles;
import dev.rabbittune.bench.tune.Axis;
import dev.rabbittune.bench.tune.Objective;
import dev.rabbittune.bench.tune.Strategy;
import dev.rabbittune.core.BadInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * A sweep plan written down ({@code rabbittune tune --plan FILE}, YAML or JSON): the same settings as tune's flags,
 * under the flags' names, plus the base workload as a workload file's keys. A flag given on the command line
 * overrides the file; an {@code --axis} replaces the file's axis of that name. Every field may be absent (null).
 *
 * <pre>
 * objective: max-throughput
 * slo-p99: 20          # ms
 * repeat: 3
 * max-repeat: 6
 * strategy: auto
 * budget: 15m
 * axes:
 *   prefetch: [1, 10, 100, 500]
 *   confirm: [16, 128]
 * workload:            # the keys of a workload file; duration and warmup are each run's
 *   producers: 1
 *   consumers: 1
 *   size: 100
 *   duration: 10
 *   warmup: 2
 * </pre>
 */
record TunePlanFile(List<Axis> axes, Objective objective, Strategy strategy, Double sloP99Millis, Integer repeat,
        Integer maxRepeat, Duration budget, String preset, WorkloadSpec workload) {

    /** No file: every setting from the flags. */
    static final TunePlanFile NONE = new TunePlanFile(List.of(), null, null, null, null, null, null, null, null);

    static final String KEYS = "keys: objective, slo-p99, repeat, max-repeat, strategy, budget, axes, preset, workload";

    /** The file as written, before its values are checked. */
    @JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
    record Written(String objective, String strategy, Double sloP99, Integer repeat, Integer maxRepeat, String budget,
            Map<String, Object> axes, String preset, Map<String, Object> workload) {
    }

    /** Reads and checks {@code file}: any mistake is one line naming the file and the key (exit 2). */
    static TunePlanFile load(Path file) {
        String source = file.toString();
        Written written = YamlFiles.read(YamlFiles.text(file, "plan file"), source, Written.class, KEYS);
        if (written == null) {
            throw new BadInputException(source + ": the plan file is empty", KEYS, null);
        }
        check(written, source);
        return new TunePlanFile(axes(written.axes(), source),
                written.objective() == null ? null : converted(new TuneCommand.ObjectiveConverter(),
                        written.objective(), source + ": objective"),
                written.strategy() == null ? null : strategy(written.strategy(), source),
                written.sloP99(), written.repeat(), written.maxRepeat(),
                written.budget() == null ? null : converted(new TuneCommand.DurationConverter(), written.budget(),
                        source + ": budget"),
                written.preset(),
                written.workload() == null ? null : Workloads.fromKeys(written.workload(), source + ": workload"));
    }

    /** The values the sweep plan would refuse, refused here with the file and the key. */
    private static void check(Written written, String source) {
        if (written.repeat() != null && written.repeat() < 3) {
            throw new BadInputException(source + ": repeat must be at least 3: fewer runs give no interval for the "
                    + "median");
        }
        if (written.maxRepeat() != null && written.maxRepeat() < (written.repeat() == null ? 3 : written.repeat())) {
            throw new BadInputException(source + ": max-repeat (" + written.maxRepeat() + ") is below repeat");
        }
        if (written.sloP99() != null && !(written.sloP99() > 0)) {
            throw new BadInputException(source + ": slo-p99 must be above 0 ms");
        }
        if (written.axes() != null && written.axes().isEmpty()) {
            throw new BadInputException(source + ": axes is empty", "e.g. axes: {prefetch: [1, 10, 100]}", null);
        }
        if (written.preset() != null) {
            try {
                Workloads.preset(written.preset());
            } catch (BadInputException e) {
                throw new BadInputException(source + ": preset: " + e.getMessage(), e.hint(), e);
            }
        }
    }

    /** Each name with its values as a list ({@code [1, 10]}) or one comma-separated string ({@code "1,10"}). */
    private static List<Axis> axes(Map<String, Object> written, String source) {
        List<Axis> axes = new ArrayList<>();
        if (written == null) {
            return axes;
        }
        for (Map.Entry<String, Object> entry : written.entrySet()) {
            String values = entry.getValue() instanceof List<?> list
                    ? list.stream().map(String::valueOf).collect(Collectors.joining(","))
                    : String.valueOf(entry.getValue());
            try {
                axes.add(Axis.parse(entry.getKey() + "=" + values));
            } catch (BadInputException e) {
                throw new BadInputException(source + ": axes: " + e.getMessage(), e.hint(), e);
            }
        }
        return axes;
    }

    private static Strategy strategy(String written, String source) {
        try {
            return Strategy.valueOf(written.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(source + ": strategy: unknown strategy '" + written
                    + "': auto, grid or coordinate");
        }
    }

    private static <T> T converted(CommandLine.ITypeConverter<T> converter, String written, String where) {
        try {
            return converter.convert(written);
        } catch (Exception e) {
            throw new BadInputException(where + ": " + e.getMessage());
        }
    }

    /**
     * The file's axes, each replaced in its place by the {@code given} axis of its name; given axes the file does
     * not have come after them (two given of one name still reach the plan, which refuses them).
     */
    List<Axis> axesWith(List<Axis> given) {
        List<Axis> merged = new ArrayList<>(axes);
        for (Axis axis : given) {
            int index = -1;
            for (int i = 0; i < axes.size(); i++) {
                if (axes.get(i).name().equals(axis.name()) && merged.get(i) == axes.get(i)) {
                    index = i;
                }
            }
            if (index >= 0) {
                merged.set(index, axis);
            } else {
                merged.add(axis);
            }
        }
        return merged;
    }
}
