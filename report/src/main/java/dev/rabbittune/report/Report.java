package dev.rabbittune.report;

import dev.rabbittune.core.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Bench results, sweeps and doctor findings rendered as one self-contained HTML page (charts inlined, no network
 * needed to view it) or as Markdown for a pull request. Reads result files only; never talks to a broker. Every
 * string taken from a file passes through {@link dev.rabbittune.core.Secrets#mask} before it is rendered.
 *
 * <p>Immutable and thread-safe once read.
 */
public final class Report {

    private final List<ReportInput> inputs;

    private Report(List<ReportInput> inputs) {
        this.inputs = List.copyOf(inputs);
    }

    /**
     * Reads each file as a {@code rabbittune bench --json} result, a {@code rabbittune tune --json} sweep or a
     * {@code rabbittune doctor --json} report.
     *
     * @throws BadInputException naming the file: missing, not JSON, another tool's, a newer format than
     *                           this rabbittune reads, or a sweep without points
     */
    public static Report read(List<Path> files) {
        if (files.isEmpty()) {
            throw new BadInputException("no result file given", "give one or more JSON files that rabbittune bench, tune or doctor wrote",
                    null);
        }
        List<ReportInput> inputs = new ArrayList<>();
        for (Path file : files) {
            inputs.add(InputFiles.read(file));
        }
        return new Report(inputs);
    }

    /** One HTML document with the chart library, styles, data and text inlined. */
    public String html() {
        return HtmlReport.render(inputs);
    }

    /** The same content as Markdown tables and lists (no charts), for a pull request or a CI summary. */
    public String markdown() {
        return MarkdownReport.render(inputs);
    }

    /** One line per input, for the command's console output. */
    public List<String> describe() {
        return inputs.stream().map(ReportInput::describe).toList();
    }
}
