package dev.rabbittune.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every option of the real PerfTest 2.22.1 (its own option list, read from the perf-test jar) has a row in the
 * "PerfTest compatibility" table of docs/bench.md, and bench does what the row says: same/differs options parse (with the
 * row's example value), refused ones exit 2 with one line.
 */
class PerfTestCompatibilityTest {

    private static final Pattern ROW = Pattern.compile(
            "^\\| (?:`(-[^`]+)`)? \\| `(--[^`]+)` \\| (?:`([^`]*)`)? \\| (same|differs|refused)\\b.*\\|$");

    record Row(String shortName, String longName, String example, String status) {
    }

    private static List<Option> perfTestOptions;
    private static Map<String, Row> table;

    @BeforeAll
    static void readPerfTestAndTheReadme() throws Exception {
        // PerfTest.getOptions() is package-private: its options are what PerfTest's --help prints
        Method getOptions = Class.forName("com.rabbitmq.perf.PerfTest").getDeclaredMethod("getOptions");
        getOptions.setAccessible(true);
        perfTestOptions = new ArrayList<>(((Options) getOptions.invoke(null)).getOptions());
        perfTestOptions.addAll(new com.rabbitmq.perf.CompositeMetrics().options().getOptions());
        table = readTable(Path.of("..", "docs", "bench.md"));
    }

    @Test
    void everyPerfTestOptionHasARowAndEveryRowIsAPerfTestOption() {
        assertThat(perfTestOptions).hasSizeGreaterThan(100);
        List<String> missing = new ArrayList<>();
        for (Option option : perfTestOptions) {
            Row row = table.get("--" + option.getLongOpt());
            if (row == null || !String.valueOf(row.shortName()).equals(option.getOpt() == null ? "null"
                    : "-" + option.getOpt())) {
                missing.add(names(option));
            }
        }
        assertThat(missing).as("PerfTest options without a (correct) row in docs/bench.md").isEmpty();
        List<String> perfTestLongNames = perfTestOptions.stream().map(o -> "--" + o.getLongOpt()).toList();
        assertThat(table.keySet()).as("rows of docs/bench.md that are no PerfTest option").isSubsetOf(perfTestLongNames);
    }

    @Test
    void sameAndDiffersOptionsAreAcceptedUnderBothNames() {
        for (Option option : perfTestOptions) {
            Row row = table.get("--" + option.getLongOpt());
            if (row == null || row.status().equals("refused")) {
                continue;
            }
            for (String name : names(row)) {
                List<String> args = new ArrayList<>(List.of(name));
                if (option.hasArg()) {
                    assertThat(row.example()).as("example value of " + name).isNotNull().isNotEmpty();
                    args.add(row.example());
                }
                assertThatCode(() -> {
                    BenchCommand command = new BenchCommand();
                    new CommandLine(command).parseArgs(args.toArray(String[]::new));
                    command.resolve();
                    command.connectionSettings();
                }).as("bench " + args).doesNotThrowAnyException();
            }
        }
    }

    @Test
    void refusedOptionsExitTwoWithOneLineSayingWhatToUse() {
        List<String> refusedInReadme = new ArrayList<>();
        for (Option option : perfTestOptions) {
            Row row = table.get("--" + option.getLongOpt());
            if (row == null || !row.status().equals("refused")) {
                continue;
            }
            refusedInReadme.add(row.longName());
            for (String name : names(row)) {
                CliRun run = option.hasArg() ? CliRun.of("bench", name, "x") : CliRun.of("bench", name);
                CliRun.assertOneLineError(run, 2, name, "is PerfTest's", "rabbittune does not support it (");
            }
        }
        assertThat(refusedInReadme).containsExactlyInAnyOrderElementsOf(
                PerfTestRefusals.REFUSALS.stream().map(PerfTestRefusals.Refusal::longName).toList());
    }

    @Test
    void multiLetterShortOptionsAreNotReadAsClusters() {
        BenchCommand command = new BenchCommand();
        new CommandLine(command).parseArgs("-qq", "-u", "q", "-sb", "-x", "2", "-X", "3", "-y0");
        assertThat(command.resolve().queueType().argument()).isEqualTo("quorum");
        assertThat(command.resolve().producers()).isEqualTo(6);
        assertThat(command.resolve().consumers()).isZero();
        assertThat(command.resolve().control().skipBinding()).isTrue();
    }

    @Test
    void hIsTheUriAndHelpIsDoubleDashHelp() {
        BenchCommand command = new BenchCommand();
        new CommandLine(command).parseArgs("-h", "amqp://u:p@node1", "-H", "amqp://node2,amqp://node3");
        assertThat(command.connectionSettings().uris()).hasSize(3);
        assertThat(CliRun.of("bench", "--help").out()).contains("--uris");
        assertThat(CliRun.of("bench", "-?").exitCode()).isZero();
    }

    private static List<String> names(Row row) {
        return row.shortName() == null ? List.of(row.longName()) : List.of(row.shortName(), row.longName());
    }

    private static String names(Option option) {
        return (option.getOpt() == null ? "" : "-" + option.getOpt() + "/") + "--" + option.getLongOpt();
    }

    private static Map<String, Row> readTable(Path page) throws IOException {
        List<String> lines = Files.readAllLines(page);
        int start = lines.indexOf("## PerfTest compatibility");
        assertThat(start).as("docs/bench.md section 'PerfTest compatibility'").isNotNegative();
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("#")) {
                break;
            }
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                rows.put(m.group(2), new Row(m.group(1), m.group(2), m.group(3), m.group(4)));
            }
        }
        return rows;
    }
}
