package dev.rabbittune.doctor.internal.report;

import dev.rabbittune.doctor.DoctorReport;
import dev.rabbittune.doctor.Finding;
import dev.rabbittune.doctor.Severity;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders a report for a terminal: a header, then one line per finding grouped by severity. */
public final class ConsoleRenderer {

    private ConsoleRenderer() {
    }

    public static String render(DoctorReport report, boolean explain) {
        StringBuilder out = new StringBuilder();
        DoctorReport.Summary s = report.summary();
        out.append("rabbittune doctor: ").append(s.source()).append(" (RabbitMQ ")
                .append(s.brokerVersion() == null ? "unknown" : s.brokerVersion()).append(", ").append(s.nodes())
                .append(s.nodes() == 1 ? " node" : " nodes").append(s.hostProbed() ? ", host probed" : "")
                .append(", ").append(s.rules()).append(" rules)\n");
        for (Severity severity : Severity.values()) {
            List<Finding> group = report.findings().stream().filter(f -> f.severity() == severity).toList();
            if (group.isEmpty()) {
                continue;
            }
            out.append('\n').append(severity).append(" (").append(group.size()).append(")\n");
            for (Finding f : group) {
                out.append("  ").append(f.id()).append("  ").append(f.subject()).append("  ")
                        .append(evidence(f.evidence())).append('\n');
                if (explain) {
                    out.append("      why: ").append(f.why()).append('\n')
                            .append("      fix: ").append(f.fix()).append('\n')
                            .append("      see: ").append(f.reference()).append('\n');
                }
            }
        }
        Map<Severity, Integer> counts = s.counts();
        out.append('\n').append(counts.get(Severity.CRITICAL)).append(" critical, ")
                .append(counts.get(Severity.WARNING)).append(" warning, ").append(counts.get(Severity.INFO))
                .append(" info").append('\n');
        return out.toString();
    }

    static String evidence(Map<String, Object> evidence) {
        return evidence.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }
}
