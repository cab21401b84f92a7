package dev.rabbittune.bench;

/**
 * One interval (normally a second) of a run. Rates are messages per second over the interval.
 *
 * @param phase           "warmup" during the warm-up, "run" while producers publish, "drain" while consumers empty
 *                        the queues afterwards
 * @param latency         end-to-end latency of the messages received in this interval
 * @param confirmLatency  time from publish (or intended publish) to the broker's confirm
 * @param connectionsDown connections failed and not yet recovered at the end of the interval
 * @param latencyHistogram the interval's end-to-end latencies in nanoseconds, HdrHistogram's compressed encoding in
 *                        Base64 ({@link Histograms#decode}): add those of any window to recompute its percentiles
 * @param confirmHistogram the same for confirm latency
 */
public record Sample(double elapsedSeconds, String phase, long sent, long confirmed, long nacked, long returned,
                     long received, double sentRate, double confirmedRate, double receivedRate,
                     Percentiles latency, Percentiles confirmLatency, double clientCpuPercent, int connectionsDown,
                     String latencyHistogram, String confirmHistogram) {
}
