package dev.rabbittune.doctor.snapshot;

/**
 * A stream-protocol consumer ({@code /api/stream/consumers}, rabbitmq_stream_management plugin; AMQP consumers of
 * streams are not listed there).
 *
 * @param vhost          virtual host
 * @param stream         the stream it reads
 * @param connection     its connection's name
 * @param subscriptionId the subscription on that connection
 * @param offsetLag      how many offsets it is behind the stream's end
 */
public record StreamConsumerFacts(String vhost, String stream, String connection, int subscriptionId,
        long offsetLag) {

    /** The consumer as findings name it: {@code stream (connection #subscription)}. */
    public String subject() {
        return QueueFacts.subjectOf(vhost, stream) + " (" + connection + " #" + subscriptionId + ")";
    }
}
