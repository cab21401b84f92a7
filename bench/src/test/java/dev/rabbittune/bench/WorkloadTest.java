package dev.rabbittune.bench;

import dev.rabbittune.client.topology.QueueType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rabbittune.core.BadInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadTest {

    private static WorkloadSpec yaml(String text) throws IOException {
        return Workloads.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    @Test
    void emptySpecResolvesToOneProducerOneConsumerTenSeconds() {
        Workload w = Workload.resolve(List.of(WorkloadSpec.empty()));
        assertThat(w.producers()).isEqualTo(1);
        assertThat(w.consumers()).isEqualTo(1);
        assertThat(w.queueCount()).isEqualTo(1);
        assertThat(w.durationSeconds()).isEqualTo(10);
        assertThat(w.sizes()).isEqualTo(SizeMix.fixed(12));
        assertThat(w.queueType()).isEqualTo(QueueType.CLASSIC);
        assertThat(w.exchangeType()).isEqualTo(Workload.ExchangeType.DIRECT);
        assertThat(w.consume().multiAckEvery()).isEqualTo(1);
    }

    @Test
    void laterLayersOverrideEarlierOnesOnlyWhereTheySaySomething() throws IOException {
        WorkloadSpec preset = Workloads.preset("order-processing");
        WorkloadSpec file = yaml("producers: 7\nsize: 100\n");
        WorkloadSpec cli = yaml("size: 300\n");
        Workload w = Workload.resolve(List.of(preset, file, cli));
        assertThat(w.producers()).isEqualTo(7);
        assertThat(w.sizes().sizesBytes()).containsExactly(300);
        assertThat(w.queueType()).isEqualTo(QueueType.QUORUM);
        assertThat(w.publish().confirmWindow()).isEqualTo(64);
        assertThat(w.persistent()).isTrue();
    }

    @Test
    void messageCountWithoutDurationRunsUntilTheCountIsSent() throws IOException {
        Workload w = Workload.resolve(List.of(yaml("messages: 500\n")));
        assertThat(w.durationSeconds()).isZero();
        assertThat(w.boundedByCount()).isTrue();
    }

    @Test
    void everyPresetResolves() {
        for (String name : Workloads.PRESETS) {
            Workload w = Workload.resolve(List.of(Workloads.preset(name)));
            assertThat(w.label()).isEqualTo(name);
        }
    }

    @Test
    void queuePatternExpandsToNames() throws IOException {
        Workload w = Workload.resolve(List.of(yaml(
                "queue-pattern: 'orders-%d'\nqueue-pattern-from: 3\nqueue-pattern-to: 5\n")));
        assertThat(w.queueNames()).containsExactly("orders-3", "orders-4", "orders-5");
        assertThat(w.queueCount()).isEqualTo(3);
    }

    @Test
    void streamQueuesNeedAPrefetchAndManualAcks() throws IOException {
        assertThatThrownBy(() -> Workload.resolve(List.of(yaml("queue-type: stream\n"))))
                .isInstanceOf(BadInputException.class).hasMessageContaining("prefetch");
        assertThat(Workload.resolve(List.of(yaml("queue-type: stream\nprefetch: 100\n"))).queueType())
                .isEqualTo(QueueType.STREAM);
    }

    @Test
    void quorumQueuesCannotBeExclusive() throws IOException {
        assertThatThrownBy(() -> Workload.resolve(List.of(yaml("queue-type: quorum\nexclusive: true\n"))))
                .isInstanceOf(BadInputException.class).hasMessageContaining("cannot be exclusive");
    }

    @Test
    void confirmsAndTransactionsAreExclusive() throws IOException {
        assertThatThrownBy(() -> Workload.resolve(List.of(yaml("confirm: 10\nproducer-tx-size: 10\n"))))
                .isInstanceOf(BadInputException.class).hasMessageContaining("cannot be combined");
    }

    @Test
    void unknownEnumValueListsTheAllowedOnes() throws IOException {
        assertThatThrownBy(() -> Workload.resolve(List.of(yaml("queue-type: lazy\n"))))
                .isInstanceOf(BadInputException.class).hasMessageContaining("invalid queue-type 'lazy'")
                .extracting(e -> ((BadInputException) e).hint()).asString().contains("classic, quorum, stream");
    }

    @Test
    void fixedRateNeedsARate() throws IOException {
        assertThatThrownBy(() -> Workload.resolve(List.of(yaml("fixed-rate: true\n"))))
                .isInstanceOf(BadInputException.class).hasMessageContaining("needs a rate");
    }

    @Test
    void multiAckBeyondPrefetchWouldStallAndIsRejected() throws IOException {
        assertThatThrownBy(() -> Workload.resolve(List.of(yaml("prefetch: 10\nmulti-ack-every: 50\n"))))
                .isInstanceOf(BadInputException.class).hasMessageContaining("stall");
    }

    @Test
    void unknownKeyInAWorkloadFileNamesTheKeyAndLine() {
        assertThatThrownBy(() -> yaml("producers: 2\nprefetchh: 10\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("test.yaml line 2")
                .hasMessageContaining("unknown key 'prefetchh'");
    }

    @Test
    void wrongTypeInAWorkloadFileNamesTheLine() {
        assertThatThrownBy(() -> yaml("producers: many\n"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("test.yaml line 1");
    }

    @Test
    void brokenYamlNamesTheLine() {
        assertThatThrownBy(() -> yaml("producers: 2\n  consumers: [1\n"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("test.yaml line");
    }

    @Test
    void queueArgumentsComeThroughTyped() throws IOException {
        Workload w = Workload.resolve(List.of(yaml("queue-args:\n  x-max-length: 1000\n  x-overflow: reject-publish\n")));
        assertThat(w.queueArgs()).containsEntry("x-max-length", 1000).containsEntry("x-overflow", "reject-publish");
    }

    @Test
    void consumerStartOptionsAreCheckedAndAnRpcRunCannotDelayItsConsumers() throws IOException {
        Workload w = Workload.resolve(List.of(yaml("consumer-start-delay: 5\nslow-start: true\n")));
        assertThat(w.consume().startDelaySeconds()).isEqualTo(5);
        assertThat(w.consume().slowStart()).isTrue();
        assertThatThrownBy(() -> Workload.resolve(List.of(yaml("consumer-start-delay: -1\n"))))
                .isInstanceOf(BadInputException.class).hasMessageContaining("consumer-start-delay");
        assertThatThrownBy(() -> Workload.resolve(List.of(yaml("rpc: true\nconsumer-start-delay: 2\n"))))
                .isInstanceOf(BadInputException.class).hasMessageContaining("rpc");
    }
}
