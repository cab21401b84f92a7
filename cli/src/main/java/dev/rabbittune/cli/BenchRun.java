package dev.rabbittune.cli;

import dev.rabbittune.bench.Engine;
import dev.rabbittune.bench.Result;
import dev.rabbittune.bench.ResultFiles;
import dev.rabbittune.bench.Workload;
import dev.rabbittune.client.ConnectionSettings;
import dev.rabbittune.client.Dispatch;
import java.io.IOException;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** Runs a resolved workload with console output, Ctrl-C handling and result files; returns the exit code. */
final class BenchRun {

    private BenchRun() {
    }

    /**
     * NIO for unlimited-rate publishing: amqp-client's NIO handler queues frames and writes them in batches, where
     * the blocking handler flushes once per publish, so the broker reads bigger chunks and the client makes fewer
     * syscalls. Paced traffic has nothing to batch, and there NIO's hand-off to its I/O thread costs more CPU
     * (measured with benchmarks/vs-perftest: 1,000 producers at 10 msg/s used about twice the CPU with NIO).
     * Consumers mostly read: their connections stay blocking unless --io nio says otherwise.
     */
    static boolean prefersNio(Workload workload) {
        return workload.ratePerProducer() == 0 && workload.producers() > 0;
    }

    /**
     * Where the consumers' callbacks run. A benchmark consumer's callback only records the delivery and sends an
     * asynchronous ack every N messages, so it runs on the connection's reader thread with no hand-off per delivery
     * (measured on 1p/1c: about 20% less client CPU per message than a dispatch pool, which itself took 20% off
     * amqp-client's default). Not when a callback can block: a consumer rate limit sleeps in it, and RPC servers
     * publish replies, which wait while the broker blocks publishers. Nor on NIO, whose one I/O thread serves every
     * connection. Those use one small pool shared by the consumers' connections (at most a thread per core): a
     * channel's deliveries run one at a time anyway, and the default pool of 2 x cores threads per connection hands
     * successive deliveries to different, often parked, threads.
     */
    static Dispatch consumerDispatch(Workload workload, ConnectionSettings consumers) {
        boolean neverBlocks = workload.consume().ratePerSecond() == 0 && !workload.rpc();
        if (neverBlocks && !consumers.nio()) {
            return Dispatch.onIoThread();
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return Dispatch.sharedPool(Math.min(Math.max(1, workload.consumers()), cores));
    }

    static int run(Workload workload, BrokerOptions broker, RunOutputOptions output)
            throws InterruptedException, IOException {
        if (output.json != null) {
            ResultFiles.checkWritable(output.json);
        }
        if (output.csv != null) {
            ResultFiles.checkWritable(output.csv);
        }
        ConsoleReport console = new ConsoleReport(System.out, System.err, output.quiet, System.console() != null);
        // producers: NIO when publishing flat out; consumers: blocking unless --io nio (see prefersNio)
        ConnectionSettings consumers = broker.connectionSettings(false);
        Engine engine = new Engine(workload, broker.connectionSettings(prefersNio(workload)),
                consumers.withDispatch(consumerDispatch(workload, consumers)), console, output.keep);
        Signal interrupt = new Signal("INT");
        SignalHandler previous = Signal.handle(interrupt, new SignalHandler() {
            private volatile boolean asked;

            @Override
            public void handle(Signal signal) {
                if (asked) {
                    System.err.println("\nrabbittune: stopped without cleanup");
                    Runtime.getRuntime().halt(Main.INTERRUPTED);
                }
                asked = true;
                System.err.println("\nstopping: partial summary and cleanup follow (Ctrl-C again to quit now)");
                engine.requestStop();
            }
        });
        Result result;
        try {
            result = engine.run();
        } finally {
            Signal.handle(interrupt, previous);
        }
        console.summary(result);
        if (output.json != null) {
            ResultFiles.writeJson(result, output.json);
            System.out.println("  result     " + output.json);
        }
        if (output.csv != null) {
            ResultFiles.writeCsv(result, output.csv);
            System.out.println("  samples    " + output.csv);
        }
        return result.interrupted() ? Main.INTERRUPTED : Main.OK;
    }
}
