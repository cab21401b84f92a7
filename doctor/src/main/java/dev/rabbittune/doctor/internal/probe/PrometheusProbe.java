package dev.rabbittune.doctor.internal.probe;

import dev.rabbittune.core.PrometheusText;
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

    /** Dead-lettering counters of queues without a dead-letter exchange (the messages were dropped), by reason. */
    private static final java.util.regex.Pattern DEAD_LETTERED = java.util.regex.Pattern.compile(
            "rabbitmq_global_messages_dead_lettered_(expired|rejected|maxlen|delivery_limit)_total");

    /** Runtime gauges kept from the default /metrics (prometheus.erl's vm collectors, aggregated mode too). */
    private static final List<String> RUNTIME_GAUGES = List.of("erlang_vm_schedulers_online",
            "erlang_vm_atom_count", "erlang_vm_atom_limit");

    private PrometheusProbe() {
    }

    /** The facts of one scrape's text (the Prometheus text format, read by core's one parser of it). */
    static PrometheusFacts parse(String endpoint, String body) {
        List<PrometheusText.Sample> samples = PrometheusText.parse(body, name -> true);
        boolean perObject = false;
        Map<String, Double> gauges = new HashMap<>();
        Map<String, Long> dropped = new java.util.TreeMap<>();
        for (PrometheusText.Sample sample : samples) {
            // aggregated series carry no queue label; per-object ones do
            perObject |= sample.name().equals("rabbitmq_queue_messages") && !sample.label("queue").isEmpty();
            java.util.regex.Matcher deadLettered = DEAD_LETTERED.matcher(sample.name());
            if (deadLettered.matches() && sample.label("dead_letter_strategy").equals("disabled")) {
                dropped.merge(deadLettered.group(1), (long) sample.value(), Long::sum);
            }
            if (RUNTIME_GAUGES.contains(sample.name())) {
                gauges.put(sample.name(), sample.value());
            }
        }
        Double schedulers = gauges.get("erlang_vm_schedulers_online");
        Double atoms = gauges.get("erlang_vm_atom_count");
        Double atomLimit = gauges.get("erlang_vm_atom_limit");
        return new PrometheusFacts(endpoint, !samples.isEmpty(), perObject, samples.size(),
                schedulers == null ? null : schedulers.intValue(), atoms == null ? null : atoms.longValue(),
                atomLimit == null ? null : atomLimit.longValue(), dropped);
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
