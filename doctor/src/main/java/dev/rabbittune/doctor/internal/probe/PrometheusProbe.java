package dev.rabbittune.doctor.internal.probe;

import dev.rabbittune.doctor.snapshot.ListenerFacts;
import dev.rabbittune.doctor.snapshot.PrometheusFacts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Scrapes the node's Prometheus endpoint once, on the management API's host and the listener's port. Only what the
 * rules need is kept: whether it answers and whether it returns per-object series (aggregated is the default,
 * https://www.rabbitmq.com/docs/prometheus#metric-aggregation).
 */
final class PrometheusProbe {

    private PrometheusProbe() {
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
            int samples = 0;
            boolean perObject = false;
            for (String line : response.body().split("\n")) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                samples++;
                // aggregated series carry no queue label; per-object ones do
                perObject |= line.startsWith("rabbitmq_queue_messages{") && line.contains("queue=\"");
            }
            return new PrometheusFacts(endpoint, samples > 0, perObject, samples);
        } catch (IOException | IllegalArgumentException e) {
            return new PrometheusFacts(endpoint, false, false, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PrometheusFacts(endpoint, false, false, 0);
        }
    }
}
