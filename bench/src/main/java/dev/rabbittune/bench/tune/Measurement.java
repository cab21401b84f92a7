package dev.rabbittune.bench.tune;

import java.util.List;

/**
 * What one run of one point measured, after its warm-up.
 *
 * @param throughput   messages per second the pipeline sustained after the warm-up: received with consumers,
 *                     published without
 * @param p99Millis    end-to-end latency, 99th percentile
 * @param drained      every message was accounted for
 * @param warnings     the engine's warnings for this run (target missed, CPU-bound machine ...)
 * @param targetRate   the total rate the run was paced at, msg/s; 0 when it published as fast as it could
 */
public record Measurement(double throughput, double p99Millis, boolean drained, List<String> warnings,
        double targetRate) {

    /** An unpaced run. */
    public Measurement(double throughput, double p99Millis, boolean drained, List<String> warnings) {
        this(throughput, p99Millis, drained, warnings, 0);
    }

    public Measurement {
        warnings = List.copyOf(warnings);
    }
}
