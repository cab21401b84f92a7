package dev.rabbittune.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code rabbittune bench --json} result: its figures, its per-second series and the percentile spectrum of the
 * latencies after the warm-up, merged from the per-second histograms it embeds.
 *
 * @param name             the file's name
 * @param title            the workload in a few words
 * @param facts            the summary, in the order every bench input shares (so runs line up side by side)
 * @param warnings         the run's own warnings and failure, verbatim
 * @param seconds          each per-second sample's end, seconds since the start
 * @param phases           each sample's phase: warmup, run or drain
 * @param sentRate         msg/s per sample
 * @param confirmedRate    msg/s per sample
 * @param receivedRate     msg/s per sample
 * @param p50Millis        end-to-end latency per sample, null where the sample received nothing
 * @param p99Millis        as above
 * @param maxMillis        as above
 * @param latencySpectrum  percentile, milliseconds: the end-to-end latency after the warm-up
 * @param confirmSpectrum  the same for confirm latency; empty without confirms
 */
record BenchInput(String name, String title, List<Fact> facts, List<String> warnings, List<Double> seconds,
        List<String> phases, List<Double> sentRate, List<Double> confirmedRate, List<Double> receivedRate,
        List<Double> p50Millis, List<Double> p99Millis, List<Double> maxMillis, List<double[]> latencySpectrum,
        List<double[]> confirmSpectrum) implements ReportInput {

    static BenchInput of(String name, JsonNode result) {
        for (String field : List.of("workload", "counts", "rates", "latency")) {
            if (!result.path(field).isObject()) {
                throw new IllegalArgumentException("a bench result needs its " + field + " object");
            }
        }
        if (!result.path("samples").isArray()) {
            throw new IllegalArgumentException("a bench result needs its per-second samples as an array");
        }
        List<Double> seconds = new ArrayList<>();
        List<String> phases = new ArrayList<>();
        List<Double> sent = new ArrayList<>();
        List<Double> confirmed = new ArrayList<>();
        List<Double> received = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> max = new ArrayList<>();
        Spectrum latency = new Spectrum();
        Spectrum confirm = new Spectrum();
        for (JsonNode sample : result.path("samples")) {
            if (!sample.path("elapsedSeconds").isNumber()) {
                throw new IllegalArgumentException("a per-second sample without a numeric elapsedSeconds");
            }
            seconds.add(sample.path("elapsedSeconds").asDouble());
            String phase = sample.path("phase").asText("run");
            phases.add(phase);
            sent.add(sample.path("sentRate").asDouble());
            confirmed.add(sample.path("confirmedRate").asDouble());
            received.add(sample.path("receivedRate").asDouble());
            JsonNode interval = sample.path("latency");
            boolean any = interval.path("count").asLong() > 0;
            p50.add(any ? interval.path("p50Ms").asDouble() : null);
            p99.add(any ? interval.path("p99Ms").asDouble() : null);
            max.add(any ? interval.path("maxMs").asDouble() : null);
            if (!phase.equals("warmup")) {
                latency.add(sample.path("latencyHistogram").asText(null));
                confirm.add(sample.path("confirmHistogram").asText(null));
            }
        }
        return new BenchInput(name, title(result.path("workload")), facts(result), warnings(result), seconds, phases,
                sent, confirmed, received, p50, p99, max, latency.points(), confirm.points());
    }

    @Override
    public String describe() {
        return "bench: " + name + " (" + title + ", " + seconds.size() + " per-second samples)";
    }

    /** {@code 1p/1c classic, 100 B, confirm 128, prefetch 200}. */
    static String title(JsonNode workload) {
        StringBuilder title = new StringBuilder();
        title.append(workload.path("producers").asInt()).append("p/").append(workload.path("consumers").asInt())
                .append("c ").append(workload.path("queueType").asText("classic").toLowerCase(java.util.Locale.ROOT));
        JsonNode sizes = workload.path("sizes").path("sizesBytes");
        if (sizes.size() == 1) {
            title.append(", ").append(sizes.get(0).asInt()).append(" B");
        } else if (sizes.size() > 1) {
            title.append(", ").append(sizes.size()).append(" sizes");
        }
        int window = workload.path("publish").path("confirmWindow").asInt();
        title.append(window > 0 ? ", confirm " + window : ", no confirms");
        int prefetch = workload.path("consume").path("prefetch").asInt();
        title.append(prefetch > 0 ? ", prefetch " + prefetch : ", no prefetch limit");
        if (workload.path("persistent").asBoolean()) {
            title.append(", persistent");
        }
        double rate = workload.path("ratePerProducer").asDouble();
        if (rate > 0) {
            title.append(", ").append(Numbers.number(rate)).append(" msg/s per producer");
        }
        String label = workload.path("label").asText("");
        return label.isEmpty() || label.equals("custom") ? title.toString() : label + ": " + title;
    }

    private static List<Fact> facts(JsonNode result) {
        JsonNode counts = result.path("counts");
        JsonNode rates = result.path("rates");
        JsonNode latency = result.path("latency");
        JsonNode broker = result.path("broker");
        List<Fact> facts = new ArrayList<>();
        int nodes = broker.path("nodes").asInt(-1);
        facts.add(new Fact("broker", broker.path("product").asText("RabbitMQ") + " " + broker.path("version")
                .asText("?") + ", " + (nodes < 0 ? "nodes unknown" : nodes + " node(s)") + ", "
                + broker.path("uri").asText("")));
        facts.add(new Fact("started", result.path("startedAt").asText("")));
        facts.add(new Fact("published for", Numbers.number(result.path("publishSeconds").asDouble()) + " s (warm-up "
                + Numbers.number(result.path("warmupSeconds").asDouble()) + " s left out)"));
        facts.add(new Fact("sent / confirmed / received", Numbers.count(counts.path("sent").asLong()) + " / "
                + Numbers.count(counts.path("confirmed").asLong()) + " / "
                + Numbers.count(counts.path("received").asLong())));
        facts.add(new Fact("missed / undelivered / lost", Numbers.count(counts.path("missed").asLong()) + " / "
                + known(counts.path("undelivered").asLong()) + " / " + known(counts.path("lost").asLong())));
        facts.add(new Fact("drained", result.path("drained").asBoolean() ? "yes" : "no"));
        facts.add(new Fact("sent rate", Numbers.number(rates.path("sent").asDouble()) + " msg/s"));
        facts.add(new Fact("received rate", Numbers.number(rates.path("received").asDouble()) + " msg/s"));
        facts.add(new Fact("latency p50 / p99 / p99.9 / max", latency.path("count").asLong() == 0 ? "-"
                : Numbers.number(latency.path("p50Ms").asDouble()) + " / "
                + Numbers.number(latency.path("p99Ms").asDouble()) + " / "
                + Numbers.number(latency.path("p999Ms").asDouble()) + " / "
                + Numbers.millis(latency.path("maxMs").asDouble())));
        JsonNode confirm = result.path("confirmLatency");
        facts.add(new Fact("confirm p50 / p99 / max", confirm.path("count").asLong() == 0 ? "-"
                : Numbers.number(confirm.path("p50Ms").asDouble()) + " / "
                + Numbers.number(confirm.path("p99Ms").asDouble()) + " / "
                + Numbers.millis(confirm.path("maxMs").asDouble())));
        facts.add(new Fact("latency measured from", result.path("latencyFrom").asText("")));
        facts.add(new Fact("client CPU", Numbers.number(result.path("clientCpuSeconds").asDouble())
                + " s; machine " + Numbers.number(result.path("machineCpuPercent").asDouble()) + "% busy"));
        facts.add(new Fact("outages", outages(result.path("outages"))));
        return facts;
    }

    private static String known(long value) {
        return value < 0 ? "not known" : Numbers.count(value);
    }

    private static String outages(JsonNode outages) {
        if (outages.isEmpty()) {
            return "none";
        }
        List<String> each = new ArrayList<>();
        for (JsonNode outage : outages) {
            each.add(outage.path("connection").asText() + " down at " + Numbers.number(outage.path("startedAtSeconds")
                    .asDouble()) + " s for " + Numbers.number(outage.path("durationSeconds").asDouble()) + " s"
                    + (outage.path("recovered").asBoolean() ? "" : " (not recovered)"));
        }
        return String.join("; ", each);
    }

    private static List<String> warnings(JsonNode result) {
        List<String> warnings = new ArrayList<>();
        result.path("warnings").forEach(w -> warnings.add(w.asText()));
        JsonNode failure = result.path("failure");
        if (failure.isObject()) {
            warnings.add("failed (exit " + failure.path("exitCode").asInt() + "): " + failure.path("message").asText());
        }
        if (result.path("interrupted").asBoolean()) {
            warnings.add("interrupted before the end: the figures cover the time it ran");
        }
        return warnings;
    }
}
