package dev.rabbittune.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One sweep: what it optimised, its recommendation with the reasons, charts with intervals, and every point. */
final class SweepSection {

    private SweepSection() {
    }

    static void render(Html body, SweepInput sweep, Charts charts) {
        body.raw("<section class=\"sweep\">").element("h2", "Sweep " + sweep.name());
        body.element("p", "Objective: " + sweep.objective() + ". Strategy: " + sweep.strategy() + ". Ran "
                + Numbers.number(sweep.elapsedSeconds()) + " s" + (sweep.stoppedBecause() == null ? "."
                : "; stopped early: " + sweep.stoppedBecause() + "."));
        body.raw(sweep.recommended() == null ? "<div class=\"recommendation none\">"
                : "<div class=\"recommendation\">");
        body.element("h3", heading(sweep));
        body.raw("<ul>");
        sweep.reasons().forEach(reason -> body.element("li", reason));
        body.raw("</ul></div>");
        HtmlReport.chart(body, charts.sweep(sweep, false));
        HtmlReport.chart(body, charts.sweep(sweep, true));
        if (sweep.axes().size() == 2 && !sweep.rateCurves()) {
            heatMap(body, sweep);
        }
        points(body, sweep);
        if (!sweep.code().isEmpty()) {
            body.element("h3", "The recommended settings as code");
            HtmlReport.codeBlocks(body, sweep.code());
        }
        body.raw("</section>");
    }

    static String heading(SweepInput sweep) {
        if (sweep.recommended() == null) {
            return "No point met the SLO" + (sweep.closest() == null ? "" : "; closest: " + sweep.closest());
        }
        SweepInput.Point point = sweep.points().stream().filter(p -> p.label().equals(sweep.recommended()))
                .findFirst().orElse(null);
        if (sweep.rateCurves() && point != null) {
            Map<String, Object> base = new java.util.LinkedHashMap<>(point.settings());
            base.remove(SweepInput.RATE);
            return "Max sustainable rate: " + (base.isEmpty() ? "the base workload" : SweepInput.label(base))
                    + " at " + Numbers.number(SweepInput.rateOf(point)) + " msg/s";
        }
        return "Recommended: " + sweep.recommended();
    }

    /** Two axes: median throughput in a grid, the shade by throughput, points that missed the SLO struck out. */
    private static void heatMap(Html body, SweepInput sweep) {
        List<String> names = new ArrayList<>(sweep.axes().keySet());
        double max = sweep.points().stream().mapToDouble(p -> p.throughput().median()).max().orElse(1);
        body.element("h3", "Median throughput, " + names.get(0) + " down, " + names.get(1) + " across");
        body.raw("<table class=\"heat\"><thead><tr>").element("th", names.get(0) + " \\ " + names.get(1));
        sweep.axes().get(names.get(1)).forEach(v -> body.element("th", String.valueOf(v)));
        body.raw("</tr></thead><tbody>");
        for (Object row : sweep.axes().get(names.get(0))) {
            body.raw("<tr>").element("th", String.valueOf(row));
            for (Object column : sweep.axes().get(names.get(1))) {
                SweepInput.Point point = find(sweep, Map.of(names.get(0), row, names.get(1), column));
                if (point == null) {
                    body.element("td class=\"empty\"", "not run");
                    continue;
                }
                double share = Math.max(0, point.throughput().median() / max);
                String style = point.meetsSlo() ? "background:rgba(34,139,34," + String.format(java.util.Locale.ROOT,
                        "%.2f", 0.1 + 0.8 * share) + ")" : "";
                body.raw("<td class=\"" + (point.meetsSlo() ? "ok" : "miss") + "\" style=\"" + style + "\" title=\"")
                        .text(point.label() + ": p99 " + point.p99().text("ms")).raw("\">")
                        .text(Numbers.number(point.throughput().median())).raw("</td>");
            }
            body.raw("</tr>");
        }
        body.raw("</tbody></table><p class=\"legend\">struck out: missed the SLO or did not drain</p>");
    }

    /** Whether a point counted, and if not, why. */
    static String verdict(SweepInput sweep, SweepInput.Point point) {
        if (sweep.rateCurves() && SweepInput.rateOf(point) == 0) {
            return "the unlimited run its curve starts from";
        }
        if (!point.drained()) {
            return "not eligible: a run did not drain";
        }
        if (!point.keptRate()) {
            return "no: did not keep its rate";
        }
        return point.meetsSlo() ? "yes" : "no";
    }

    private static SweepInput.Point find(SweepInput sweep, Map<String, Object> settings) {
        return sweep.points().stream().filter(p -> settings.entrySet().stream().allMatch(e -> String.valueOf(
                p.settings().get(e.getKey())).equals(String.valueOf(e.getValue())))).findFirst().orElse(null);
    }

    private static void points(Html body, SweepInput sweep) {
        body.element("h3", "Every point (median and its interval over the repetitions)");
        body.raw("<table class=\"points\"><thead><tr><th>point</th><th>runs</th><th>throughput msg/s</th>"
                + "<th>p99 ms</th><th>within SLO</th></tr></thead><tbody>");
        for (SweepInput.Point point : sweep.points()) {
            boolean recommended = point.label().equals(sweep.recommended());
            body.raw(recommended ? "<tr class=\"recommended\">" : "<tr>").element("td", point.label()
                    + (recommended ? " (recommended)" : sweep.ties().contains(point.label()) ? " (tie)" : ""));
            body.element("td", String.valueOf(point.runs()));
            body.element("td", point.throughput().text(""));
            body.element("td", point.p99().text(""));
            body.element("td", verdict(sweep, point));
            body.raw("</tr>");
        }
        body.raw("</tbody></table>");
    }
}
