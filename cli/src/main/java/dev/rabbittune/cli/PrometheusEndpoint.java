package dev.rabbittune.cli;

import com.sun.net.httpserver.HttpServer;
import dev.rabbittune.bench.BrokerInfo;
import dev.rabbittune.bench.Percentiles;
import dev.rabbittune.bench.RunListener;
import dev.rabbittune.bench.Sample;
import dev.rabbittune.bench.Workload;
import dev.rabbittune.core.BadInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * PerfTest's {@code --metrics-prometheus}, the rabbittune way: the run's counts since the start, the last sample's
 * rates and its latency percentiles, served in the Prometheus text format on PerfTest's default port 8080 and path
 * /metrics (PerfTest's docs, monitoring.adoc) with the JDK's HTTP server. Metric names start with PerfTest's prefix
 * ({@code perftest_}) but are rabbittune's figures, not PerfTest's meters. Passes every event on to the listener it
 * wraps.
 */
final class PrometheusEndpoint implements RunListener, AutoCloseable {

    private volatile RunListener next;
    private final String prefix;
    private final String labels;
    private final HttpServer server;
    private long sent;
    private long confirmed;
    private long nacked;
    private long returned;
    private long received;
    private volatile String text = "";

    PrometheusEndpoint(RunListener next, int port, String path, String prefix, Map<String, String> tags) {
        this.next = next;
        this.prefix = prefix;
        this.labels = tags == null || tags.isEmpty() ? "" : tags.entrySet().stream()
                .map(e -> e.getKey() + "=\"" + e.getValue().replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(","));
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            throw new BadInputException("cannot serve metrics on port " + port + ": " + e.getMessage(),
                    "choose another with --metrics-prometheus-port", e);
        }
        server.createContext(path, exchange -> {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** This endpoint, passing events on to {@code listener} from now on. */
    PrometheusEndpoint wrapping(RunListener listener) {
        this.next = listener;
        return this;
    }

    @Override
    public void started(Workload workload, BrokerInfo broker, String exchange, List<String> queues) {
        next.started(workload, broker, exchange, queues);
    }

    @Override
    public synchronized void sample(Sample s, double progress) {
        sent += s.sent();
        confirmed += s.confirmed();
        nacked += s.nacked();
        returned += s.returned();
        received += s.received();
        StringBuilder out = new StringBuilder();
        counter(out, "published", "messages published", sent);
        counter(out, "confirmed", "messages confirmed by the broker", confirmed);
        counter(out, "nacked", "messages nacked by the broker", nacked);
        counter(out, "returned", "mandatory messages returned unroutable", returned);
        counter(out, "consumed", "messages consumed", received);
        gauge(out, "published_rate", "msg/s published in the last interval", "", s.sentRate());
        gauge(out, "confirmed_rate", "msg/s confirmed in the last interval", "", s.confirmedRate());
        gauge(out, "consumed_rate", "msg/s consumed in the last interval", "", s.receivedRate());
        quantiles(out, "latency_seconds", "end-to-end latency in the last interval", s.latency());
        quantiles(out, "confirm_latency_seconds", "confirm latency in the last interval", s.confirmLatency());
        text = out.toString();
        next.sample(s, progress);
    }

    @Override
    public void warning(String message) {
        next.warning(message);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void counter(StringBuilder out, String name, String help, long value) {
        String metric = prefix + name + "_total";
        out.append("# HELP ").append(metric).append(' ').append(help).append('\n')
                .append("# TYPE ").append(metric).append(" counter\n")
                .append(metric).append(braces("")).append(' ').append(value).append('\n');
    }

    private void gauge(StringBuilder out, String name, String help, String extraLabels, double value) {
        String metric = prefix + name;
        if (extraLabels.isEmpty()) {
            out.append("# HELP ").append(metric).append(' ').append(help).append('\n')
                    .append("# TYPE ").append(metric).append(" gauge\n");
        }
        out.append(metric).append(braces(extraLabels)).append(' ')
                .append(String.format(Locale.ROOT, "%.6f", value)).append('\n');
    }

    private void quantiles(StringBuilder out, String name, String help, Percentiles p) {
        String metric = prefix + name;
        out.append("# HELP ").append(metric).append(' ').append(help).append('\n')
                .append("# TYPE ").append(metric).append(" gauge\n");
        double[][] values = {{0.5, p.p50Ms()}, {0.75, p.p75Ms()}, {0.95, p.p95Ms()}, {0.99, p.p99Ms()},
            {0.999, p.p999Ms()}, {1.0, p.maxMs()}};
        for (double[] value : values) {
            gauge(out, name, help, "quantile=\"" + value[0] + "\"", value[1] / 1000);
        }
    }

    private String braces(String extra) {
        String all = labels.isEmpty() ? extra : extra.isEmpty() ? labels : labels + "," + extra;
        return all.isEmpty() ? "" : "{" + all + "}";
    }
}
