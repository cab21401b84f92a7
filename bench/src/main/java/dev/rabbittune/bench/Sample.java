package dev.rabbittune.bench;

/**
 * One interval (normally a second) of a run. Rates are messages per second over the interval.
 *
 * @param phase    "run" while producers publish, "drain" while consumers empty the queues afterwards
 * @param latency  end-to-end latency of the messages received in this interval
 * @param confirmLatency time from publish (or intended publish) to the broker's confirm
 */
public record Sample(double elapsedSeconds, String phase, long sent, long confirmed, long nacked, long returned,
                     long received, double sentRate, double confirmedRate, double receivedRate,
                     Percentiles latency, Percentiles confirmLatency, double clientCpuPercent) {
}
