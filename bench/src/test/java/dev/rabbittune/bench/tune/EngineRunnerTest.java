package dev.rabbittune.bench.tune;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rabbittune.bench.IoMode;
import dev.rabbittune.bench.Workload;
import dev.rabbittune.bench.WorkloadSpec;
import dev.rabbittune.client.ConnectionSettings;
import dev.rabbittune.client.topology.QueueType;
import dev.rabbittune.core.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every axis reaches the workload a point runs (resolved only: no broker). */
class EngineRunnerTest {

    private static EngineRunner runner(Map<String, Object> base) {
        return new EngineRunner(List.of(Json.mapper().convertValue(base, WorkloadSpec.class)),
                ConnectionSettings.localhost(), IoMode.AUTO, 10, 2);
    }

    @Test
    void everyAxisSetsItsKnob() {
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("prefetch", 77);
        point.put("confirm", 33);
        point.put("multi-ack", 5);
        point.put("producers", 3);
        point.put("consumers", 4);
        point.put("channels-per-connection", 7);
        point.put("size", 321);
        point.put("persistent", true);
        point.put("queue-type", "quorum");
        assertThat(Axis.KNOBS.keySet()).as("a knob this test does not set").isEqualTo(point.keySet());

        Workload w = runner(Map.of()).workload(point);

        assertThat(w.consume().prefetch()).isEqualTo(77);
        assertThat(w.publish().confirmWindow()).isEqualTo(33);
        assertThat(w.consume().multiAckEvery()).isEqualTo(5);
        assertThat(w.producers()).isEqualTo(3);
        assertThat(w.consumers()).isEqualTo(4);
        assertThat(w.channelsPerConnection()).isEqualTo(7);
        assertThat(w.sizes().sizesBytes()).containsExactly(321);
        assertThat(w.persistent()).isTrue();
        assertThat(w.queueType()).isEqualTo(QueueType.QUORUM);
        assertThat(w.durationSeconds()).isEqualTo(10);
        assertThat(w.warmupSeconds()).isEqualTo(2);
    }

    @Test
    void aRateCurveStepSharesItsTotalRateOverTheProducersOnAFixedSchedule() {
        Workload step = runner(Map.of("producers", 4)).workload(Map.of(Axis.RATE, 10_000));
        Workload probe = runner(Map.of("producers", 4, "rate", 500)).workload(Map.of(Axis.RATE, 0));

        assertThat(step.ratePerProducer()).isEqualTo(2_500);
        assertThat(step.fixedRate()).isTrue();
        assertThat(probe.ratePerProducer()).as("the probe publishes as fast as it can").isZero();
        assertThat(probe.fixedRate()).isFalse();
    }
}
