package dev.rabbittune.cli;

import dev.rabbittune.bench.WorkloadSpec;
import dev.rabbittune.bench.Workloads;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The layers a workload starts from, in the order they override each other: a preset, then a workload file. */
final class WorkloadLayers {

    private WorkloadLayers() {
    }

    static List<WorkloadSpec> startingFrom(String preset, Path workloadFile) {
        List<WorkloadSpec> layers = new ArrayList<>();
        if (preset != null) {
            layers.add(Workloads.preset(preset));
        }
        if (workloadFile != null) {
            layers.add(Workloads.load(workloadFile));
        }
        return layers;
    }
}
