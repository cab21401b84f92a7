package dev.rabbittune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rabbittune.testing.Broker;
import dev.rabbittune.testing.NeedsBroker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Command lines from PerfTest 2.22.1's documentation (src/docs/asciidoc/usage.adoc and usage-advanced.adoc), with
 * short durations and counts, run through {@code rabbittune bench} on the real broker: each exits 0 with the counts
 * PerfTest's semantics give. Queue names get a unique suffix; every queue a run creates is deleted by the run.
 */
@NeedsBroker
class PerfTestCommandLinesTest {

    private final List<String> kept = new ArrayList<>();

    private static CliRun bench(String commandLine) {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        List<String> args = new ArrayList<>(List.of("bench", "--quiet"));
        args.addAll(Arrays.asList(commandLine.replace("QUEUE", "perftest-doc-" + suffix).split(" ")));
        return CliRun.of(args.toArray(String[]::new));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "-x 1 -y 2 -u QUEUE -a --id test-1 -C 500",
        "-x 2 -y 4 -u QUEUE -a --id test-2 -C 500",
        "-x 1 -y 2 -u QUEUE --id test-3 -C 500",
        "-x 1 -y 2 -u QUEUE --id test-4 -s 4000 -C 500",
        "-x 1 -y 2 -u QUEUE --id test-5 -f persistent -C 500",
        "-x 1 -y 2 -u QUEUE --id test-6 -f persistent --multi-ack-every 100 -q 200 -C 500",
        "-x 1 -y 2 -u QUEUE --id test-7 -f persistent --multi-ack-every 200 -q 500 -C 500",
        "-x 1 -y 2 -u QUEUE --id test-8 -f persistent -q 500 -c 500 -C 500",
        "-x 1 -y 2 -u QUEUE --id test-10 -f persistent -q 500 --pmessages 500",
        "-x 1 -y 2 -u QUEUE --id test-11 -f persistent -q 500 --rate 500 -z 1",
        "--queue-args x-max-length=100000 -C 300",
        "--quorum-queue --queue QUEUE -C 300",
        "--stream-queue --queue QUEUE -C 300",
        "--message-properties priority=5,timestamp=2007-12-03T10:15:30+01:00 -C 300",
        "--json-body --size 1600 -C 300",
        "--variable-rate 100:1 --variable-rate 300:1 -z 2",
        "--variable-size 1000:1 --variable-size 10000:1 -z 2 -r 200",
        "--consumer-latency 1000 -C 300",
        "--variable-latency 1000:1 --variable-latency 100:1 -C 300",
        "--queue-pattern perf-test-%d --queue-pattern-from 1 --queue-pattern-to 3 --producers 3 --consumers 3 -C 100",
        "--publishing-interval 0.5 --producer-random-start-delay 1 -x 10 -y 1 -z 2",
        "--shutdown-timeout 20 -C 300",
        "-h amqp://guest:guest@localhost -X 2 -Y 2 -C 150",
        "--nack --requeue false -q 50 -A 10 -C 300",
    })
    void documentedCommandLinesRunAndEveryPublishedMessageIsConsumed(String commandLine) {
        CliRun run = bench(commandLine);
        assertThat(run.exitCode()).as(commandLine + "\n" + run.err()).isZero();
        String summary = run.out();
        long sent = count(summary, "sent");
        long received = count(summary, "received");
        assertThat(sent).as(commandLine).isPositive();
        // -y 2 on one named queue: the consumers share it, each message is consumed once
        assertThat(received).as(commandLine + "\n" + summary).isEqualTo(sent);
    }

    @Test
    void prePopulateAQueueThenConsumeItWithTwoCommandLines() {
        String queue = "perftest-doc-" + UUID.randomUUID().toString().substring(0, 6);
        kept.add(queue);
        // PerfTest's "pre-populate a queue" (-y0 -p -C) and "consume a pre-declared queue" (-x0 -p) examples; the
        // second run creates nothing, so it leaves the queue, which the test deletes
        CliRun fill = CliRun.of("bench", "--quiet", "-y0", "-p", "-u", queue, "-s", "1000", "-C", "1000", "--id",
                "test-14", "-f", "persistent", "--keep");
        assertThat(fill.exitCode()).as(fill.err()).isZero();
        CliRun drain = CliRun.of("bench", "--quiet", "-x0", "-y2", "-p", "-u", queue, "--id", "test-15", "-ew",
                "empty");
        assertThat(drain.exitCode()).as(drain.err()).isZero();
        assertThat(count(drain.out(), "received")).isEqualTo(1000);
    }

    @org.junit.jupiter.api.AfterEach
    void deleteTheQueuesRunsKept() throws Exception {
        try (com.rabbitmq.client.Connection connection = Broker.connect("perftest-command-lines-clean-up");
             com.rabbitmq.client.Channel channel = connection.createChannel()) {
            for (String queue : kept) {
                channel.queueDelete(queue);
            }
        }
        kept.clear();
    }

    /** The count in the summary line starting with {@code label}, e.g. "  sent            111,660 ...". */
    private static long count(String summary, String label) {
        return summary.lines().map(String::trim).filter(l -> l.startsWith(label + " "))
                .map(l -> l.substring(label.length()).trim().split("\\s+")[0].replace(",", ""))
                .mapToLong(Long::parseLong).findFirst().orElse(-1);
    }
}
