package dev.rabbittune.doctor.snapshot;

/**
 * One channel from {@code /api/channels}.
 *
 * @param name                channel name ({@code connection (number)})
 * @param connectionName      its connection
 * @param prefetchCount       per-consumer prefetch set by {@code basic.qos(global=false)}; 0 = unlimited
 * @param globalPrefetchCount per-channel prefetch; 0 = none
 * @param confirm             publisher confirms enabled
 * @param transactional       {@code tx.select} used
 * @param messagesUnacked     deliveries waiting for an ack
 * @param consumerCount       consumers on this channel
 */
public record ChannelFacts(String name, String connectionName, int prefetchCount, int globalPrefetchCount,
        boolean confirm, boolean transactional, long messagesUnacked, int consumerCount) {
}
