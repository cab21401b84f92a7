package dev.rabbittune.report;

import java.util.List;

/** The bench runs side by side: their facts in one table, their warnings, and the charts that overlay them. */
final class BenchSection {

    private BenchSection() {
    }

    static void render(Html body, List<BenchInput> runs, Charts charts) {
        body.raw("<section id=\"bench\"><h2>Benchmark runs</h2>");
        body.raw("<table class=\"facts\"><thead><tr><th></th>");
        runs.forEach(run -> body.element("th", run.name()));
        body.raw("</tr></thead><tbody><tr><th>workload</th>");
        runs.forEach(run -> body.element("td", run.title()));
        body.raw("</tr>");
        for (int row = 0; row < runs.get(0).facts().size(); row++) {
            body.raw("<tr>").element("th", runs.get(0).facts().get(row).label());
            for (BenchInput run : runs) {
                body.element("td", run.facts().get(row).value());
            }
            body.raw("</tr>");
        }
        body.raw("</tbody></table>");
        for (BenchInput run : runs) {
            if (!run.warnings().isEmpty()) {
                body.raw("<div class=\"warnings\">").element("h4", "warnings of " + run.name()).raw("<ul>");
                run.warnings().forEach(w -> body.element("li", w));
                body.raw("</ul></div>");
            }
        }
        HtmlReport.chart(body, charts.throughputPerSecond(runs));
        HtmlReport.chart(body, charts.latencyPerSecond(runs));
        List<BenchInput> withLatency = runs.stream().filter(r -> !r.latencySpectrum().isEmpty()).toList();
        if (!withLatency.isEmpty()) {
            HtmlReport.chart(body, charts.spectrum("End-to-end latency by percentile (after the warm-up)",
                    withLatency, false));
        }
        List<BenchInput> withConfirms = runs.stream().filter(r -> !r.confirmSpectrum().isEmpty()).toList();
        if (!withConfirms.isEmpty()) {
            HtmlReport.chart(body, charts.spectrum("Confirm latency by percentile (after the warm-up)",
                    withConfirms, true));
        }
        body.raw("</section>");
    }
}
