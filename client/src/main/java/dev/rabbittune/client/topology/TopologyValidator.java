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
        // the broker refuses the declaration: "invalid arg 'x-dead-letter-routing-key' ...:
        // routing_key_but_no_dlx_defined" (rabbit_amqqueue's check_dlxrk_arg); a policy may pair them, an argument not
        if (spec.arguments().containsKey(QueueArgument.DEAD_LETTER_ROUTING_KEY.key)
                && !spec.arguments().containsKey(QueueArgument.DEAD_LETTER_EXCHANGE.key)) {
            throw new InvalidTopologyException(spec.type().argument() + " queue '" + spec.name()
                    + "': x-dead-letter-routing-key needs x-dead-letter-exchange among the arguments",
                    "add deadLetterExchange(...) (\"\" is the default exchange)");
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
        checkValue(queue, key, argument.kind, value);
        checkSetting(queue, key, key.substring("x-".length()), value, spec.type(), broker, "argument");
    }

    private static void checkValue(String subject, String key, QueueArgument.Kind kind, Object value) {
        if (value == null || !kind.accepts().test(value)) {
            throw new InvalidTopologyException(subject + ": " + key + " must be " + kind.description() + ", got "
                    + describe(value), "numbers must be integers (int or long), not strings");
        }
    }

    /**
     * The rules that depend on the queue type and the broker version, for a queue setting named as a policy names it
     * (an argument without its x-): the same whether it comes as an argument or through a policy.
     *
     * @param type the queue type, or null when the policy applies to queues of any type
     */
    private static void checkSetting(String subject, String key, String setting, Object value, QueueType type,
                                     BrokerVersion broker, String noun) {
        if (setting.equals("overflow") && "reject-publish-dlx".equals(value) && type == QueueType.QUORUM) {
            throw new InvalidTopologyException(subject + ": quorum queues do not support reject-publish-dlx",
                    "use drop-head or reject-publish");
        }
        if (setting.equals("queue-mode") && broker.atLeast(BrokerVersion.V3_12)) {
            throw new InvalidTopologyException(subject + ": " + key + " has no effect on RabbitMQ " + broker,
                    "since 3.12 classic queues keep messages on disk as lazy ones did; drop the " + noun);
        }
        if (setting.startsWith("max-in-memory-") && broker.atLeast(BrokerVersion.V4_0)) {
            throw new InvalidTopologyException(subject + ": " + key + " was removed in RabbitMQ 4.0",
                    "quorum queues keep messages on disk; drop the " + noun);
        }
        if (java.util.Set.of("dead-letter-strategy", "queue-version", "queue-leader-locator").contains(setting)
                && !broker.atLeast(BrokerVersion.V3_10)) {
            throw new InvalidTopologyException(subject + ": " + key + " needs RabbitMQ 3.10 or later",
                    "upgrade, or drop the " + noun);
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
        checkValue(policy, key, known.kind, value);
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
        if (known.mirroring() && broker.atLeast(BrokerVersion.V4_0)) {
            throw new InvalidTopologyException(policy + ": " + key + ": classic queue mirroring was removed in"
                    + " RabbitMQ 4.0", "replicate with quorum queues (or streams) instead");
        }
        checkSetting(policy, key, key, value, applyTo.queueType(), broker, "key");
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
