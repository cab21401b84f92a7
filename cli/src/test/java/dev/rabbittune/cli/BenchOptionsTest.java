package dev.rabbittune.cli;

import dev.rabbittune.client.topology.QueueType;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rabbittune.bench.Workload;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Option parsing, without a broker: PerfTest's short flags mean the same as the long names. */
class BenchOptionsTest {

    private static Workload parse(String... args) {
        BenchCommand command = new BenchCommand();
        new CommandLine(command).parseArgs(args);
        return command.resolve();
    }

    @Test
    void perfTestShortFlagsEqualTheLongOptions() {
        Workload shortForm = parse("-x", "2", "-y", "3", "-s", "100", "-r", "50", "-z", "7", "-c", "64", "-q", "200",
                "-A", "50", "-f", "persistent", "-f", "mandatory", "-u", "q1", "-e", "ex", "-t", "topic", "-k", "a.b");
        Workload longForm = parse("--producers", "2", "--consumers", "3", "--size", "100", "--rate", "50",
                "--duration", "7", "--confirm", "64", "--prefetch", "200", "--multi-ack-every", "50", "--persistent",
                "--mandatory", "--queue", "q1", "--exchange", "ex", "--exchange-type", "topic", "--routing-key", "a.b");
        assertThat(shortForm).isEqualTo(longForm);
        assertThat(shortForm.producers()).isEqualTo(2);
        assertThat(shortForm.persistent()).isTrue();
        assertThat(shortForm.publish().mandatory()).isTrue();
        assertThat(shortForm.exchangeType()).isEqualTo(Workload.ExchangeType.TOPIC);
    }

    @Test
    void messageCountTransactionsAndAutoAckAliases() {
        Workload w = parse("-C", "1000", "-m", "10", "-a");
        assertThat(w.messagesPerProducer()).isEqualTo(1000);
        assertThat(w.publish().txSize()).isEqualTo(10);
        assertThat(w.consume().autoAck()).isTrue();
    }

    @Test
    void commandLineOverridesThePreset() {
        Workload w = parse("--preset", "order-processing", "-x", "9");
        assertThat(w.producers()).isEqualTo(9);
        assertThat(w.queueType()).isEqualTo(QueueType.QUORUM);
    }

    @Test
    void queueArgumentsAreTypedForTheBroker() {
        Workload w = parse("--queue-arg", "x-max-length=1000", "--queue-arg", "x-overflow=reject-publish",
                "--queue-arg", "x-single-active-consumer=true", "--queue-arg", "x-max-length-bytes=10000000000");
        assertThat(w.queueArgs()).containsEntry("x-max-length", 1000).containsEntry("x-overflow", "reject-publish")
                .containsEntry("x-single-active-consumer", true).containsEntry("x-max-length-bytes", 10_000_000_000L);
    }
}
