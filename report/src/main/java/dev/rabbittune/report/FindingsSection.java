package dev.rabbittune.report;

import java.util.List;

/** Doctor findings grouped by severity, each with its evidence, why, fix and reference. */
final class FindingsSection {

    private FindingsSection() {
    }

    static void render(Html body, FindingsInput report) {
        body.raw("<section class=\"findings\">").element("h2", "Doctor findings " + report.name());
        body.element("p", "RabbitMQ " + report.brokerVersion() + ", " + report.nodes() + " node(s), from "
                + report.source() + " at " + report.takenAt() + "; " + report.rules() + " rules evaluated.");
        for (String severity : report.severities()) {
            List<FindingsInput.Finding> findings = report.withSeverity(severity);
            body.raw("<h3 class=\"" + Html.escape(severity) + "\">").text(severity + " (" + findings.size() + ")")
                    .raw("</h3>");
            for (FindingsInput.Finding finding : findings) {
                body.raw("<details class=\"finding " + Html.escape(severity) + "\"><summary>").element("code", finding.id())
                        .text(" " + finding.subject()).raw("</summary>");
                body.element("p", finding.why());
                if (!finding.evidence().isEmpty()) {
                    body.raw("<table class=\"evidence\"><tbody>");
                    finding.evidence().forEach(e -> body.raw("<tr>").element("th", e.label()).element("td",
                            e.value()).raw("</tr>"));
                    body.raw("</tbody></table>");
                }
                body.element("h4", "fix").element("pre", finding.fix());
                if (!finding.reference().isEmpty()) {
                    body.raw("<p>").link(finding.reference(), finding.reference()).raw("</p>");
                }
                body.raw("</details>");
            }
        }
        body.raw("</section>");
    }
}
