package dev.rabbittune.doctor.internal.probe;

import dev.rabbittune.doctor.snapshot.ListenerFacts;
import dev.rabbittune.doctor.snapshot.PrometheusFacts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scrapes the node's Prometheus endpoint once, on the management API's host and the listener's port. Only what the
 * rules need is kept: whether it answers, whether it returns per-object series (aggregated is the default,
 * https://www.rabbitmq.com/docs/prometheus#metric-aggregation) and a few runtime gauges of that node.
 */
final class PrometheusProbe {

    /** Dead-lettering counters of queues without a dead-letter exchange: the messages were dropped. */
    private static final java.util.regex.Pattern DEAD_LETTERED_DROPPED = java.util.regex.Pattern.compile(
            "rabbitmq_global_messages_dead_lettered_(expired|rejected|maxlen|delivery_limit)_total\\{[^}]*"
                    + "dead_letter_strategy=\"disabled\"");

    /** Runtime gauges kept from the default /metrics (prometheus.erl's vm collectors, aggregated mode too). */
    private static final List<String> RUNTIME_GAUGES = List.of("erlang_vm_schedulers_online",
            "erlang_vm_atom_count", "erlang_vm_atom_limit");

    private PrometheusProbe() {
    }

    /** The facts of one scrape's text (the Prometheus text format). */
    static PrometheusFacts parse(String endpoint, String body) {
        int samples = 0;
        boolean perObject = false;
        Map<String, Double> gauges = new HashMap<>();
        Map<String, Long> dropped = new java.util.TreeMap<>();
        for (String line : body.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            samples++;
            // aggregated series carry no queue label; per-object ones do
            perObject |= line.startsWith("rabbitmq_queue_messages{") && line.contains("queue=\"");
            java.util.regex.Matcher deadLettered = DEAD_LETTERED_DROPPED.matcher(line);
            if (deadLettered.lookingAt()) {
                dropped.merge(deadLettered.group(1), (long) value(line), Long::sum);
            }
            for (String gauge : RUNTIME_GAUGES) {
                if (line.startsWith(gauge + " ") || line.startsWith(gauge + "{")) {
                    gauges.put(gauge, value(line));
                }
            }
        }
        Double schedulers = gauges.get("erlang_vm_schedulers_online");
        Double atoms = gauges.get("erlang_vm_atom_count");
        Double atomLimit = gauges.get("erlang_vm_atom_limit");
        return new PrometheusFacts(endpoint, samples > 0, perObject, samples,
                schedulers == null ? null : schedulers.intValue(), atoms == null ? null : atoms.longValue(),
                atomLimit == null ? null : atomLimit.longValue(), dropped);
    }

    private static double value(String line) {
        String[] parts = line.trim().split("\\s+");
        try {
            return Double.parseDouble(parts[parts.length - 1]);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Null when no node has a Prometheus listener (the plugin is off). */
    static PrometheusFacts scrape(String managementBaseUrl, List<ListenerFacts> listeners) {
        ListenerFacts listener = listeners.stream().filter(l -> "http/prometheus".equals(l.protocol())).findFirst()
                .orElse(null);
        if (listener == null) {
            return null;
        }
        URI management = URI.create(managementBaseUrl);
        String endpoint = management.getScheme() + "://" + management.getHost() + ":" + listener.port() + "/metrics";
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(HttpRequest.newBuilder(URI.create(endpoint)).timeout(Duration.ofSeconds(20)).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return new PrometheusFacts(endpoint, false, false, 0);
            }
            return parse(endpoint, response.body());
        } catch (IOException | IllegalArgumentException e) {
            return new PrometheusFacts(endpoint, false, false, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PrometheusFacts(endpoint, false, false, 0);
        }
    }
}
