package dev.rabbittune.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rabbittune.bench.compare.Change;
import dev.rabbittune.bench.compare.Comparison;
import dev.rabbittune.bench.compare.Threshold;
import dev.rabbittune.core.BadInputException;
import dev.rabbittune.core.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rabbittune compare}: bench results of a baseline against those of a candidate, one line per metric, a
 * change called only beyond the noise; exit 1 on a regression or a broken {@code --fail-if}, so CI can gate on it.
 */
@Command(name = "compare", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Compare bench results (rabbittune bench --json) of a baseline and a candidate, metric by metric.",
            "A change is called when the Mann-Whitney U test gives p < 0.05 (Holm-corrected over the 6 metrics)",
            "and the medians differ by at least --min-effect; the ratio of medians comes with a bootstrap 95%",
            "interval. Each side needs 5+ runs.",
            "Exit 0: no regression; 1: a metric got worse or a --fail-if limit is broken; 2: bad input."})
final class CompareCommand implements Callable<Integer> {

    @Option(names = {"-b", "--baseline"}, paramLabel = "RESULT.json", arity = "1..*", required = true,
            description = "results of the baseline runs")
    List<Path> baseline;

    @Option(names = {"-c", "--candidate"}, paramLabel = "RESULT.json", arity = "1..*", required = true,
            description = "results of the candidate runs")
    List<Path> candidate;

    @Option(names = "--min-effect", paramLabel = "PERCENT",
            description = "smallest change of a median worth calling (default 5)")
    double minEffectPercent = 5;

    @Option(names = "--fail-if", paramLabel = "'METRIC OP VALUE'",
            description = "a limit on the candidate's median, e.g. 'p99 > 20ms', 'throughput < 10000' (repeatable)")
    List<String> failIf = new ArrayList<>();

    @Override
    public Integer call() {
        if (!(minEffectPercent >= 0 && minEffectPercent < 100)) {
            throw new BadInputException("--min-effect must be a percentage from 0 to 100, got " + minEffectPercent);
        }
        List<Threshold> thresholds = failIf.stream().map(Threshold::parse).toList();
        List<JsonNode> baselineRuns = read(baseline);
        List<JsonNode> candidateRuns = read(candidate);
        sameWorkload("baseline", baseline, baselineRuns);
        sameWorkload("candidate", candidate, candidateRuns);
        List<Change> changes = Comparison.of(baselineRuns, candidateRuns, minEffectPercent / 100);
        boolean failed = false;
        System.out.printf(Locale.ROOT, "compare: %d baseline vs %d candidate run(s); change called at p < 0.05 "
                + "(Holm over %d metrics) and %.0f%% or more%n", baseline.size(), candidate.size(), changes.size(),
                minEffectPercent);
        for (Change c : changes) {
            failed |= c.verdict() == Change.Verdict.WORSE;
            System.out.printf(Locale.ROOT, "  %-10s %12s -> %-12s %-7s x%.3f (%.3f-%.3f)  p=%.3f (adj. %.3f)  %s%n",
                    c.metric().label(), number(c.baselineMedian()), number(c.candidateMedian()), c.metric().unit(),
                    c.ratio(), c.ratioLow(), c.ratioHigh(), c.p(), c.adjustedP(), c.verdict() == Change.Verdict.WORSE
                            ? "WORSE" : c.verdict() == Change.Verdict.BETTER ? "better" : "same (within the noise)");
        }
        for (Threshold t : thresholds) {
            Change c = changes.stream().filter(x -> x.metric() == t.metric()).findFirst().orElseThrow();
            boolean broken = t.failedBy(c);
            failed |= broken;
            System.out.printf(Locale.ROOT, "  fail-if %s: candidate median %s %s -> %s%n", t, number(c.candidateMedian()),
                    c.metric().unit(), broken ? "FAILED" : "ok");
        }
        notDrained(baseline, baselineRuns);
        notDrained(candidate, candidateRuns);
        System.out.println(failed ? "compare: regression" : "compare: no regression");
        return failed ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
    }

    /** The runs of one side must be of one workload (its run id and label aside): else their spread means nothing. */
    private static void sameWorkload(String side, List<Path> files, List<JsonNode> runs) {
        JsonNode first = workloadOf(runs.get(0));
        for (int i = 1; i < runs.size(); i++) {
            JsonNode other = workloadOf(runs.get(i));
            if (!other.equals(first)) {
                List<String> fields = new ArrayList<>();
                first.fieldNames().forEachRemaining(f -> {
                    if (!first.path(f).equals(other.path(f))) {
                        fields.add(f);
                    }
                });
                throw new BadInputException("the " + side + " runs are of different workloads: " + files.get(i)
                        + " differs from " + files.get(0) + " in " + String.join(", ", fields),
                        "compare runs of one workload per side", null);
            }
        }
    }

    private static JsonNode workloadOf(JsonNode result) {
        com.fasterxml.jackson.databind.node.ObjectNode workload = result.path("workload").deepCopy();
        workload.remove("label");
        workload.remove("control");
        return workload;
    }

    /** Said, not refused: such a run's latency counts undelivered messages at their age, which is the truth. */
    private static void notDrained(List<Path> files, List<JsonNode> runs) {
        for (int i = 0; i < runs.size(); i++) {
            if (!runs.get(i).path("drained").asBoolean(true)) {
                System.out.println("  note: " + files.get(i) + " did not drain (undelivered "
                        + runs.get(i).path("counts").path("undelivered").asLong() + "): its latency counts what was "
                        + "never delivered at its age");
            }
        }
    }

    /** Each file a rabbittune bench result; anything else (another tool, a sweep) is refused by name. */
    private static List<JsonNode> read(List<Path> files) {
        List<JsonNode> results = new ArrayList<>();
        for (Path file : files) {
            JsonNode node = Json.readResultFile(file);
            String tool = node.path("tool").asText("");
            if (!tool.equals("rabbittune")) {
                throw new BadInputException(file + " is not a rabbittune bench result" + (tool.isEmpty() ? ""
                        : " (tool: " + tool + ")"), "write one with: rabbittune bench --json FILE", null);
            }
            if (node.path("interrupted").asBoolean(false) || !node.path("failure").isNull()
                    && !node.path("failure").isMissingNode()) {
                throw new BadInputException(file + " is a run that was interrupted or failed: its figures are not "
                        + "comparable", "leave it out or run it again", null);
            }
            results.add(node);
        }
        return results;
    }

    private static String number(double value) {
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.3f", value);
    }
}
