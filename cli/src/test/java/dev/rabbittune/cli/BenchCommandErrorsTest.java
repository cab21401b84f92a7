package dev.rabbittune.cli;

import static dev.rabbittune.cli.CliRun.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rabbittune.testing.NeedsBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets one line on stderr, no stack trace, and the exit code of ARCHITECTURE.md. */
class BenchCommandErrorsTest {

    @Test
    void unknownOptionIsUsageError() {
        assertOneLineError(CliRun.of("bench", "--producerz", "3"), 2, "Unknown option", "--producerz");
    }

    @Test
    void badValueIsUsageError() {
        assertOneLineError(CliRun.of("bench", "-x", "many"), 2, "'many' is not an int");
    }

    @Test
    void invalidWorkloadValueIsUsageError() {
        assertOneLineError(CliRun.of("bench", "--queue-type", "lazy"), 2, "invalid queue-type 'lazy'",
                "classic, quorum, stream");
    }

    @Test
    void malformedWorkloadFileSaysWhere(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("w.yaml");
        Files.writeString(file, "producers: 2\nconsumers: 1\nprefech: 10\n");
        assertOneLineError(CliRun.of("bench", "--workload", file.toString()), 2, "w.yaml line 3",
                "unknown key 'prefech'");
    }

    @Test
    void missingWorkloadFileIsUsageError() {
        assertOneLineError(CliRun.of("bench", "--workload", "/nonexistent/w.yaml"), 2, "not found");
    }

    @Test
    void unreachableBrokerIsExitThree() {
        assertOneLineError(CliRun.of("bench", "--uri", "amqp://localhost:1", "-z", "1"), 3, "cannot connect",
                "amqp://localhost:1");
    }

    @NeedsBroker
    @Test
    void refusedCredentialsAreExitThreeAndThePasswordIsNeverPrinted() {
        CliRun run = CliRun.of("bench", "--uri", "amqp://guest:s3cret-pw@localhost", "-z", "1");
        assertOneLineError(run, 3, "refused the credentials", "guest");
        assertThat(run.out() + run.err()).doesNotContain("s3cret-pw");
    }

    @Test
    void queueArgumentOfTheWrongTypeIsRefusedBeforeTheBrokerSeesIt() {
        assertOneLineError(CliRun.of("bench", "--queue-arg", "x-max-length=lots", "-z", "1"), 2,
                "x-max-length must be", "got");
        assertOneLineError(CliRun.of("bench", "--queue-type", "quorum", "--queue-arg", "x-max-priority=5", "-z",
                "1"), 2, "x-max-priority does not apply to quorum queues");
    }

    @Test
    void unwritableResultFileFailsBeforeTheRun() {
        assertOneLineError(CliRun.of("bench", "--json", "/nonexistent-dir/r.json"), 2, "does not exist");
    }

    @Test
    void verboseAddsTheStackTrace() {
        CliRun run = CliRun.of("bench", "--uri", "amqp://localhost:1", "-z", "1", "--verbose");
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("\tat ");
    }
}
