package dev.rabbittune.doctor.internal.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rabbittune.doctor.snapshot.PrometheusFacts;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The facts the doctor keeps from one scrape of the broker's Prometheus endpoint (no broker: recorded text). */
class PrometheusProbeTest {

    /** Lines as rabbitmq_prometheus 3.10 writes them (aggregated, then a per-object queue series). */
    private static final String SCRAPE = """
            # TYPE erlang_vm_schedulers_online gauge
            erlang_vm_schedulers_online 2
            erlang_vm_atom_count 48213
            erlang_vm_atom_limit 5000000
            rabbitmq_global_messages_dead_lettered_expired_total{queue_type="rabbit_classic_queue",dead_letter_strategy="disabled"} 7
            rabbitmq_global_messages_dead_lettered_expired_total{queue_type="rabbit_quorum_queue",dead_letter_strategy="disabled"} 3
            rabbitmq_global_messages_dead_lettered_maxlen_total{queue_type="rabbit_classic_queue",dead_letter_strategy="at_most_once"} 11
            rabbitmq_global_messages_dead_lettered_rejected_total{queue_type="rabbit_quorum_queue",dead_letter_strategy="disabled"} 0
            rabbitmq_queue_messages 12
            """;

    @Test
    void aggregatedScrapeGivesTheRuntimeGaugesAndTheDroppedDeadLetters() {
        PrometheusFacts facts = PrometheusProbe.parse("http://localhost:15692/metrics", SCRAPE);

        assertThat(facts.answered()).isTrue();
        assertThat(facts.perObjectMetrics()).isFalse();
        assertThat(facts.sampleLines()).isEqualTo(8);
        assertThat(facts.schedulersOnline()).isEqualTo(2);
        assertThat(facts.atomCount()).isEqualTo(48213);
        assertThat(facts.atomLimit()).isEqualTo(5_000_000);
        // only the queues without a dead-letter strategy dropped them; at_most_once ones were dead-lettered
        assertThat(facts.deadLetteredDropped()).isEqualTo(Map.of("expired", 10L, "rejected", 0L));
    }

    @Test
    void aQueueLabelMeansPerObjectSeriesAndAnEmptyBodyMeansNoAnswer() {
        String perObject = SCRAPE + "rabbitmq_queue_messages{vhost=\"/\",queue=\"orders\"} 4\n";

        assertThat(PrometheusProbe.parse("e", perObject).perObjectMetrics()).isTrue();
        assertThat(PrometheusProbe.parse("e", "# nothing\n").answered()).isFalse();
    }
}
