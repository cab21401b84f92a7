package dev.rabbittune.doctor.snapshot;

/**
 * One consumer from {@code /api/consumers}.
 *
 * @param vhost          virtual host of its queue
 * @param queue          queue name
 * @param consumerTag    consumer tag
 * @param channelName    its channel
 * @param connectionName its connection
 * @param prefetchCount  prefetch limit for this consumer, 0 = unlimited
 * @param ackRequired    false for auto-ack (messages are acknowledged on send)
 */
public record ConsumerFacts(String vhost, String queue, String consumerTag, String channelName,
        String connectionName, int prefetchCount, boolean ackRequired) {

    /** {@code queue consumerTag} ({@code vhost/queue} outside the default vhost), the subject of its findings. */
    public String subject() {
        return QueueFacts.subjectOf(vhost, queue) + " " + consumerTag;
    }
}
