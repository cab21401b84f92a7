package dev.rabbittune.cli;

import dev.rabbittune.core.BadInputException;
import dev.rabbittune.report.Report;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rabbittune report}: bench results, sweeps and doctor findings as one self-contained HTML file, or as
 * Markdown for a pull request. Reads files only.
 */
@Command(name = "report", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Render bench results (bench --json), sweeps (tune --json) and doctor findings (doctor --json)",
            "as one HTML file that opens with no network (charts inlined), or as Markdown.",
            "Several bench results are drawn side by side.",
            "Exit 0: written; 2: bad input (a missing file, another tool's file, a newer format, an empty sweep)."})
final class ReportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RESULT.json", arity = "1..*", description = "result files, in the order to show them")
    List<Path> files;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "where to write (default report.html; with --markdown, standard output)")
    Path output;

    @Option(names = "--markdown", description = "write Markdown (tables and lists, no charts) instead of HTML")
    boolean markdown;

    @Override
    public Integer call() throws IOException {
        Path target = output != null ? output : markdown ? null : Path.of("report.html");
        if (target != null && files.stream().anyMatch(f -> sameFile(f, target))) {
            throw new BadInputException("--output " + target + " is one of the result files: it would be overwritten",
                    "write the report to another file", null);
        }
        Report report = Report.read(files);
        String text = markdown ? report.markdown() : report.html();
        if (target == null) {
            System.out.print(text);
            return ExitCodes.OK;
        }
        write(target, text);
        report.describe().forEach(line -> System.out.println("  " + line));
        System.out.println("report: " + target + " (" + Files.size(target) / 1024 + " KiB)");
        return ExitCodes.OK;
    }

    /**
     * Through a temporary file in the same folder, so a failed write never leaves half a report; created as any
     * file the user writes (the umask decides), not private like {@link Files#createTempFile}.
     */
    private static void write(Path target, String text) throws IOException {
        if (Files.isDirectory(target)) {
            throw new BadInputException("--output " + target + " is a folder", "give a file name, e.g. "
                    + target.resolve("report.html"), null);
        }
        Path folder = target.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new BadInputException("cannot write " + target + ": its folder does not exist");
        }
        Path temporary = folder.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new BadInputException("cannot write " + target + ": permission denied");
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static boolean sameFile(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
