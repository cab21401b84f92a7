package dev.rabbittune.report;

import java.util.List;

/** The report as GitHub-flavoured Markdown: the same figures and words as the HTML page, without the charts. */
final class MarkdownReport {

    private MarkdownReport() {
    }

    static String render(List<ReportInput> inputs) {
        StringBuilder md = new StringBuilder("# rabbittune report\n\n");
        List<BenchInput> runs = inputs.stream().filter(BenchInput.class::isInstance).map(BenchInput.class::cast)
                .toList();
        if (!runs.isEmpty()) {
            bench(md, runs);
        }
        for (ReportInput input : inputs) {
            if (input instanceof SweepInput sweep) {
                sweep(md, sweep);
            } else if (input instanceof FindingsInput findings) {
                findings(md, findings);
            }
        }
        return md.toString();
    }

    private static void bench(StringBuilder md, List<BenchInput> runs) {
        md.append("## Benchmark runs\n\n|  |");
        runs.forEach(run -> md.append(' ').append(cell(run.name())).append(" |"));
        md.append("\n|---|").append("---|".repeat(runs.size())).append("\n| workload |");
        runs.forEach(run -> md.append(' ').append(cell(run.title())).append(" |"));
        md.append('\n');
        for (int row = 0; row < runs.get(0).facts().size(); row++) {
            md.append("| ").append(cell(runs.get(0).facts().get(row).label())).append(" |");
            for (BenchInput run : runs) {
                md.append(' ').append(cell(run.facts().get(row).value())).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
        for (BenchInput run : runs) {
            run.warnings().forEach(w -> md.append("- **warning** (").append(cell(run.name())).append("): ")
                    .append(cell(w)).append('\n'));
        }
        md.append('\n');
    }

    private static void sweep(StringBuilder md, SweepInput sweep) {
        md.append("## Sweep ").append(cell(sweep.name())).append("\n\nObjective: ").append(sweep.objective())
                .append(". Strategy: ").append(cell(sweep.strategy())).append('.');
        if (sweep.stoppedBecause() != null) {
            md.append(" Stopped early: ").append(cell(sweep.stoppedBecause())).append('.');
        }
        md.append("\n\n**").append(cell(SweepSection.heading(sweep))).append("**\n\n");
        sweep.reasons().forEach(r -> md.append("- ").append(cell(r)).append('\n'));
        md.append("\n| point | runs | throughput msg/s (interval) | p99 ms (interval) | within SLO |\n"
                + "|---|---|---|---|---|\n");
        for (SweepInput.Point point : sweep.points()) {
            boolean recommended = point.label().equals(sweep.recommended());
            md.append("| ").append(recommended ? "**" + cell(point.label()) + "**" : cell(point.label()))
                    .append(sweep.ties().contains(point.label()) ? " (tie)" : "").append(" | ").append(point.runs())
                    .append(" | ").append(point.throughput().text("")).append(" | ").append(point.p99().text(""))
                    .append(" | ").append(SweepSection.verdict(sweep, point)).append(" |\n");
        }
        sweep.code().forEach((flavour, code) -> {
            String fence = "`".repeat(Math.max(3, longestBacktickRun(code) + 1));
            md.append("\n").append(cell(flavour)).append(":\n\n").append(fence).append('\n').append(code)
                    .append(code.endsWith("\n") ? "" : "\n").append(fence).append('\n');
        });
        md.append('\n');
    }

    private static void findings(StringBuilder md, FindingsInput report) {
        md.append("## Doctor findings ").append(cell(report.name())).append("\n\nRabbitMQ ")
                .append(cell(report.brokerVersion())).append(", ").append(report.nodes()).append(" node(s), from ")
                .append(cell(report.source())).append("; ").append(report.rules()).append(" rules.\n\n");
        for (String severity : report.severities()) {
            List<FindingsInput.Finding> findings = report.withSeverity(severity);
            md.append("### ").append(cell(severity)).append(" (").append(findings.size()).append(")\n\n");
            if (findings.isEmpty()) {
                continue;
            }
            md.append("| id | subject | why | fix |\n|---|---|---|---|\n");
            findings.forEach(f -> md.append("| ").append(code(f.id())).append(" | ").append(cell(f.subject()))
                    .append(" | ").append(cell(f.why())).append(" | ").append(cell(f.fix())).append(" |\n"));
            md.append('\n');
        }
    }

    /** An inline code span that its own text cannot end: a fence longer than any run of backticks in it. */
    static String code(String text) {
        String fence = "`".repeat(longestBacktickRun(text) + 1);
        String inner = cell(text);
        return fence + (inner.startsWith("`") || inner.endsWith("`") ? " " + inner + " " : inner) + fence;
    }

    private static int longestBacktickRun(String text) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    /**
     * Text safe inside a table cell: pipes escaped, line breaks as {@code <br>}, and a {@code <} that could open an
     * HTML tag escaped (a {@code <=} stays readable in a CI log).
     */
    static String cell(String text) {
        return text.replaceAll("<(?=[A-Za-z/!?])", "&lt;").replace("|", "\\|").replace("\r", "")
                .replace("\n", "<br>");
    }
}
