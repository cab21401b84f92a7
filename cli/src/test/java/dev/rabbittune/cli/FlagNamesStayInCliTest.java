package dev.rabbittune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    /**
     * A long option ({@code --rate}) or a short one ({@code -x}, PerfTest's {@code -qq}); short ones count only in a
     * text that names a rabbittune command line, as other tools' command lines are full of them ({@code cp -p}).
     */
    private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--?[A-Za-z][A-Za-z0-9?-]*");
    /**
     * A text naming another tool's command line (the doctor's fixes are rabbitmqctl, rabbitmq-queues and sysctl
     * command lines, some with options rabbittune also has: {@code --vhost}, {@code -n}).
     */
    private static final Pattern OTHER_TOOL = Pattern.compile(
            "rabbitmqctl|rabbitmq-queues|rabbitmq-plugins|rabbitmq-diagnostics|rabbitmq-upgrade|rabbitmq-server|sysctl"
                    + "|systemctl");
    /** Option-like words of other tools in texts that do not name the tool (a command line built in pieces). */
    private static final Set<String> OTHER_TOOLS_OPTIONS = Set.of("--vhost", "--priority", "--apply-to", "--node");

    @Test
    void noOtherModuleNamesAnOptionOfTheCommandLine() throws IOException {
        Set<String> options = optionNames(new CommandLine(new Main()));
        assertThat(options).as("the commands' options").contains("--write-config", "--json", "--explain",
                "--queues-cli", "--rate", "-x", "-qq", "-o");
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
                    "    String text = \"\"\"",
                    "        then run rabbittune report -o out.html",
                    "        or cp -p it there",
                    "        \"\"\";",
                    "}"));
            assertThat(flagsIn(file, Set.of("--json", "--explain", "--vhost", "--apply", "-o")))
                    .satisfiesExactly(
                            hint -> assertThat(hint).contains("--json").contains(":4"),
                            block -> assertThat(block).contains("-o").contains(":7"));
        } finally {
            Files.delete(file);
        }
    }

    private static Set<String> optionNames(CommandLine command) {
        Set<String> names = new TreeSet<>();
        for (CommandLine.Model.OptionSpec option : command.getCommandSpec().options()) {
            names.addAll(java.util.Arrays.asList(option.names()));
        }
        command.getSubcommands().values().forEach(sub -> names.addAll(optionNames(sub)));
        names.removeAll(Set.of("--help", "--version", "-h", "-V", "-?"));
        return names;
    }

    /**
     * The option names in {@code file}'s string literals and text blocks (comments are documentation, not output).
     */
    private static List<String> flagsIn(Path file, Set<String> options) {
        List<String> found = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean inBlockComment = false;
        boolean inTextBlock = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            String where = file + ":" + (i + 1);
            if (inTextBlock) {
                inTextBlock = !line.startsWith("\"\"\"");
                found.addAll(flagsInText(line, options, where));
                continue;
            }
            if (inBlockComment || line.startsWith("/*")) {
                inBlockComment = !line.contains("*/");
                continue;
            }
            if (line.startsWith("//") || line.startsWith("*")) {
                continue;
            }
            inTextBlock = line.endsWith("\"\"\"");
            Matcher literal = STRING_LITERAL.matcher(inTextBlock ? line.substring(0, line.length() - 3) : line);
            while (literal.find()) {
                found.addAll(flagsInText(literal.group(1), options, where));
            }
        }
        return found;
    }

    private static List<String> flagsInText(String text, Set<String> options, String where) {
        List<String> found = new ArrayList<>();
        if (OTHER_TOOL.matcher(text).find()) {
            return found;
        }
        boolean namesRabbittune = text.contains("rabbittune ");
        Matcher flag = FLAG.matcher(text);
        while (flag.find()) {
            String name = flag.group();
            boolean counts = name.startsWith("--") || namesRabbittune;
            if (counts && options.contains(name) && !OTHER_TOOLS_OPTIONS.contains(name)) {
                found.add(where + " names " + name + " in \"" + text + "\"");
            }
        }
        return found;
    }
}
