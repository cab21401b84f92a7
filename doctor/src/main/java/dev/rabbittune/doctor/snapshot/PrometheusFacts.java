package dev.rabbittune.doctor.snapshot;

/**
 * What the node's Prometheus endpoint ({@code rabbitmq_prometheus}, /metrics) showed.
 *
 * @param endpoint         the URL scraped
 * @param answered         it returned metrics
 * @param perObjectMetrics the default endpoint returns per-queue/per-connection series
 *                         ({@code prometheus.return_per_object_metrics = true}), which is costly with many objects
 * @param sampleLines      metric samples in the scrape
 * @param schedulersOnline {@code erlang_vm_schedulers_online} of the scraped node, null when absent
 * @param atomCount        {@code erlang_vm_atom_count}, null when absent
 * @param atomLimit        {@code erlang_vm_atom_limit}, null when absent
 * @param deadLetteredDropped messages dead-lettered with no dead-letter exchange (so dropped) since the node
 *                         started, by reason ({@code expired}, {@code rejected}, {@code maxlen},
 *                         {@code delivery_limit}): {@code rabbitmq_global_messages_dead_lettered_REASON_total}
 *                         with {@code dead_letter_strategy="disabled"}, summed over queue types (3.10+); empty when absent
 */
public record PrometheusFacts(String endpoint, boolean answered, boolean perObjectMetrics, int sampleLines,
        Integer schedulersOnline, Long atomCount, Long atomLimit, java.util.Map<String, Long> deadLetteredDropped) {

    public PrometheusFacts {
        deadLetteredDropped = deadLetteredDropped == null ? java.util.Map.of() : java.util.Map.copyOf(deadLetteredDropped);
    }

    /** A scrape that kept no runtime gauges. */
    public PrometheusFacts(String endpoint, boolean answered, boolean perObjectMetrics, int sampleLines) {
        this(endpoint, answered, perObjectMetrics, sampleLines, null, null, null, null);
    }

    /** A scrape with runtime gauges and no dead-letter counters. */
    public PrometheusFacts(String endpoint, boolean answered, boolean perObjectMetrics, int sampleLines,
            Integer schedulersOnline, Long atomCount, Long atomLimit) {
        this(endpoint, answered, perObjectMetrics, sampleLines, schedulersOnline, atomCount, atomLimit, null);
    }
}
