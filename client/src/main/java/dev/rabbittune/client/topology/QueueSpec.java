package dev.rabbittune.client.topology;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A queue to declare, checked against its type and the broker's version before it reaches the broker:
 * {@code QueueSpec.quorum("orders").deliveryLimit(5).deadLetterExchange("orders.dlx").build()}.
 */
public record QueueSpec(String name, QueueType type, boolean durable, boolean exclusive, boolean autoDelete,
                        Map<String, Object> arguments) {

    public QueueSpec {
        arguments = Map.copyOf(arguments);
    }

    public static Builder classic(String name) {
        return new Builder(name, QueueType.CLASSIC);
    }

    public static Builder quorum(String name) {
        return new Builder(name, QueueType.QUORUM);
    }

    public static Builder stream(String name) {
        return new Builder(name, QueueType.STREAM);
    }

    /** The arguments sent with {@code queue.declare}, including {@code x-queue-type}. */
    public Map<String, Object> declareArguments() {
        Map<String, Object> all = new LinkedHashMap<>(arguments);
        all.put("x-queue-type", type.argument());
        return all;
    }

    /** Builds queue specs; {@link #build(BrokerVersion)} validates. */
    public static final class Builder {
        private final String name;
        private final QueueType type;
        private boolean durable = true;
        private boolean exclusive;
        private boolean autoDelete;
        private final Map<String, Object> arguments = new LinkedHashMap<>();

        private Builder(String name, QueueType type) {
            this.name = name;
            this.type = type;
        }

        public Builder transientQueue() {
            this.durable = false;
            return this;
        }

        public Builder exclusive() {
            this.exclusive = true;
            return this;
        }

        public Builder autoDelete() {
            this.autoDelete = true;
            return this;
        }

        public Builder maxLength(long messages) {
            return argument("x-max-length", messages);
        }

        public Builder maxLengthBytes(long bytes) {
            return argument("x-max-length-bytes", bytes);
        }

        /** drop-head, reject-publish or reject-publish-dlx (classic only). */
        public Builder overflow(String behaviour) {
            return argument("x-overflow", behaviour);
        }

        public Builder messageTtlMillis(long millis) {
            return argument("x-message-ttl", millis);
        }

        public Builder expiresMillis(long millis) {
            return argument("x-expires", millis);
        }

        public Builder deadLetterExchange(String exchange) {
            return argument("x-dead-letter-exchange", exchange);
        }

        public Builder deadLetterRoutingKey(String routingKey) {
            return argument("x-dead-letter-routing-key", routingKey);
        }

        public Builder deliveryLimit(int limit) {
            return argument("x-delivery-limit", limit);
        }

        public Builder maxPriority(int levels) {
            return argument("x-max-priority", levels);
        }

        public Builder singleActiveConsumer() {
            return argument("x-single-active-consumer", true);
        }

        public Builder initialGroupSize(int members) {
            return argument(type == QueueType.STREAM ? "x-initial-cluster-size" : "x-quorum-initial-group-size",
                    members);
        }

        /** Stream retention by age, e.g. "7D". */
        public Builder maxAge(String age) {
            return argument("x-max-age", age);
        }

        /** Any argument; validated by {@link #build}. */
        public Builder argument(String key, Object value) {
            arguments.put(key, value);
            return this;
        }

        public QueueSpec build(BrokerVersion broker) {
            QueueSpec spec = new QueueSpec(name, type, durable, exclusive, autoDelete, arguments);
            TopologyValidator.check(spec, broker);
            return spec;
        }
    }
}
