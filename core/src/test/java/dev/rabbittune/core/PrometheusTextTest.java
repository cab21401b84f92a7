package dev.rabbittune.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Prometheus text format, as rabbitmq_prometheus writes it. */
class PrometheusTextTest {

    private static final String SCRAPE = """
            # TYPE rabbitmq_detailed_queue_messages gauge
            # HELP rabbitmq_detailed_queue_messages Sum of ready and unacknowledged messages - total queue depth
            rabbitmq_detailed_queue_messages{vhost="/",queue="orders"} 12
            rabbitmq_detailed_queue_messages{vhost="a \\"quoted\\" vhost",queue="back\\\\slash,and{brace}"} 3.5e3
            rabbitmq_detailed_queue_consumers{vhost="/",queue="orders"} 2 1700000000000
            rabbitmq_identity_info{rabbitmq_node="rabbit@vm",rabbitmq_cluster="c"} 1
            erlang_vm_memory_bytes_total{kind="system"} NaN
            go_gc_seconds +Inf
            tabbed_total	7	1700000000000
            this line is broken
            rabbitmq_detailed_queue_messages{vhost="/",queue="unterminated} 1
            """;

    @Test
    void readsNamesLabelsAndValuesWithTheirEscapes() {
        List<PrometheusText.Sample> samples = PrometheusText.parse(SCRAPE, n -> n.startsWith("rabbitmq_detailed_"));

        assertThat(samples).containsExactly(
                new PrometheusText.Sample("rabbitmq_detailed_queue_messages", Map.of("vhost", "/", "queue", "orders"),
                        12),
                new PrometheusText.Sample("rabbitmq_detailed_queue_messages", Map.of("vhost", "a \"quoted\" vhost",
                        "queue", "back\\slash,and{brace}"), 3500),
                new PrometheusText.Sample("rabbitmq_detailed_queue_consumers", Map.of("vhost", "/", "queue",
                        "orders"), 2));
        assertThat(samples.get(0).label("queue")).isEqualTo("orders");
        assertThat(samples.get(0).label("node")).isEmpty();
    }

    @Test
    void specialValuesAndBrokenLinesDoNotLoseTheRest() {
        List<PrometheusText.Sample> all = PrometheusText.parse(SCRAPE, n -> true);

        assertThat(all).extracting(PrometheusText.Sample::name).containsExactly("rabbitmq_detailed_queue_messages",
                "rabbitmq_detailed_queue_messages", "rabbitmq_detailed_queue_consumers", "rabbitmq_identity_info",
                "erlang_vm_memory_bytes_total", "go_gc_seconds", "tabbed_total");
        assertThat(all.get(6).value()).isEqualTo(7);
        assertThat(all.get(4).value()).isNaN();
        assertThat(all.get(5).value()).isInfinite();
        assertThat(PrometheusText.parse("", n -> true)).isEmpty();
    }
}
