package dev.rabbittune.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Why a run's numbers may not mean what they seem; each warning carries its figures. */
final class Warnings {

    private static final double RATE_TOLERANCE = 0.05;
    private static final double CPU_BOUND_PERCENT = 90;

    private Warnings() {
    }

    /**
     * @param drained       the consumers took everything expected before the drain timeout
     * @param clientShare   the client's CPU as a share of all cores (0..1)
     * @param machinePercent the whole machine's busy share of all cores over the run, -1 when unknown
     */
    static List<String> of(Workload workload, Result.Counts counts, Result.Rates rates, boolean drained,
                           boolean interrupted, List<Result.Outage> outages, double clientShare,
                           double machinePercent) {
        List<String> warnings = new ArrayList<>();
        double target = workload.targetRate();
        if (target > 0 && !interrupted && !workload.boundedByCount()
                && Math.abs(rates.sent() - target) > RATE_TOLERANCE * target) {
            warnings.add(format("achieved %.0f msg/s, %.1f%% off the target of %.0f msg/s: the client or the broker"
                    + " could not keep the rate", rates.sent(), 100 * Math.abs(rates.sent() - target) / target,
                    target));
        }
        if (counts.missed() > 0) {
            warnings.add(format("%d fixed-rate messages fell due and were never sent (the client or the broker"
                    + " stalled); they count in the latency at their age when publishing stopped", counts.missed()));
        }
        if (!interrupted && workload.producers() > 0 && workload.consumers() > 0) {
            if (counts.undelivered() > 0) {
                warnings.add(format("%d of %d messages sent never arrived (%d received, drain timeout %d s); they"
                        + " count in the latency at least at their age when the run ended", counts.undelivered(),
                        counts.sent(), counts.received(), workload.drainTimeoutSeconds()));
            } else if (!drained) {
                warnings.add(format("consumers did not receive everything within the drain timeout of %d s"
                        + " (received %d of %d sent)", workload.drainTimeoutSeconds(), counts.received(),
                        counts.sent()));
            }
        }
        if (counts.lost() > 0) {
            warnings.add(format("%d messages the broker had confirmed never arrived: lost", counts.lost()));
        }
        if (counts.unconfirmed() > 0) {
            warnings.add(format("%d messages were published but never confirmed (their connection failed or the"
                    + " run ended first)", counts.unconfirmed()));
        }
        boolean requeuesNacked = workload.consume().requeuesNacked();
        if (requeuesNacked && counts.duplicates() < 0) {
            warnings.add("the consumers nack with requeue and the bodies carry no message identity (under "
                    + Workload.ID_BYTES + " bytes): a redelivery cannot be told from a first delivery, so received"
                    + " counts every delivery and what never arrived is unknown; use a size of " + Workload.ID_BYTES
                    + " bytes or more");
        }
        if (counts.duplicates() > 0 && !requeuesNacked) {
            // with nack and requeue the redeliveries are what the workload asked for (the summary still counts
            // them); this also leaves redeliveries after a connection failure unflagged, but outages are warned
            warnings.add(format("%d messages arrived more than once (redelivered after a connection failure)",
                    counts.duplicates()));
        }
        for (Result.Outage outage : outages) {
            warnings.add(format("connection %s was down %.1f s after %.1f s%s (%s)", outage.connection(),
                    outage.durationSeconds(), outage.startedAtSeconds(), outage.recovered() ? ", then recovered"
                            : " and did not recover", outage.cause()));
        }
        if (!outages.isEmpty() && counts.duplicates() < 0) {
            warnings.add("the bodies carry no message identity (under " + Workload.ID_BYTES + " bytes, or routed to"
                    + " several queues): after the outage, lost and redelivered messages cannot be told apart in the"
                    + " counts; use a size of " + Workload.ID_BYTES + " bytes or more");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        if (machinePercent >= CPU_BOUND_PERCENT) {
            warnings.add(format("the machine's %d cores were %.0f%% busy over the run (the client alone %.0f%%): the"
                    + " client and the broker may be limited by CPU, not by the broker's design; run them on"
                    + " separate machines", cores, machinePercent, 100 * clientShare));
        } else if (100 * clientShare >= CPU_BOUND_PERCENT) {
            warnings.add(format("the client used %.0f%% of %d cores: it may be the bottleneck, not the broker; run"
                    + " the client on another machine or with fewer producers", 100 * clientShare, cores));
        }
        if (counts.nacked() > 0) {
            warnings.add(counts.nacked() + " messages were nacked by the broker (not stored)");
        }
        if (counts.returned() > 0) {
            warnings.add(counts.returned() + " mandatory messages were returned unroutable");
        }
        return warnings;
    }

    private static String format(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
