package dev.rabbittune.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rabbittune.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The report as one HTML document: text and tables rendered here, charts drawn in the browser by uPlot from the
 * figures embedded as JSON. Script and styles are inlined, so the file opens with no network.
 */
final class HtmlReport {

    /** uPlot as its WebJar ships it (org.webjars.npm:uplot, MIT licence). */
    private static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/dist/";

    private HtmlReport() {
    }

    static String render(List<ReportInput> inputs) {
        Charts charts = new Charts();
        Html body = new Html();
        header(body, inputs);
        List<BenchInput> runs = inputs.stream().filter(BenchInput.class::isInstance).map(BenchInput.class::cast)
                .toList();
        if (!runs.isEmpty()) {
            BenchSection.render(body, runs, charts);
        }
        for (ReportInput input : inputs) {
            if (input instanceof SweepInput sweep) {
                SweepSection.render(body, sweep, charts);
            } else if (input instanceof FindingsInput findings) {
                FindingsSection.render(body, findings);
            }
        }
        ObjectNode data = Json.mapper().createObjectNode();
        data.set("charts", charts.specs());
        return page(body.toString(), json(data));
    }

    private static void header(Html body, List<ReportInput> inputs) {
        body.raw("<header><h1>rabbittune report</h1><p class=\"meta\">").text("generated " + Instant.now()
                + " from " + inputs.size() + " file(s)").raw("</p><ul class=\"inputs\">");
        for (ReportInput input : inputs) {
            body.element("li", input.describe());
        }
        body.raw("</ul></header>");
    }

    private static String page(String body, String data) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>rabbittune report</title>\n<style>\n" + resource(UPLOT + "uPlot.min.css") + "\n"
                + resource("report.css") + "\n</style></head>\n<body>\n" + body
                + "\n<script type=\"application/json\" id=\"rabbittune-data\">" + data + "</script>\n<script>\n"
                + resource(UPLOT + "uPlot.iife.min.js") + "\n</script>\n<script>\n" + resource("report.js")
                + "\n</script>\n</body></html>\n";
    }

    /**
     * JSON that can neither end nor comment out the script element it sits in: {@code <}, {@code >} and {@code &}
     * (and the two line separators JavaScript once rejected) as Unicode escapes, which JSON.parse reads back as the
     * same characters.
     */
    static String json(ObjectNode data) {
        try {
            return Json.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(data).replace("<", "\\u003c").replace(">", "\\u003e")
                    .replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the rabbittune build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A chart's place in the page; the script fills it. */
    static void chart(Html body, String id) {
        body.raw("<div class=\"chart\" id=\"" + id + "\"></div>");
    }

    static void codeBlocks(Html body, Map<String, String> code) {
        code.forEach((flavour, text) -> {
            body.element("h4", flavour);
            body.element("pre", text);
        });
    }
}
