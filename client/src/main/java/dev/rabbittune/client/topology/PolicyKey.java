package dev.rabbittune.client.topology;

import static dev.rabbittune.client.topology.QueueType.CLASSIC;
import static dev.rabbittune.client.topology.QueueType.QUORUM;
import static dev.rabbittune.client.topology.QueueType.STREAM;

import dev.rabbittune.client.topology.QueueArgument.Kind;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The keys a policy definition may hold without plugins, the queue types (or exchanges) they act on, what values they
 * take, and from or until which version. Sources: https://www.rabbitmq.com/docs/policies, .../parameters#policies,
 * rabbitmq-server's rabbit_policies.erl (the built-in validators), .../ha (classic mirroring, removed in 4.0), and
 * the 3.10.8 broker itself, which refuses an unknown key ("not recognised") when the policy is set.
 */
enum PolicyKey {
    ALTERNATE_EXCHANGE("alternate-exchange", Kind.STRING, EnumSet.noneOf(QueueType.class), true),
    DEAD_LETTER_EXCHANGE("dead-letter-exchange", Kind.STRING, EnumSet.of(CLASSIC, QUORUM), false),
    DEAD_LETTER_ROUTING_KEY("dead-letter-routing-key", Kind.STRING, EnumSet.of(CLASSIC, QUORUM), false),
    DEAD_LETTER_STRATEGY("dead-letter-strategy", Kind.oneOf("at-most-once", "at-least-once"), EnumSet.of(QUORUM),
            false),
    MESSAGE_TTL("message-ttl", Kind.NON_NEGATIVE_INT, EnumSet.of(CLASSIC, QUORUM), false),
    EXPIRES("expires", Kind.POSITIVE_INT, EnumSet.of(CLASSIC, QUORUM), false),
    MAX_LENGTH("max-length", Kind.NON_NEGATIVE_INT, EnumSet.of(CLASSIC, QUORUM), false),
    MAX_LENGTH_BYTES("max-length-bytes", Kind.NON_NEGATIVE_INT, EnumSet.of(CLASSIC, QUORUM, STREAM), false),
    OVERFLOW("overflow", Kind.oneOf("drop-head", "reject-publish", "reject-publish-dlx"), EnumSet.of(CLASSIC, QUORUM),
            false),
    QUEUE_MODE("queue-mode", Kind.oneOf("default", "lazy"), EnumSet.of(CLASSIC), false),
    QUEUE_VERSION("queue-version", Kind.range(1, 2), EnumSet.of(CLASSIC), false),
    QUEUE_MASTER_LOCATOR("queue-master-locator", Kind.oneOf("min-masters", "client-local", "random"),
            EnumSet.of(CLASSIC), false),
    QUEUE_LEADER_LOCATOR("queue-leader-locator", Kind.oneOf("client-local", "balanced"), EnumSet.of(QUORUM, STREAM),
            false),
    DELIVERY_LIMIT("delivery-limit", Kind.NON_NEGATIVE_INT, EnumSet.of(QUORUM), false),
    MAX_IN_MEMORY_LENGTH("max-in-memory-length", Kind.NON_NEGATIVE_INT, EnumSet.of(QUORUM), false),
    MAX_IN_MEMORY_BYTES("max-in-memory-bytes", Kind.NON_NEGATIVE_INT, EnumSet.of(QUORUM), false),
    MAX_AGE("max-age", Kind.AGE, EnumSet.of(STREAM), false),
    STREAM_SEGMENT_SIZE("stream-max-segment-size-bytes", Kind.POSITIVE_INT, EnumSet.of(STREAM), false),
    HA_MODE("ha-mode", Kind.oneOf("all", "exactly", "nodes"), EnumSet.of(CLASSIC), false),
    HA_PARAMS("ha-params", new Kind("a count > 0 (ha-mode exactly) or a list of node names (ha-mode nodes)",
            v -> v instanceof Integer i && i > 0 || v instanceof List<?> l && !l.isEmpty()
                    && l.stream().allMatch(String.class::isInstance)), EnumSet.of(CLASSIC), false),
    HA_SYNC_MODE("ha-sync-mode", Kind.oneOf("manual", "automatic"), EnumSet.of(CLASSIC), false),
    HA_SYNC_BATCH_SIZE("ha-sync-batch-size", Kind.POSITIVE_INT, EnumSet.of(CLASSIC), false),
    HA_PROMOTE_ON_SHUTDOWN("ha-promote-on-shutdown", Kind.oneOf("always", "when-synced"), EnumSet.of(CLASSIC), false),
    HA_PROMOTE_ON_FAILURE("ha-promote-on-failure", Kind.oneOf("always", "when-synced"), EnumSet.of(CLASSIC), false);

    final String key;
    final Kind kind;
    final Set<QueueType> queueTypes;
    final boolean forExchanges;

    PolicyKey(String key, Kind kind, Set<QueueType> queueTypes, boolean forExchanges) {
        this.key = key;
        this.kind = kind;
        this.queueTypes = queueTypes;
        this.forExchanges = forExchanges;
    }

    boolean mirroring() {
        return key.startsWith("ha-");
    }

    static Optional<PolicyKey> named(String key) {
        for (PolicyKey policyKey : values()) {
            if (policyKey.key.equals(key)) {
                return Optional.of(policyKey);
            }
        }
        return Optional.empty();
    }
}
