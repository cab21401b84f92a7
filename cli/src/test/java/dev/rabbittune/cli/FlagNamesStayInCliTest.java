package dev.rabbittune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command line's option names are the cli's: no other module's main code writes one of them into a message, a
 * hint or a generated file, so renaming an option cannot leave a stale instruction behind. The libraries and engines
 * name a setting in their own terms (a workload file's key, "its config files") and the cli adds its flags. Pure: it
 * reads the sources next door and the commands' picocli model.
 */
class FlagNamesStayInCliTest {

    private static final List<String> OTHER_MODULES = List.of("core", "client", "bench", "doctor", "report",
            "monitor");
    private static final Pattern STRING_LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
    private static final Pattern LONG_FLAG = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*");
    /** Options the RabbitMQ CLI tools share with rabbittune's; the doctor's fixes are rabbitmqctl command lines. */
    private static final Map<String, String> RABBITMQ_CLI_OPTIONS = Map.of(
            "--vhost", "rabbitmqctl and rabbitmq-queues, in the doctor's fixes",
            "--node", "rabbitmq-queues, which the rebalancer runs");

    @Test
    void noOtherModuleNamesAnOptionOfTheCommandLine() throws IOException {
        Set<String> options = optionNames(new CommandLine(new Main()));
        assertThat(options).as("the commands' long options").contains("--write-config", "--json", "--explain",
                "--queues-cli", "--rate");
        List<String> problems = new ArrayList<>();
        List<Path> sources = new ArrayList<>();
        for (String module : OTHER_MODULES) {
            try (Stream<Path> files = Files.walk(Path.of("..", module, "src", "main", "java"))) {
                files.filter(p -> p.toString().endsWith(".java")).sorted().forEach(sources::add);
            }
        }
        assertThat(sources).as("main sources of the other modules").hasSizeGreaterThan(200);
        sources.forEach(file -> problems.addAll(flagsIn(file, options)));
        assertThat(problems).as("command-line options named outside cli").isEmpty();
    }

    @Test
    void theScanFindsAFlagInAStringAndIgnoresCommentsAndOtherToolsOptions() throws IOException {
        Path file = Files.createTempFile("Sample", ".java");
        try {
            Files.writeString(file, String.join("\n",
                    "/** Written by {@code rabbittune doctor --json}. */",
                    "class Sample {",
                    "    // run it with --explain",
                    "    String hint = \"write it again with rabbittune doctor --json\";",
                    "    String fix = \"rabbitmqctl set_policy --vhost v --apply-to queues\";",
                    "}"));
            assertThat(flagsIn(file, Set.of("--json", "--explain", "--vhost", "--apply")))
                    .singleElement().asString().contains("--json").contains(":4");
        } finally {
            Files.delete(file);
        }
    }

    private static Set<String> optionNames(CommandLine command) {
        Set<String> names = new TreeSet<>();
        for (CommandLine.Model.OptionSpec option : command.getCommandSpec().options()) {
            for (String name : option.names()) {
                if (name.startsWith("--")) {
                    names.add(name);
                }
            }
        }
        command.getSubcommands().values().forEach(sub -> names.addAll(optionNames(sub)));
        names.removeAll(Set.of("--help", "--version"));
        return names;
    }

    /** The option names in {@code file}'s string literals (comments are documentation, not output). */
    private static List<String> flagsIn(Path file, Set<String> options) {
        List<String> found = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean inBlockComment = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (inBlockComment || line.startsWith("/*")) {
                inBlockComment = !line.contains("*/");
                continue;
            }
            if (line.startsWith("//") || line.startsWith("*")) {
                continue;
            }
            Matcher literal = STRING_LITERAL.matcher(line);
            while (literal.find()) {
                Matcher flag = LONG_FLAG.matcher(literal.group(1));
                while (flag.find()) {
                    String name = flag.group();
                    if (options.contains(name) && !RABBITMQ_CLI_OPTIONS.containsKey(name)) {
                        found.add(file + ":" + (i + 1) + " names " + name + " in " + literal.group());
                    }
                }
            }
        }
        return found;
    }
}
