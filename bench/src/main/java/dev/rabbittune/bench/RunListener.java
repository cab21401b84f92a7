package dev.rabbittune.bench;

import java.util.List;

/** Follows a run as it happens (console output, progress bar). Called from the engine's sampling thread. */
public interface RunListener {

    default void started(Workload workload, BrokerInfo broker, String exchange, List<String> queues) {
    }

    default void sample(Sample sample, double progress) {
    }

    default void warning(String message) {
    }

    RunListener NONE = new RunListener() {
    };
}
