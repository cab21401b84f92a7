package dev.rabbittune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every rabbittune command line the README and the pages of docs/ show (in code blocks and in inline code) names a
 * command that exists, and each flag on it is listed by that command's {@code --help}. Only the part of a line that
 * invokes rabbittune is read: PerfTest's options in the compatibility table, {@code mvn}, {@code scripts/...} and
 * whatever follows a {@code #}, {@code ;}, {@code |}, {@code &} or a redirection are not rabbittune's. Pure: it runs
 * {@code --help} in-process, no broker.
 */
class DocumentedCommandsTest {

    /** A rabbittune invocation found in the docs: where, the command path ("monitor rules"), the flags on it. */
    record Invocation(String where, List<String> command, List<String> flags, String text) {
    }

    /** "rabbittune" or "bin/rabbittune" as a word of its own, followed by a space. */
    private static final Pattern CALL = Pattern.compile("(?<![\\w./-])(?:\\./)?(bin/)?rabbittune(?=[ \\t])");
    private static final Pattern FLAG = Pattern.compile("--?[A-Za-z?][A-Za-z0-9?._-]*");
    private static final Pattern INLINE = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern FENCE = Pattern.compile("^\\s*```");
    /** The option names at the start of a --help line: "  -x, --producers=N   ..." */
    private static final Pattern HELP_OPTION = Pattern.compile("^\\s+(-\\S.*?)(?:\\s{2,}|$)");

    private static final CommandLine ROOT = new CommandLine(new Main());
    private static final Map<String, Set<String>> HELP = new HashMap<>();

    @Test
    void everyDocumentedFlagIsInTheHelpOfItsCommand() throws IOException {
        List<Invocation> invocations = new ArrayList<>();
        for (Path page : pages()) {
            invocations.addAll(invocations(page.toString(), Files.readString(page)));
        }
        assertThat(invocations).as("rabbittune command lines in the docs").hasSizeGreaterThan(40);
        Set<List<String>> commands = new LinkedHashSet<>();
        invocations.forEach(i -> commands.add(i.command()));
        assertThat(commands).as("documented commands").contains(List.of("bench"), List.of("tune"),
                List.of("compare"), List.of("report"), List.of("doctor"), List.of("monitor"),
                List.of("monitor", "rules"), List.of("rebalance"), List.of("quickstart"));
        List<String> problems = new ArrayList<>();
        for (Invocation invocation : invocations) {
            problems.addAll(problems(invocation));
        }
        assertThat(problems).as("documented command lines that --help does not back").isEmpty();
    }

    /**
     * A page's prose names options of its command in inline code ({@code `--read-interval`}): each must be in that
     * command's --help (or a subcommand's). The PerfTest table of bench.md names PerfTest's options, not rabbittune's
     * (PerfTestCompatibilityTest reads it); a few flags the prose cites belong to other tools.
     */
    @Test
    void everyFlagAPageNamesIsInTheHelpOfItsCommand() throws IOException {
        Map<String, List<List<String>>> pageCommands = Map.of(
                "bench.md", List.of(List.of("bench")),
                "tune.md", List.of(List.of("tune")),
                "compare.md", List.of(List.of("compare")),
                "report.md", List.of(List.of("report")),
                "monitor.md", List.of(List.of("monitor"), List.of("monitor", "dashboard"), List.of("monitor", "rules")),
                "doctor.md", List.of(List.of("doctor"), List.of("rebalance")));
        Map<String, String> otherTools = Map.of(
                "--apply-to", "rabbitmqctl set_policy, in the doctor's fixes",
                "--node", "rabbitmq-queues, which rebalance --apply runs");
        List<String> problems = new ArrayList<>();
        for (var entry : pageCommands.entrySet()) {
            String page = Files.readString(Path.of("..", "docs", entry.getKey()));
            int table = page.indexOf("\n## PerfTest compatibility\n");
            if (table >= 0) {
                page = page.substring(0, table) + page.substring(page.indexOf("\n## ", table + 1));
            }
            Set<String> pageListed = new LinkedHashSet<>();
            entry.getValue().forEach(command -> pageListed.addAll(help(command)));
            Matcher code = INLINE.matcher(page);
            while (code.find()) {
                // `tune --json`, `monitor rules`: the command the code names; else the page's
                List<String> named = commandPath(words(code.group(1)));
                Set<String> listed = named.isEmpty() ? pageListed : help(named);
                Matcher flag = Pattern.compile("(?<![\\w-])--[a-z][\\w.-]*").matcher(code.group(1));
                while (flag.find()) {
                    if (!listed.contains(flag.group()) && !otherTools.containsKey(flag.group())) {
                        problems.add(entry.getKey() + ": `" + code.group(1) + "`: " + flag.group());
                    }
                }
            }
        }
        assertThat(problems).as("options named in the docs that the command's --help does not list").isEmpty();
    }

    @Test
    void anInventedFlagOrCommandIsCaught() {
        List<Invocation> found = invocations("fake.md", """
                Run `rabbittune bench -x 2 --no-such-flag 3` or:

                ```bash
                bin/rabbittune bench --producers 2 -Z 1 \\
                    --json run.json | tee out.txt --not-ours   # --not-ours either
                bin/rabbittune monitor rules --slo-target 0.999 --bogus
                bin/rabbittune frobnicate --now
                java -jar perf-test.jar -x 1 --not-rabbittune; rabbittune compare -b a.json --fail-if 'p99 > 20ms'
                ```

                `rabbittune does not support it`, `rabbittune: -X/--xyz is PerfTest's`, `mvn -q -DskipTests install`
                """);
        assertThat(found).extracting(Invocation::command).containsExactly(List.of("bench"), List.of("bench"),
                List.of("monitor", "rules"), List.of("frobnicate"), List.of("compare"));
        assertThat(found.get(0).flags()).containsExactly("-x", "--no-such-flag");
        assertThat(found.get(1).flags()).containsExactly("--producers", "-Z", "--json");
        assertThat(found.get(4).flags()).containsExactly("-b", "--fail-if");
        assertThat(problems(found.get(0))).singleElement().asString().contains("--no-such-flag")
                .doesNotContain("'-x'");
        assertThat(problems(found.get(1))).singleElement().asString().contains("-Z");
        assertThat(problems(found.get(2))).singleElement().asString().contains("--bogus");
        assertThat(problems(found.get(3))).singleElement().asString().contains("no command 'frobnicate'");
        assertThat(problems(found.get(4))).isEmpty();
    }

    @Test
    void aHiddenFlagIsNamedAsHidden() {
        // -ct/--confirm-timeout is a PerfTest option bench accepts without listing it
        Invocation hidden = invocations("fake.md", "`rabbittune bench -ct 30`").get(0);
        assertThat(problems(hidden)).singleElement().asString().contains("accepted but hidden");
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("..", "README.md")));
        try (Stream<Path> docs = Files.list(Path.of("..", "docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        assertThat(pages).hasSizeGreaterThan(5);
        return pages;
    }

    /** The rabbittune invocations of Markdown: fenced blocks line by line (with \ continuations), inline code. */
    static List<Invocation> invocations(String file, String markdown) {
        List<Invocation> found = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        boolean fenced = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (FENCE.matcher(line).find()) {
                fenced = !fenced;
                continue;
            }
            String where = file + ":" + (i + 1);
            if (fenced) {
                StringBuilder logical = new StringBuilder(line);
                while (logical.toString().endsWith("\\") && i + 1 < lines.length) {
                    logical.setLength(logical.length() - 1);
                    logical.append(' ').append(lines[++i]);
                }
                found.addAll(invocationsIn(where, logical.toString()));
            } else {
                Matcher code = INLINE.matcher(line);
                while (code.find()) {
                    found.addAll(invocationsIn(where, code.group(1)));
                }
            }
        }
        return found;
    }

    private static List<Invocation> invocationsIn(String where, String text) {
        List<Invocation> found = new ArrayList<>();
        Matcher call = CALL.matcher(text);
        while (call.find()) {
            List<String> words = words(text.substring(call.end()));
            if (words.isEmpty()) {
                continue;
            }
            List<String> command = new ArrayList<>();
            CommandLine at = ROOT;
            int next = 0;
            while (next < words.size() && !words.get(next).startsWith("-")) {
                CommandLine sub = at.getSubcommands().get(words.get(next));
                if (sub == null) {
                    break;
                }
                command.add(words.get(next++));
                at = sub;
            }
            if (command.isEmpty() && next < words.size() && !words.get(next).startsWith("-")) {
                if (call.group(1) == null) {
                    continue;   // prose in inline code: "rabbittune does not support it"
                }
                command.add(words.get(next));   // bin/rabbittune WORD: a command the docs claim
            }
            List<String> flags = new ArrayList<>();
            for (String word : words.subList(next, words.size())) {
                if (FLAG.matcher(word).lookingAt() && FLAG.matcher(word.split("=", 2)[0]).matches()) {
                    flags.add(word.split("=", 2)[0]);
                }
            }
            found.add(new Invocation(where, command, flags, text.trim()));
        }
        return found;
    }

    /** Shell words after "rabbittune", up to the end of its command: a comment, ;, |, &, a redirection. */
    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
                continue;
            }
            if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                continue;
            }
            if ((c == '#' && word == null) || ";|&<>)".indexOf(c) >= 0) {
                break;
            }
            word = word == null ? new StringBuilder() : word;
            word.append(c);
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    /** The leading words that name a command ("monitor", "rules"), none when the first is no command. */
    private static List<String> commandPath(List<String> words) {
        List<String> command = new ArrayList<>();
        CommandLine at = ROOT;
        for (String word : words) {
            at = at.getSubcommands().get(word);
            if (at == null) {
                break;
            }
            command.add(word);
        }
        return command;
    }

    private static List<String> problems(Invocation invocation) {
        CommandLine command = ROOT;
        for (String name : invocation.command()) {
            command = command.getSubcommands().get(name);
            if (command == null) {
                return List.of(invocation.where() + ": no command '" + String.join(" ", invocation.command())
                        + "' (" + invocation.text() + ")");
            }
        }
        Set<String> listed = help(invocation.command());
        List<String> problems = new ArrayList<>();
        for (String flag : invocation.flags()) {
            if (!listed.contains(flag)) {
                boolean accepted = command.getCommandSpec().optionsMap().containsKey(flag);
                problems.add(invocation.where() + ": '" + flag + "' is not in 'rabbittune "
                        + String.join(" ", invocation.command()) + " --help'"
                        + (accepted ? " (accepted but hidden)" : "") + " (" + invocation.text() + ")");
            }
        }
        return problems;
    }

    /** The option names the --help of a command lists. */
    static Set<String> help(List<String> command) {
        return HELP.computeIfAbsent(String.join(" ", command), key -> {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertThat(run.exitCode()).as("rabbittune %s --help: %s", key, run.err()).isZero();
            Set<String> names = new LinkedHashSet<>();
            for (String line : run.out().split("\n")) {
                Matcher option = HELP_OPTION.matcher(line);
                if (option.find()) {
                    Matcher name = FLAG.matcher(option.group(1));
                    while (name.find()) {
                        if (name.start() == 0 || " ,".indexOf(option.group(1).charAt(name.start() - 1)) >= 0) {
                            names.add(name.group());
                        }
                    }
                }
            }
            assertThat(names).as("options in 'rabbittune %s --help'", key).contains("--help");
            return names;
        });
    }
}
