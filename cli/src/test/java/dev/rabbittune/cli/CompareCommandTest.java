package dev.rabbittune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rabbittune.testing.NeedsBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rabbittune compare} on real bench runs against the local broker. The five baseline runs are made once and
 * shared: the input checks use them too (each run costs about 2 s of the suite's time).
 */
@NeedsBroker
class CompareCommandTest {

    @TempDir
    static Path shared;
    private static List<String> baseline;

    @BeforeAll
    static void runTheBaselineOnce() {
        baseline = runs(shared, "base", 5);
    }

    private static List<String> runs(Path dir, String name, int count, String... extra) {
        List<String> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path json = dir.resolve(name + i + ".json");
            List<String> args = new ArrayList<>(List.of("bench", "-x", "1", "-y", "1", "-s", "100", "-c", "64", "-z",
                    "2", "--quiet", "--json", json.toString()));
            args.addAll(List.of(extra));
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertThat(run.exitCode()).as(run.err()).isIn(0, 1);
            files.add(json.toString());
        }
        return files;
    }

    private static String[] compare(List<String> baseline, List<String> candidate, String... extra) {
        List<String> args = new ArrayList<>(List.of("compare", "-b"));
        args.addAll(baseline);
        args.add("-c");
        args.addAll(candidate);
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    /** The same runs as both sides pass; the consumer limited to 3,000 msg/s is a named regression. */
    @Test
    void theSameRunsPassAndARateLimitedConsumerFailsNamingTheMetric(@TempDir Path dir) {
        List<String> slowed = runs(dir, "slow", 5, "--consumer-rate", "3000");

        CliRun same = CliRun.of(compare(baseline, baseline));
        assertThat(same.exitCode()).as(same.out() + same.err()).isZero();
        assertThat(same.out()).contains("compare: no regression");

        CliRun slow = CliRun.of(compare(baseline, slowed, "--fail-if", "p99 > 60s"));
        assertThat(slow.exitCode()).as(slow.out() + slow.err()).isEqualTo(1);
        assertThat(slow.out()).containsPattern("throughput .* WORSE").contains("compare: regression");
    }

    @Test
    void singleRunsOtherToolsAndMissingFilesAreOneLineErrors(@TempDir Path dir) throws Exception {
        List<String> one = baseline.subList(0, 1);
        CliRun single = CliRun.of(compare(one, one));
        assertThat(single.exitCode()).isEqualTo(2);
        assertThat(single.err().strip()).contains("cannot show a change").doesNotContain("\tat ");

        Path sweep = dir.resolve("sweep.json");
        Files.writeString(sweep, "{\"tool\":\"rabbittune-tune\",\"points\":[]}");
        CliRun other = CliRun.of(compare(List.of(sweep.toString()), one));
        assertThat(other.exitCode()).isEqualTo(2);
        assertThat(other.err()).contains("is not a rabbittune bench result (tool: rabbittune-tune)");

        List<String> mixed = new ArrayList<>(baseline.subList(0, 4));
        mixed.addAll(runs(dir, "other", 1, "--persistent"));
        CliRun mixedSide = CliRun.of(compare(mixed, mixed));
        assertThat(mixedSide.exitCode()).isEqualTo(2);
        assertThat(mixedSide.err()).contains("the baseline runs are of different workloads", "in persistent");

        CliRun missing = CliRun.of(compare(List.of(dir.resolve("nope.json").toString()), one));
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("not found");
    }
}
