package dev.rabbittune.doctor.rebalance;

import dev.rabbittune.core.BadInputException;
import dev.rabbittune.core.BrokerRefusedException;
import dev.rabbittune.core.ManagementApi;
import dev.rabbittune.doctor.internal.probe.PlacementProbe;
import dev.rabbittune.doctor.rebalance.RebalancePlan.QueueKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Plans queue-leader rebalances from the management API and applies them with {@code rabbitmq-queues rebalance}:
 * the management API has no rebalance endpoint (3.10 to 4.x), the CLI asks the node to transfer leaderships
 * itself. Planning only reads; {@link #apply} is the one method that changes the cluster.
 */
public final class Rebalancer {

    private static final long CLI_TIMEOUT_MINUTES = 10;
    private static final long POLL_MILLIS = 1_000;

    private final PlacementProbe probe;

    public Rebalancer(ManagementApi api) {
        this.probe = new PlacementProbe(api);
    }

    /**
     * The current placement and the expected one after a rebalance of {@code kind}; changes nothing.
     *
     * @throws BadInputException when this broker's CLI does not rebalance {@code kind}
     */
    public RebalancePlan plan(QueueKind kind) {
        String version = probe.version();
        String refusal = kind.refusal(version);
        if (refusal != null) {
            throw new BadInputException(refusal, "rebalance one of the types this broker takes: "
                    + String.join(", ", QueueKind.takenBy(version)), null);
        }
        return RebalancePlan.of(probe.queues(), probe.runningNodes(), kind, version);
    }

    /** The node the management API runs on: where the CLI is pointed when the user names none. */
    public String apiNode() {
        return probe.apiNode();
    }

    /**
     * Runs {@code queuesCli --node node rebalance kind} and waits for it (it returns when the transfers are done).
     *
     * @param queuesCli path or name of the rabbitmq-queues script; it must reach {@code node} (same Erlang cookie)
     * @return what the CLI printed
     * @throws BadInputException      when the CLI cannot be started
     * @throws BrokerRefusedException when it fails or does not finish in 10 minutes
     */
    public String apply(String node, QueueKind kind, String queuesCli) {
        List<String> command = List.of(queuesCli, "--node", node, "rebalance", kind.cliName());
        Process process;
        Path outputFile;
        try {
            // into a file, not a pipe read to its end: reading until the CLI closes its output would wait past
            // the timeout for a CLI that hangs
            outputFile = Files.createTempFile("rabbittune-rebalance", ".log");
        } catch (IOException e) {
            throw new BrokerRefusedException("cannot create a file for the output of " + queuesCli + ": "
                    + e.getMessage(), "", e);
        }
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(outputFile.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            deleteQuietly(outputFile);
            throw new BadInputException("cannot run " + queuesCli + ": " + e.getMessage(),
                    "install the RabbitMQ CLI tools here, or say where rabbitmq-queues is", e);
        }
        try {
            boolean finished = process.waitFor(CLI_TIMEOUT_MINUTES, TimeUnit.MINUTES);
            String output = Files.readString(outputFile, StandardCharsets.UTF_8);
            if (!finished) {
                process.destroyForcibly();
                throw new BrokerRefusedException(String.join(" ", command) + " did not finish in "
                        + CLI_TIMEOUT_MINUTES + " minutes", "", null);
            }
            if (process.exitValue() != 0) {
                throw new BrokerRefusedException(String.join(" ", command) + " failed (exit " + process.exitValue()
                        + "): " + lastLines(output), "check the node name and that this user has its Erlang cookie",
                        null);
            }
            return output;
        } catch (IOException e) {
            throw new BrokerRefusedException("reading the output of " + queuesCli + " failed: " + e.getMessage(), "",
                    e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BrokerRefusedException("interrupted while " + queuesCli + " was rebalancing", "", e);
        } finally {
            deleteQuietly(outputFile);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file left behind in the temp directory: nothing to tell the user
        }
    }

    /**
     * Re-reads the placement until the management API shows the leaders moved: it reports a quorum queue's leader
     * from the queue's statistics, so it lags the transfer by up to one {@code collect_statistics_interval}.
     *
     * @param applied the plan that was applied
     * @param timeout how long to wait for the API to catch up
     * @return the placement read last (its {@code before} is the current one), possibly not yet caught up
     */
    public RebalancePlan awaitPlacement(RebalancePlan applied, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int total = sum(applied.before());
        RebalancePlan now = plan(applied.kind());
        while (!settled(now, applied, total) && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
            now = plan(applied.kind());
        }
        return now;
    }

    /** Every leader known again and no node leads as many as before the busiest did. */
    private static boolean settled(RebalancePlan now, RebalancePlan applied, int total) {
        return sum(now.before()) == total && !now.before().equals(applied.before());
    }

    private static int sum(java.util.Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static String lastLines(String output) {
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        return String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }
}
