package dev.rabbittune.client.topology;

import java.util.Map;
import java.util.Optional;

/** The checks the broker would make (or fail to make, accepting a useless argument), made before declaring. */
final class TopologyValidator {

    private TopologyValidator() {
    }

    static void check(QueueSpec spec, BrokerVersion broker) {
        if (spec.name() == null || spec.name().length() > 255) {
            throw new InvalidTopologyException("queue name must be 0 to 255 characters", "");
        }
        if (spec.type() != QueueType.CLASSIC && (!spec.durable() || spec.exclusive() || spec.autoDelete())) {
            throw new InvalidTopologyException(spec.type().argument() + " queue '" + spec.name()
                    + "' must be durable, not exclusive, not auto-delete", "use a classic queue for temporary queues");
        }
        for (Map.Entry<String, Object> entry : spec.arguments().entrySet()) {
            checkArgument(spec, entry.getKey(), entry.getValue(), broker);
        }
    }

    private static void checkArgument(QueueSpec spec, String key, Object value, BrokerVersion broker) {
        String queue = spec.type().argument() + " queue '" + spec.name() + "'";
        if (key.equals("x-queue-type")) {
            String hint = "lazy".equals(value) ? "lazy is a classic queue mode, not a type: use x-queue-mode=lazy"
                    + " before 3.12 (from 3.12 every classic queue behaves lazily)" : "use QueueSpec.classic/quorum/stream";
            throw new InvalidTopologyException(queue + ": x-queue-type is set by the builder, got '" + value + "'",
                    hint);
        }
        Optional<QueueArgument> known = QueueArgument.named(key);
        if (known.isEmpty()) {
            throw new InvalidTopologyException(queue + ": argument '" + key + "' does not exist",
                    "arguments of " + spec.type().argument() + " queues: " + QueueArgument.keysFor(spec.type()));
        }
        QueueArgument argument = known.get();
        if (!argument.types.contains(spec.type())) {
            throw new InvalidTopologyException(queue + ": " + key + " does not apply to " + spec.type().argument()
                    + " queues", "it applies to " + argument.types.toString().toLowerCase(java.util.Locale.ROOT));
        }
        if (value == null || !argument.kind.accepts().test(value)) {
            throw new InvalidTopologyException(queue + ": " + key + " must be " + argument.kind.description()
                    + ", got " + describe(value), "numbers must be integers (int or long), not strings");
        }
        checkVersion(queue, argument, value, broker);
    }

    private static void checkVersion(String queue, QueueArgument argument, Object value, BrokerVersion broker) {
        if (argument == QueueArgument.QUEUE_MODE && broker.atLeast(BrokerVersion.V3_12)) {
            throw new InvalidTopologyException(queue + ": x-queue-mode has no effect on RabbitMQ " + broker,
                    "since 3.12 classic queues keep messages on disk as lazy ones did; drop the argument");
        }
        if ((argument == QueueArgument.MAX_IN_MEMORY_LENGTH || argument == QueueArgument.MAX_IN_MEMORY_BYTES)
                && broker.atLeast(BrokerVersion.V4_0)) {
            throw new InvalidTopologyException(queue + ": " + argument.key + " was removed in RabbitMQ 4.0",
                    "quorum queues keep messages on disk; drop the argument");
        }
        if (argument == QueueArgument.DEAD_LETTER_STRATEGY && !broker.atLeast(BrokerVersion.V3_10)) {
            throw new InvalidTopologyException(queue + ": x-dead-letter-strategy needs RabbitMQ 3.10 or later",
                    "upgrade, or drop the argument");
        }
        if (argument == QueueArgument.OVERFLOW && "reject-publish-dlx".equals(value)
                && queue.startsWith("quorum")) {
            throw new InvalidTopologyException(queue + ": quorum queues do not support reject-publish-dlx",
                    "use drop-head or reject-publish");
        }
    }

    private static String describe(Object value) {
        return value == null ? "null" : "'" + value + "' (" + value.getClass().getSimpleName() + ")";
    }
}
