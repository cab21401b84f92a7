package dev.rabbittune.bench;

import dev.rabbittune.core.RabbitTuneException;
import java.util.List;

/**
 * The outcome of one run: what was asked, what it ran on, and what was measured.
 *
 * @param interrupted    the run was stopped early (Ctrl-C); counts are what happened until then
 * @param drained        every message sent arrived or is otherwise accounted for (returned unroutable): nothing
 *                       missed, nothing undelivered
 * @param publishSeconds time producers were publishing, which the publish rates are over (less the warm-up)
 * @param warmupSeconds  the first seconds, left out of the rates and latencies (reported in {@code warmupLatency})
 * @param latency        end-to-end latency after the warm-up, measured from {@code latencyFrom}; messages never sent
 *                       (missed) or never delivered count at (a lower bound of) their age when the run ended
 * @param confirmLatency publish (same origin) to the broker's confirm
 * @param confirmSlotWait time publishers waited for a free slot in a full confirm window
 * @param clientCpuSeconds user + system CPU time of the client process during the run
 * @param machineCpuPercent the whole machine's busy share of all cores over the run (the broker may share it)
 * @param outages        each connection failure: when, for how long, recovered or not
 * @param failure        why the run stopped before its end, or null
 * @param warnings       why the numbers may not mean what they seem (target missed, undelivered, CPU-bound, ...)
 */
public record Result(
        String tool,
        String runId,
        String startedAt,
        Workload workload,
        BrokerInfo broker,
        ClientHost host,
        boolean interrupted,
        boolean drained,
        double publishSeconds,
        double totalSeconds,
        double warmupSeconds,
        Counts counts,
        Rates rates,
        Percentiles latency,
        Percentiles confirmLatency,
        Percentiles warmupLatency,
        String latencyFrom,
        SlotWait confirmSlotWait,
        double clientCpuSeconds,
        double machineCpuPercent,
        List<Outage> outages,
        Failure failure,
        List<String> warnings,
        List<Sample> samples) {

    /** The JSON form's version; readers (report, compare) refuse a newer one. */
    public static final int FORMAT_VERSION = 1;

    public Result {
        outages = List.copyOf(outages);
        warnings = List.copyOf(warnings);
        samples = List.copyOf(samples);
    }

    /** {@link #FORMAT_VERSION}, in the JSON form. */
    @com.fasterxml.jackson.annotation.JsonProperty("formatVersion")
    public int formatVersion() {
        return FORMAT_VERSION;
    }

    /**
     * Message counts over the whole run, warm-up included.
     *
     * @param missed      fixed rate: slots that fell due and were never sent
     * @param undelivered sent (and not returned) but never received; -1 when routing makes it unknowable
     * @param unconfirmed published with confirms but neither confirmed nor nacked (their channel went first)
     * @param duplicates  deliveries of a message that had arrived before; -1 when bodies carry no identity
     * @param lost        confirmed by the broker but never received; -1 when unknown (no confirms or no identity)
     */
    public record Counts(long sent, long confirmed, long nacked, long returned, long received, long committed,
                         long missed, long undelivered, long unconfirmed, long duplicates, long lost) {
    }

    /** Average rates in msg/s after the warm-up: publishing over the publish phase, receiving over the whole run. */
    public record Rates(double sent, double confirmed, double received, double target) {
    }

    /**
     * Waits for a confirm slot: how many times a publisher found its window full, for how long in all, and how long
     * each (a flat-out publisher then sends up to a quarter of the window without waiting again).
     */
    public record SlotWait(long waits, double totalSeconds, Percentiles perWait) {
    }

    /** A connection down from {@code startedAtSeconds} into the run for {@code durationSeconds}. */
    public record Outage(String connection, double startedAtSeconds, double durationSeconds, boolean recovered,
                         String cause) {
    }

    /** This result with {@code failure} in place of its own. */
    public Result withFailure(Failure failure) {
        return new Result(tool, runId, startedAt, workload, broker, host, interrupted, drained, publishSeconds,
                totalSeconds, warmupSeconds, counts, rates, latency, confirmLatency, warmupLatency, latencyFrom,
                confirmSlotWait, clientCpuSeconds, machineCpuPercent, outages, failure, warnings, samples);
    }

    /**
     * The error that stopped the run, as the command line reports it.
     *
     * @param kind     what kind of cause (bad input, broker unreachable, broker refused)
     * @param exitCode the process's exit code for it, set by the command that ran the engine and wrote the file
     *                 (the library knows causes, not exit codes); null in the engine's own result
     */
    public record Failure(String message, String hint, RabbitTuneException.Kind kind, Integer exitCode) {

        public Failure withExitCode(int code) {
            return new Failure(message, hint, kind, code);
        }
    }
}
