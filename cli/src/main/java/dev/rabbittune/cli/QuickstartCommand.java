package dev.rabbittune.cli;

import dev.rabbittune.bench.Workload;
import dev.rabbittune.bench.WorkloadSpec;
import dev.rabbittune.client.ConnectionSettings;
import dev.rabbittune.core.AmqpUri;
import dev.rabbittune.core.BrokerUnreachableException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rabbittune quickstart}: the first thing to run. Starts the local broker when none answers, runs a short
 * standard benchmark (1 producer with confirms, 1 consumer with prefetch and multiple acks, 1 KB messages), prints
 * the summary and writes the JSON result.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = {"Start a local broker if none answers, run a short standard benchmark,",
            "print the summary and write the JSON result under results/."})
final class QuickstartCommand implements Callable<Integer> {

    @Mixin
    BrokerOptions broker;

    @Option(names = {"-z", "--duration"}, paramLabel = "SECONDS", description = "how long to publish (default 10)")
    int duration = 10;

    @Option(names = "--no-start", description = "do not start a local broker when none answers")
    boolean noStart;

    @Mixin
    RunOutputOptions output;

    @Override
    public Integer call() throws Exception {
        ConnectionSettings connection = broker.connectionSettings();
        AmqpUri primary = connection.primary();
        if (!answers(primary) && !noStart && isLocal(primary)) {
            startLocalBroker();
        }
        if (output.json == null) {
            Path results = Path.of("results");
            Files.createDirectories(results);
            output.json = results.resolve("quickstart-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".json");
        }
        Workload workload = Workload.resolve(List.of(standardWorkload()));
        return BenchRun.run(workload, broker.connectionSettings(), broker.io, output, null);
    }

    private WorkloadSpec standardWorkload() {
        WorkloadSpec none = WorkloadSpec.empty();
        return new WorkloadSpec("quickstart", 1, 1, none.queue(), 1, null, null, null, "classic", null, null, null,
                null, "direct", null, null, 1000, null, null, null, duration, null, 128, null, false, null, 200, 50,
                null, null, null, null, null, null, null, null, null);
    }

    private static boolean answers(AmqpUri uri) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.host(), uri.port()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isLocal(AmqpUri uri) {
        return uri.host().equals("localhost") || uri.host().equals("127.0.0.1") || uri.host().equals("::1");
    }

    /** Runs {@code scripts/broker start} from the rabbittune checkout ($RABBITTUNE_HOME, set by bin/rabbittune). */
    private static void startLocalBroker() throws IOException, InterruptedException {
        String home = System.getenv().getOrDefault("RABBITTUNE_HOME", ".");
        Path script = Path.of(home, "scripts", "broker");
        if (!Files.isExecutable(script)) {
            throw new BrokerUnreachableException("no broker answers on localhost and " + script + " is missing",
                    "start RabbitMQ yourself or run bin/rabbittune from the rabbittune checkout", null);
        }
        System.out.println("no broker answers on localhost: starting one with " + script + " start");
        Process process = new ProcessBuilder(script.toString(), "start").inheritIO().start();
        if (process.waitFor() != 0) {
            throw new BrokerUnreachableException("could not start the local broker (" + script + " start failed)",
                    "see its output above for the log location", null);
        }
    }
}
