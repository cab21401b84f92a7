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

    static void check(PolicySpec spec, BrokerVersion broker) {
        String policy = "policy '" + spec.name() + "'";
        if (spec.name() == null || spec.name().isBlank()) {
            throw new InvalidTopologyException("a policy needs a name", "");
        }
        try {
            java.util.regex.Pattern.compile(spec.pattern());
        } catch (java.util.regex.PatternSyntaxException | NullPointerException e) {
            throw new InvalidTopologyException(policy + ": pattern '" + spec.pattern()
                    + "' is not a valid regular expression", "e.g. ^orders\\. for names starting with 'orders.'");
        }
        if (spec.applyTo().queueType() != null && !broker.atLeast(BrokerVersion.V3_12)) {
            throw new InvalidTopologyException(policy + ": apply-to " + spec.applyTo().value()
                    + " needs RabbitMQ 3.12 or later, this is " + broker, "use queues");
        }
        if (spec.definition().isEmpty()) {
            throw new InvalidTopologyException(policy + " sets nothing", "add at least one key with set(key, value)");
        }
        for (Map.Entry<String, Object> entry : spec.definition().entrySet()) {
            checkPolicyKey(spec, policy, entry.getKey(), entry.getValue(), broker);
        }
        checkMirroring(spec, policy);
    }

    private static void checkPolicyKey(PolicySpec spec, String policy, String key, Object value,
                                       BrokerVersion broker) {
        PolicyKey known = PolicyKey.named(key).orElseThrow(() -> new InvalidTopologyException(policy + ": key '" + key
                + "' does not exist", "built-in keys: " + java.util.Arrays.stream(PolicyKey.values())
                .map(k -> k.key).toList() + "; a plugin's keys go through setUnchecked"));
        if (value == null || !known.kind.accepts().test(value)) {
            throw new InvalidTopologyException(policy + ": " + key + " must be " + known.kind.description() + ", got "
                    + describe(value), "numbers must be integers (int or long), not strings");
        }
        PolicySpec.ApplyTo applyTo = spec.applyTo();
        boolean forQueues = applyTo != PolicySpec.ApplyTo.EXCHANGES;
        boolean applies = known.forExchanges
                ? applyTo == PolicySpec.ApplyTo.EXCHANGES || applyTo == PolicySpec.ApplyTo.ALL
                : forQueues && (applyTo.queueType() == null || known.queueTypes.contains(applyTo.queueType()));
        if (!applies) {
            throw new InvalidTopologyException(policy + ": " + key + " does nothing for apply-to " + applyTo.value(),
                    known.forExchanges ? "it applies to exchanges"
                            : "it applies to " + known.queueTypes.toString().toLowerCase(java.util.Locale.ROOT)
                            + " queues");
        }
        if (known == PolicyKey.OVERFLOW && "reject-publish-dlx".equals(value)
                && applyTo == PolicySpec.ApplyTo.QUORUM_QUEUES) {
            throw new InvalidTopologyException(policy + ": quorum queues do not support reject-publish-dlx",
                    "use drop-head or reject-publish");
        }
        checkPolicyVersion(policy, known, broker);
    }

    private static void checkPolicyVersion(String policy, PolicyKey key, BrokerVersion broker) {
        if (key.mirroring() && broker.atLeast(BrokerVersion.V4_0)) {
            throw new InvalidTopologyException(policy + ": " + key.key + ": classic queue mirroring was removed in"
                    + " RabbitMQ 4.0", "replicate with quorum queues (or streams) instead");
        }
        if (key == PolicyKey.QUEUE_MODE && broker.atLeast(BrokerVersion.V3_12)) {
            throw new InvalidTopologyException(policy + ": queue-mode has no effect on RabbitMQ " + broker,
                    "since 3.12 classic queues keep messages on disk as lazy ones did; drop the key");
        }
        if ((key == PolicyKey.MAX_IN_MEMORY_LENGTH || key == PolicyKey.MAX_IN_MEMORY_BYTES)
                && broker.atLeast(BrokerVersion.V4_0)) {
            throw new InvalidTopologyException(policy + ": " + key.key + " was removed in RabbitMQ 4.0",
                    "quorum queues keep messages on disk; drop the key");
        }
        if ((key == PolicyKey.DEAD_LETTER_STRATEGY || key == PolicyKey.QUEUE_VERSION
                || key == PolicyKey.QUEUE_LEADER_LOCATOR) && !broker.atLeast(BrokerVersion.V3_10)) {
            throw new InvalidTopologyException(policy + ": " + key.key + " needs RabbitMQ 3.10 or later",
                    "upgrade, or drop the key");
        }
    }

    /** ha-mode and ha-params go together: exactly takes a count, nodes a list of nodes, all nothing. */
    private static void checkMirroring(PolicySpec spec, String policy) {
        Object mode = spec.definition().get(PolicyKey.HA_MODE.key);
        Object params = spec.definition().get(PolicyKey.HA_PARAMS.key);
        boolean consistent = mode == null ? params == null && spec.definition().keySet().stream()
                .noneMatch(k -> k.startsWith("ha-"))
                : switch ((String) mode) {
                    case "exactly" -> params instanceof Integer;
                    case "nodes" -> params instanceof java.util.List;
                    default -> params == null;
                };
        if (!consistent) {
            throw new InvalidTopologyException(policy + ": ha-mode " + mode + " with ha-params " + describe(params),
                    "ha-mode all: no ha-params; exactly: a count; nodes: a list of node names; other ha- keys need"
                            + " ha-mode");
        }
    }

    private static String describe(Object value) {
        return value == null ? "null" : "'" + value + "' (" + value.getClass().getSimpleName() + ")";
    }
}
