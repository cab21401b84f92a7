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
 * @param publishedRate what the producers published per second over the publish phase, after the warm-up: the
 *                     rate a paced run is judged to have kept (the delivered rate counts each copy of a fanned-out
 *                     message, and is averaged over the drain too)
 */
public record Measurement(double throughput, double p99Millis, boolean drained, List<String> warnings,
        double targetRate, double publishedRate) {

    /** An unpaced run. */
    public Measurement(double throughput, double p99Millis, boolean drained, List<String> warnings) {
        this(throughput, p99Millis, drained, warnings, 0, throughput);
    }

    /** A paced run that published at the rate it delivered. */
    public Measurement(double throughput, double p99Millis, boolean drained, List<String> warnings,
            double targetRate) {
        this(throughput, p99Millis, drained, warnings, targetRate, throughput);
    }

    public Measurement {
        warnings = List.copyOf(warnings);
    }
}
