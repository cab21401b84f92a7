package dev.rabbittune.client.topology;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A policy (https://www.rabbitmq.com/docs/policies): settings the broker applies to every queue or exchange whose name
 * matches {@code pattern}, changeable at run time, unlike queue arguments. Built and checked before it is set:
 *
 * <pre>{@code
 * PolicySpec policy = PolicySpec.named("orders-limits").pattern("^orders\\.").applyTo(PolicySpec.ApplyTo.QUORUM_QUEUES)
 *         .set("delivery-limit", 5).set("dead-letter-exchange", "dlx").build(brokerVersion);
 * Topology.declare(managementApi, "/", policy);
 * }</pre>
 *
 * @param definition the policy's keys and values, in the order given
 */
public record PolicySpec(String name, String pattern, ApplyTo applyTo, int priority, Map<String, Object> definition) {

    /** Which entities a policy applies to; the queue-type-specific ones need RabbitMQ 3.12 or later. */
    public enum ApplyTo {
        QUEUES, EXCHANGES, ALL, CLASSIC_QUEUES, QUORUM_QUEUES, STREAMS;

        /** The value of the policy's {@code apply-to} field. */
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The one queue type it is limited to, or null. */
        QueueType queueType() {
            return switch (this) {
                case CLASSIC_QUEUES -> QueueType.CLASSIC;
                case QUORUM_QUEUES -> QueueType.QUORUM;
                case STREAMS -> QueueType.STREAM;
                default -> null;
            };
        }
    }

    public PolicySpec {
        definition = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(definition));
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    /** The JSON body of {@code PUT /api/policies/VHOST/NAME}. */
    public Map<String, Object> body() {
        return Map.of("pattern", pattern, "apply-to", applyTo.value(), "priority", priority, "definition", definition);
    }

    public static final class Builder {
        private final String name;
        private String pattern = ".*";
        private ApplyTo applyTo = ApplyTo.QUEUES;
        private int priority;
        private final Map<String, Object> definition = new LinkedHashMap<>();
        private final Map<String, Object> unchecked = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        /** A regular expression matched against queue or exchange names; {@code .*} (every one) by default. */
        public Builder pattern(String regex) {
            this.pattern = regex;
            return this;
        }

        public Builder applyTo(ApplyTo applyTo) {
            this.applyTo = applyTo;
            return this;
        }

        /** Where several policies match, the highest priority wins (only one policy applies to an entity). */
        public Builder priority(int priority) {
            this.priority = priority;
            return this;
        }

        /** A built-in key such as {@code max-length}, checked against the queue types and broker version. */
        public Builder set(String key, Object value) {
            definition.put(key, value);
            return this;
        }

        /** A key a plugin defines (e.g. {@code federation-upstream}); only the broker can check it. */
        public Builder setUnchecked(String key, Object value) {
            unchecked.put(key, value);
            return this;
        }

        /** Checks everything the builder knows against {@code broker}; throws {@link InvalidTopologyException}. */
        public PolicySpec build(BrokerVersion broker) {
            PolicySpec spec = new PolicySpec(name, pattern, applyTo, priority, definition);
            TopologyValidator.check(spec, broker);
            if (unchecked.isEmpty()) {
                return spec;
            }
            Map<String, Object> all = new LinkedHashMap<>(definition);
            all.putAll(unchecked);
            return new PolicySpec(name, pattern, applyTo, priority, all);
        }
    }
}
