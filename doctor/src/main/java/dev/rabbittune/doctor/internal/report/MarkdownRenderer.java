package dev.rabbittune.doctor.internal.report;

import dev.rabbittune.doctor.DoctorReport;
import dev.rabbittune.doctor.Finding;
import dev.rabbittune.doctor.Severity;
import java.util.List;

/** Renders a report as Markdown: a summary, a table per severity and the explanation of each finding. */
public final class MarkdownRenderer {

    private MarkdownRenderer() {
    }

    public static String render(DoctorReport report) {
        DoctorReport.Summary s = report.summary();
        StringBuilder md = new StringBuilder("# rabbittune doctor\n\n");
        md.append("- source: `").append(s.source()).append("`\n- taken at: ").append(s.takenAt())
                .append("\n- RabbitMQ: ").append(s.brokerVersion()).append(", nodes: ").append(s.nodes())
                .append(", host probed: ").append(s.hostProbed()).append("\n- findings: ")
                .append(s.counts().get(Severity.CRITICAL)).append(" critical, ")
                .append(s.counts().get(Severity.WARNING)).append(" warning, ")
                .append(s.counts().get(Severity.INFO)).append(" info (").append(s.rules())
                .append(" rules evaluated)\n");
        for (Severity severity : Severity.values()) {
            List<Finding> group = report.findings().stream().filter(f -> f.severity() == severity).toList();
            if (group.isEmpty()) {
                continue;
            }
            md.append("\n## ").append(severity).append("\n\n| id | scope | subject | evidence |\n|---|---|---|---|\n");
            for (Finding f : group) {
                md.append("| `").append(f.id()).append("` | ").append(f.scope().name().toLowerCase())
                        .append(" | ").append(cell(f.subject())).append(" | ")
                        .append(cell(ConsoleRenderer.evidence(f.evidence()))).append(" |\n");
            }
            for (Finding f : group) {
                md.append("\n### `").append(f.id()).append("` ").append(cell(f.subject())).append("\n\n")
                        .append(f.why()).append("\n\n**Fix:** `").append(f.fix().replace("`", "'"))
                        .append("`\n\nSee ").append(f.reference()).append('\n');
            }
        }
        return md.toString();
    }

    private static String cell(String text) {
        return String.valueOf(text).replace("|", "\\|").replace("\n", " ");
    }
}
