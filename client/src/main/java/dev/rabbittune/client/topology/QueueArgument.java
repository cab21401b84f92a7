package dev.rabbittune.client.topology;

import static dev.rabbittune.client.topology.QueueType.CLASSIC;
import static dev.rabbittune.client.topology.QueueType.QUORUM;
import static dev.rabbittune.client.topology.QueueType.STREAM;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The optional queue arguments RabbitMQ knows, which queue types accept them, and what values they take. Sources:
 * https://www.rabbitmq.com/docs/queues#optional-arguments, .../quorum-queues#feature-matrix, .../streams,
 * .../ttl, .../maxlength, .../dlx, .../priority, .../lazy-queues (3.12: queue mode ignored).
 */
enum QueueArgument {
    MESSAGE_TTL("x-message-ttl", Kind.NON_NEGATIVE_INT, EnumSet.of(CLASSIC, QUORUM)),
    EXPIRES("x-expires", Kind.POSITIVE_INT, EnumSet.of(CLASSIC, QUORUM)),
    MAX_LENGTH("x-max-length", Kind.NON_NEGATIVE_INT, EnumSet.of(CLASSIC, QUORUM)),
    MAX_LENGTH_BYTES("x-max-length-bytes", Kind.NON_NEGATIVE_INT, EnumSet.of(CLASSIC, QUORUM, STREAM)),
    OVERFLOW("x-overflow", Kind.oneOf("drop-head", "reject-publish", "reject-publish-dlx"),
            EnumSet.of(CLASSIC, QUORUM)),
    DEAD_LETTER_EXCHANGE("x-dead-letter-exchange", Kind.STRING, EnumSet.of(CLASSIC, QUORUM)),
    DEAD_LETTER_ROUTING_KEY("x-dead-letter-routing-key", Kind.STRING, EnumSet.of(CLASSIC, QUORUM)),
    DEAD_LETTER_STRATEGY("x-dead-letter-strategy", Kind.oneOf("at-most-once", "at-least-once"), EnumSet.of(QUORUM)),
    MAX_PRIORITY("x-max-priority", Kind.range(1, 255), EnumSet.of(CLASSIC)),
    QUEUE_MODE("x-queue-mode", Kind.oneOf("default", "lazy"), EnumSet.of(CLASSIC)),
    QUEUE_VERSION("x-queue-version", Kind.range(1, 2), EnumSet.of(CLASSIC)),
    SINGLE_ACTIVE_CONSUMER("x-single-active-consumer", Kind.BOOLEAN, EnumSet.of(CLASSIC, QUORUM)),
    LEADER_LOCATOR("x-queue-leader-locator", Kind.oneOf("client-local", "balanced"), EnumSet.of(QUORUM, STREAM)),
    MASTER_LOCATOR("x-queue-master-locator", Kind.oneOf("client-local", "min-masters", "random"),
            EnumSet.of(CLASSIC)),
    DELIVERY_LIMIT("x-delivery-limit", Kind.NON_NEGATIVE_INT, EnumSet.of(QUORUM)),
    INITIAL_GROUP_SIZE("x-quorum-initial-group-size", Kind.POSITIVE_INT, EnumSet.of(QUORUM)),
    MAX_IN_MEMORY_LENGTH("x-max-in-memory-length", Kind.NON_NEGATIVE_INT, EnumSet.of(QUORUM)),
    MAX_IN_MEMORY_BYTES("x-max-in-memory-bytes", Kind.NON_NEGATIVE_INT, EnumSet.of(QUORUM)),
    INITIAL_CLUSTER_SIZE("x-initial-cluster-size", Kind.POSITIVE_INT, EnumSet.of(STREAM)),
    MAX_AGE("x-max-age", Kind.AGE, EnumSet.of(STREAM)),
    SEGMENT_SIZE("x-stream-max-segment-size-bytes", Kind.POSITIVE_INT, EnumSet.of(STREAM));

    final String key;
    final Kind kind;
    final Set<QueueType> types;

    QueueArgument(String key, Kind kind, Set<QueueType> types) {
        this.key = key;
        this.kind = kind;
        this.types = types;
    }

    static Optional<QueueArgument> named(String key) {
        for (QueueArgument argument : values()) {
            if (argument.key.equals(key)) {
                return Optional.of(argument);
            }
        }
        return Optional.empty();
    }

    static List<String> keysFor(QueueType type) {
        return java.util.Arrays.stream(values()).filter(a -> a.types.contains(type)).map(a -> a.key).toList();
    }

    /** What values an argument takes, as a check and a description for the error message. */
    record Kind(String description, Predicate<Object> accepts) {
        static final Kind NON_NEGATIVE_INT = new Kind("an integer >= 0", v -> integral(v) && asLong(v) >= 0);
        static final Kind POSITIVE_INT = new Kind("an integer > 0", v -> integral(v) && asLong(v) > 0);
        static final Kind STRING = new Kind("a string", v -> v instanceof String);
        static final Kind BOOLEAN = new Kind("true or false", v -> v instanceof Boolean);
        static final Kind AGE = new Kind("an age like 7D, 12h, 30m, 1Y (units Y M D h m s)",
                v -> v instanceof String s && s.matches("\\d+[YMDhms]"));

        static Kind oneOf(String... values) {
            List<String> allowed = List.of(values);
            return new Kind("one of " + String.join(", ", allowed), allowed::contains);
        }

        static Kind range(int min, int max) {
            return new Kind("an integer from " + min + " to " + max,
                    v -> integral(v) && asLong(v) >= min && asLong(v) <= max);
        }

        private static boolean integral(Object v) {
            return v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte;
        }

        private static long asLong(Object v) {
            return ((Number) v).longValue();
        }
    }
}
