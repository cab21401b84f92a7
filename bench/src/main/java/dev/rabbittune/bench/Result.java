package dev.rabbittune.bench;

import java.util.List;

/**
 * The outcome of one run: what was asked, what it ran on, and what was measured.
 *
 * @param interrupted    the run was stopped early (Ctrl-C); counts are what happened until then
 * @param drained        consumers received everything published before the run ended
 * @param publishSeconds time producers were publishing, which the publish rates are over
 * @param clientCpuSeconds user + system CPU time of the client process during the run
 * @param warnings       why the numbers may not mean what they seem (target rate missed, client CPU-bound, ...)
 */
public record Result(
        String tool,
        String runId,
        String startedAt,
        Workload workload,
        BrokerInfo broker,
        HostFacts host,
        boolean interrupted,
        boolean drained,
        double publishSeconds,
        double totalSeconds,
        Counts counts,
        Rates rates,
        Percentiles latency,
        Percentiles confirmLatency,
        double clientCpuSeconds,
        List<String> warnings,
        List<Sample> samples) {

    public Result {
        warnings = List.copyOf(warnings);
        samples = List.copyOf(samples);
    }

    /** Message counts over the whole run. */
    public record Counts(long sent, long confirmed, long nacked, long returned, long received, long committed) {
    }

    /** Average rates in msg/s: publishing over the publish phase, receiving over the whole run. */
    public record Rates(double sent, double confirmed, double received, double target) {
    }
}
