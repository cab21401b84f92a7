package dev.rabbittune.doctor.snapshot;

import java.util.List;

/**
 * {@code /api/overview}: versions, object totals, cluster-wide rates (per second, over the last sample interval).
 *
 * @param rabbitmqVersion         e.g. 3.10.8
 * @param erlangVersion           e.g. 25.2.3
 * @param clusterName             cluster name
 * @param ratesMode               management {@code rates_mode}: none, basic or detailed
 * @param statisticsDbEventQueue  events waiting in the management stats DB (a backlog means stats cost too much)
 * @param totals                  connections, channels, consumers, queues, exchanges
 * @param rates                   churn and message rates
 * @param listeners               protocol listeners with their socket options
 * @param churn                   connections and channels opened and closed since the nodes started (summed over
 *                                the nodes; a node restart resets its part), null when not read
 */
public record Overview(String rabbitmqVersion, String erlangVersion, String clusterName, String ratesMode,
        long statisticsDbEventQueue, ObjectTotals totals, Rates rates, List<ListenerFacts> listeners,
        ChurnTotals churn) {

    public Overview {
        totals = totals == null ? new ObjectTotals(0, 0, 0, 0, 0) : totals;
        rates = rates == null ? Rates.zero() : rates;
        listeners = listeners == null ? List.of() : List.copyOf(listeners);
    }

    /** An overview without churn totals. */
    public Overview(String rabbitmqVersion, String erlangVersion, String clusterName, String ratesMode,
            long statisticsDbEventQueue, ObjectTotals totals, Rates rates, List<ListenerFacts> listeners) {
        this(rabbitmqVersion, erlangVersion, clusterName, ratesMode, statisticsDbEventQueue, totals, rates,
                listeners, null);
    }

    static Overview empty() {
        return new Overview(null, null, null, null, 0, null, null, null, null);
    }

    /** The cumulative counts of {@code churn_rates}. */
    public record ChurnTotals(long connectionsCreated, long connectionsClosed, long channelsCreated,
            long channelsClosed) {
    }

    /** Object counts of {@code object_totals}. */
    public record ObjectTotals(long connections, long channels, long consumers, long queues, long exchanges) {
    }

    /** Per-second rates of {@code churn_rates} and {@code message_stats} ({@code *_details.rate}). */
    public record Rates(double connectionCreated, double connectionClosed, double channelCreated,
            double channelClosed, double queueCreated, double queueDeleted, double publish, double confirm,
            double getEmpty, double dropUnroutable, double returnUnroutable, double redeliver) {

        public static Rates zero() {
            return new Rates(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
    }
}
