package dev.rabbittune.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import dev.rabbittune.core.BadInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing and checking of the workload features that came with PerfTest's options, without a broker. */
class PerfTestFeaturesTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void variableValuesCycleThroughTheirStepsLikePerfTest() {
        VariableValues rate = VariableValues.parse("variable-rate", List.of("100:60", "1000:10", "500:15"), 0);
        assertThat(rate.cycleSeconds()).isEqualTo(85);
        assertThat(rate.valueAt(0)).isEqualTo(100);
        assertThat(rate.valueAt(59 * SECOND)).isEqualTo(100);
        assertThat(rate.valueAt(60 * SECOND)).isEqualTo(1000);
        assertThat(rate.valueAt(75 * SECOND)).isEqualTo(500);
        assertThat(rate.valueAt(85 * SECOND)).isEqualTo(100);
        assertThat(rate.max()).isEqualTo(1000);
    }

    @Test
    void malformedVariableValuesSayTheExpectedSyntax() {
        assertThatThrownBy(() -> VariableValues.parse("variable-size", List.of("100"), 1))
                .isInstanceOf(BadInputException.class).hasMessageContaining("variable-size '100'");
        assertThatThrownBy(() -> VariableValues.parse("variable-size", List.of("0:10"), 1))
                .isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> VariableValues.parse("variable-rate", List.of("10:0"), 0))
                .isInstanceOf(BadInputException.class);
    }

    @Test
    void publishingIntervalIsARateOfOneOverTheInterval() {
        Workload w = TestRuns.workload("publishing-interval: 0.5\nduration: 1\n");
        assertThat(w.ratePerProducer()).isEqualTo(2.0);
        assertThatThrownBy(() -> TestRuns.workload("publishing-interval: 0.05\n"))
                .hasMessageContaining(">= 0.1 s");
        assertThatThrownBy(() -> TestRuns.workload("publishing-interval: 1\nrate: 5\n"))
                .hasMessageContaining("not both");
    }

    @Test
    void millisStampsAreReadByAnotherRunsConsumer() {
        long origin = System.nanoTime();
        Stamps producer = new Stamps(origin, 1, true, false);
        Stamps otherProcess = new Stamps(origin + 12345, 2, false, false);
        byte[] body = new byte[Workload.STAMP_BYTES];
        long sent = System.nanoTime() - 5_000_000L;
        producer.stampBody(body, sent);
        long latency = otherProcess.latencyNanos(null, body, System.nanoTime());
        assertThat(latency).isBetween(3_000_000L, 1_000_000_000L);
        // a nanoTime stamp of another run carries no latency
        Stamps nanos = new Stamps(origin, 3, false, false);
        nanos.stampBody(body, System.nanoTime());
        assertThat(otherProcess.latencyNanos(null, body, System.nanoTime())).isEqualTo(-1);
    }

    @Test
    void userBodiesCarryTheStampInPerfTestsTimestampHeader() {
        long origin = System.nanoTime();
        Stamps stamps = new Stamps(origin, 7, false, true);
        Map<String, Object> headers = stamps.stampHeaders(Map.of("h", "v"), origin + 1000);
        assertThat(headers).containsEntry("timestamp", 1000L).containsEntry("h", "v");
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().headers(headers).build();
        assertThat(stamps.latencyNanos(properties, "{}".getBytes(), origin + 6000)).isEqualTo(5000);
    }

    @Test
    void messagePropertiesSetAmqpPropertiesAndTheRestBecomeHeaders() {
        AMQP.BasicProperties p = MessageProperties.apply(new AMQP.BasicProperties.Builder(),
                Map.of("priority", 5, "appId", "app", "timestamp", "2007-12-03T10:15:30+01:00", "region", "eu"))
                .build();
        assertThat(p.getPriority()).isEqualTo(5);
        assertThat(p.getAppId()).isEqualTo("app");
        assertThat(p.getTimestamp()).isNotNull();
        assertThat(p.getHeaders()).containsEntry("region", "eu");
        assertThatThrownBy(() -> MessageProperties.check(Map.of("priority", "high")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("priority=high");
    }

    @Test
    void randomJsonBodiesAreAboutTheGivenSize() {
        List<byte[]> bodies = BodySource.randomJson(5, 50, 1000, 1);
        assertThat(bodies).hasSize(5).allSatisfy(b -> assertThat(b.length).isBetween(1000, 1100));
        assertThat(new String(bodies.get(0))).startsWith("{\"").endsWith("\"}");
    }

    @Test
    void consumersEndTheRunWhenGivenACountOrAnExitCondition() {
        Workload w = TestRuns.workload("producers: 0\ncmessages: 10\n");
        assertThat(w.durationSeconds()).isZero();
        assertThat(w.consume().messageLimit()).isEqualTo(10);
        assertThat(TestRuns.workload("exit-when: idle\n").control().exitWhen())
                .isEqualTo(RunControl.ExitWhen.IDLE);
        assertThatThrownBy(() -> TestRuns.workload("exit-when: never-ever\n"))
                .hasMessageContaining("invalid exit-when");
    }
}
