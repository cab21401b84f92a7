package dev.rabbittune.cli;

import dev.rabbittune.bench.IoMode;
import dev.rabbittune.bench.RunListener;
import dev.rabbittune.bench.Workload;
import dev.rabbittune.bench.WorkloadSpec;
import dev.rabbittune.bench.Workloads;
import dev.rabbittune.client.ConnectionSettings;
import dev.rabbittune.client.NetworkOptions;
import dev.rabbittune.core.AmqpUri;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rabbittune bench}: run a workload against a broker and report rates and latency percentiles. */
@Command(name = "bench", sortOptions = false, usageHelpAutoWidth = true, versionProvider = Main.Version.class,
        modelTransformer = PerfTestRefusals.class,
        description = {"Run a workload against a real broker: rates, confirms, returns and latency percentiles.",
            "Options override --preset, then --workload FILE (YAML keys = long option names).",
            "PerfTest 2.22.1's options are accepted with PerfTest's meaning or refused with what to use instead",
            "(docs/bench.md, \"PerfTest compatibility\"); as in PerfTest, -h is the URI: help is --help or -?."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = {"--help", "-?"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Option(names = {"-v", "-V", "--version"}, versionHelp = true, description = "print the version and exit")
    boolean version;

    @Mixin
    BrokerOptions broker;

    @Option(names = "--preset", paramLabel = "NAME",
            description = "start from a preset: work-queue, order-processing, iot-fan-in, log-fan-out, rpc")
    String preset;

    @Option(names = {"-w", "--workload"}, paramLabel = "FILE", description = "start from a workload file (YAML)")
    Path workloadFile;

    @Mixin
    WorkloadOptions options;

    @Mixin
    PerfTestOptions perfTest;

    @Mixin
    RunOutputOptions output;

    @Option(names = "--list-presets", description = "list the presets and exit")
    boolean listPresets;

    @Option(names = "--show-preset", paramLabel = "NAME", description = "print a preset as a workload file and exit")
    String showPreset;

    @Override
    public Integer call() throws Exception {
        if (listPresets) {
            Workloads.PRESETS.forEach(System.out::println);
            return ExitCodes.OK;
        }
        if (showPreset != null) {
            System.out.print(Workloads.presetText(showPreset));
            return ExitCodes.OK;
        }
        Workload workload = resolve();
        ConnectionSettings settings = connectionSettings();
        if (perfTest.serversStartupTimeout != null && perfTest.serversStartupTimeout > 0) {
            BrokerWait.await(settings, perfTest.serversStartupTimeout, perfTest.serversUpLimit);
        }
        if (perfTest.outputFile != null && output.csv == null) {
            output.csv = perfTest.outputFile;
        }
        IoMode io = perfTest.nioThreads != null && perfTest.nioThreads > 0 ? IoMode.NIO : broker.io;
        if (!perfTest.metricsPrometheus) {
            return BenchRun.run(workload, settings, io, output, null);
        }
        try (PrometheusEndpoint metrics = new PrometheusEndpoint(RunListener.NONE, perfTest.metricsPrometheusPort,
                perfTest.metricsPrometheusEndpoint, perfTest.metricsPrefix, perfTest.metricsTags)) {
            return BenchRun.run(workload, settings, io, output, metrics);
        }
    }

    Workload resolve() {
        List<WorkloadSpec> layers = WorkloadLayers.startingFrom(preset, workloadFile);
        layers.add(options.toSpec());
        layers.add(perfTest.toSpec(options));
        return Workload.resolve(layers);
    }

    /** {@link BrokerOptions} with PerfTest's connection options (-h, -H, -b, -M, TCP options) applied. */
    ConnectionSettings connectionSettings() {
        List<String> uris = new ArrayList<>();
        for (List<String> given : Arrays.asList(broker.uris, perfTest.uri, perfTest.uris)) {
            if (given != null) {
                uris.addAll(given);
            }
        }
        ConnectionSettings base = broker.connectionSettings();
        NetworkOptions network = base.network();
        if (perfTest.frameMax != null) {
            network = network.withFrameMax(perfTest.frameMax);
        }
        if (perfTest.tcpNoDelay != null) {
            network = network.withTcpNoDelay(perfTest.tcpNoDelay);
        }
        if (perfTest.tcpSendBuffer != null || perfTest.tcpReceiveBuffer != null) {
            network = network.withBuffers(perfTest.tcpSendBuffer == null ? 0 : perfTest.tcpSendBuffer,
                    perfTest.tcpReceiveBuffer == null ? 0 : perfTest.tcpReceiveBuffer);
        }
        return new ConnectionSettings(AmqpUri.givenOrDefault(uris.isEmpty() ? null : uris),
                perfTest.heartbeat != null ? perfTest.heartbeat : base.heartbeatSeconds(), base.nio(),
                base.automaticRecovery(), base.dispatch(), network);
    }
}
