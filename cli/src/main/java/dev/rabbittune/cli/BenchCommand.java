package dev.rabbittune.cli;

import dev.rabbittune.bench.Workload;
import dev.rabbittune.bench.WorkloadSpec;
import dev.rabbittune.bench.Workloads;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rabbittune bench}: run a workload against a broker and report rates and latency percentiles. */
@Command(name = "bench", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        description = {"Run a workload against a real broker: rates, confirms, returns and latency percentiles.",
            "Options override --preset, then --workload FILE (YAML keys = long option names).",
            "PerfTest users: -x -y -s -r -z -C -c -q -A -m -a -f -u -e -t -k mean what they mean in PerfTest."})
final class BenchCommand implements Callable<Integer> {

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
    RunOutputOptions output;

    @Option(names = "--list-presets", description = "list the presets and exit")
    boolean listPresets;

    @Option(names = "--show-preset", paramLabel = "NAME", description = "print a preset as a workload file and exit")
    String showPreset;

    @Override
    public Integer call() throws Exception {
        if (listPresets) {
            Workloads.PRESETS.forEach(System.out::println);
            return Main.OK;
        }
        if (showPreset != null) {
            System.out.print(Workloads.presetText(showPreset));
            return Main.OK;
        }
        Workload workload = resolve();
        return BenchRun.run(workload, broker, output);
    }

    Workload resolve() {
        List<WorkloadSpec> layers = new ArrayList<>();
        if (preset != null) {
            layers.add(Workloads.preset(preset));
        }
        if (workloadFile != null) {
            layers.add(Workloads.load(workloadFile));
        }
        layers.add(options.toSpec());
        return Workload.resolve(layers);
    }
}
