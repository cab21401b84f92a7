package dev.rabbittune.doctor.snapshot;

/**
 * What the node's Prometheus endpoint ({@code rabbitmq_prometheus}, /metrics) showed.
 *
 * @param endpoint         the URL scraped
 * @param answered         it returned metrics
 * @param perObjectMetrics the default endpoint returns per-queue/per-connection series
 *                         ({@code prometheus.return_per_object_metrics = true}), which is costly with many objects
 * @param sampleLines      metric samples in the scrape
 */
public record PrometheusFacts(String endpoint, boolean answered, boolean perObjectMetrics, int sampleLines) {
}
