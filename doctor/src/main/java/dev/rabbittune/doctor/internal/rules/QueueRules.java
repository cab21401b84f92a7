package dev.rabbittune.doctor.internal.rules;

import static dev.rabbittune.doctor.Severity.CRITICAL;
import static dev.rabbittune.doctor.Severity.INFO;
import static dev.rabbittune.doctor.Severity.WARNING;

import dev.rabbittune.doctor.Finding;
import dev.rabbittune.doctor.Rule;
import dev.rabbittune.doctor.Scope;
import dev.rabbittune.doctor.internal.versions.BrokerRelease;
import dev.rabbittune.doctor.internal.versions.VersionFact;
import dev.rabbittune.doctor.snapshot.QueueFacts;
import dev.rabbittune.doctor.snapshot.Snapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Queue contents and limits: backlogs, slow consumers, unacked build-up, length limits, message sizes. */
final class QueueRules {

    private static final long MIB = 1024L * 1024;

    static final Advice BACKLOG_NO_CONSUMERS = new Advice("queue-backlog-no-consumers", Scope.QUEUE,
            "Messages wait in a queue that has no consumer: they grow memory and disk use until an alarm blocks "
                    + "all publishers.",
            "start consumers, or bound the queue: rabbitmqctl set_policy limit '^QUEUE$' "
                    + "'{\"max-length\":100000,\"overflow\":\"reject-publish\"}' --apply-to queues; delete it if "
                    + "abandoned (policy expires)", Docs.CONSUMERS);
    static final Advice BACKLOG_LARGE = new Advice("queue-backlog-large", Scope.QUEUE,
            "A large backlog despite consumers: they cannot keep up, and latency is now backlog / consume rate.",
            "add consumers, raise their prefetch, or shed load with a length limit", Docs.CONSUMERS);
    static final Advice BACKLOG_GROWING = new Advice("queue-backlog-growing", Scope.QUEUE,
            "The backlog grows: messages arrive faster than they are consumed.",
            "add consumers or raise prefetch; find the slow step in the consumer", Docs.MONITORING);
    static final Advice UTILISATION = new Advice("consumer-utilisation-low", Scope.QUEUE,
            "Consumers could take new messages only part of the time while messages wait: prefetch too small "
                    + "for the network latency, or acks sent too late.",
            "clients: raise basicQos (100-300) and ack with multiple=true per batch", Docs.CONSUMERS);
    static final Advice UNACKED = new Advice("unacked-messages-high", Scope.QUEUE,
            "Many delivered messages are not acknowledged: consumers are stuck or prefetch is huge; these "
                    + "messages hold memory and are redelivered only when the consumer goes away.",
            "clients: ack after processing and set a bounded prefetch (the broker-side timeout depends on the "
                    + "version and queue type: see the fix of each finding)", Docs.CONSUMERS);
    static final Advice NO_LENGTH_LIMIT = new Advice("queue-no-length-limit", Scope.QUEUE,
            "The queue has no length limit, so nothing stops it from growing into a memory or disk alarm when "
                    + "consumers stop.",
            "rabbitmqctl set_policy limits '.*' '{\"max-length\":1000000,\"overflow\":\"reject-publish\"}' "
                    + "--apply-to queues --priority 0 (with publisher confirms so publishers see rejections)",
            Docs.MAXLENGTH);
    static final Advice DROPS_SILENTLY = new Advice("queue-length-limit-drops-silently", Scope.QUEUE,
            "A length limit with overflow drop-head (the default) and no dead-letter exchange discards the "
                    + "oldest messages without telling anyone.",
            "add \"overflow\":\"reject-publish\" (publishers with confirms see it) or a "
                    + "\"dead-letter-exchange\" to the policy", Docs.MAXLENGTH);
    static final Advice LARGE_MESSAGES = new Advice("queue-messages-large", Scope.QUEUE,
            "Messages average more than 1 MiB: they block the connection while transferred, stress memory and "
                    + "make quorum-queue replication slow.",
            "store large payloads elsewhere (object store) and publish a reference; compress bodies",
            Docs.PUBLISHERS);
    static final Advice STREAM_RETENTION = new Advice("stream-no-retention", Scope.QUEUE,
            "A stream without retention keeps every message until the disk is full.",
            "rabbitmqctl set_policy retention '^STREAM$' '{\"max-age\":\"7D\",\"max-length-bytes\":20000000000}' "
                    + "--apply-to streams", Docs.STREAMS);
    static final Advice PRIORITY = new Advice("queue-max-priority-high", Scope.QUEUE,
            "Each priority level costs memory and CPU in a classic queue; the priority guide highly recommends a "
                    + "single-digit number of priorities, and 2 to 4 of them.",
            "declare the queue with x-max-priority of 4 or fewer (a new queue: the argument cannot change)",
            Docs.PRIORITY);

    private QueueRules() {
    }

    static List<Rule> rules() {
        return List.of(
                perQueueIn(BACKLOG_NO_CONSUMERS, QueueRules::backlogNoConsumers),
                perQueue(BACKLOG_LARGE, QueueRules::backlogLarge),
                perQueue(BACKLOG_GROWING, q -> q.messagesReadyRate() > 10 && q.messagesReady() >= 1000
                        ? BACKLOG_GROWING.finding(WARNING, q.subject(), Evidence.of("messagesReady",
                                q.messagesReady(), "growthPerSecond", Evidence.round(q.messagesReadyRate())))
                        : null),
                perQueue(UTILISATION, QueueRules::utilisation),
                perQueueIn(UNACKED, (s, q) -> q.messagesUnacked() > 500 ? UNACKED.finding(WARNING, q.subject(),
                        Evidence.of("messagesUnacked", q.messagesUnacked(), "consumers", q.consumers(), "type",
                                q.type()), unackedFix(BrokerRelease.of(s), q)) : null),
                perQueueIn(NO_LENGTH_LIMIT, QueueRules::noLengthLimit),
                perQueueIn(DROPS_SILENTLY, QueueRules::dropsSilently),
                perQueue(LARGE_MESSAGES, QueueRules::largeMessages),
                perQueueIn(STREAM_RETENTION, (s, q) -> q.isStream() && q.setting("max-age") == null
                        && q.setting("max-length-bytes") == null
                        ? STREAM_RETENTION.finding(WARNING, q.subject(), Evidence.of("type", q.type()),
                                PolicyCommands.setKeys(s, q, "retention", retention(), "streams")) : null),
                perQueue(PRIORITY, QueueRules::priority));
    }

    static Rule perQueue(Advice advice, Function<QueueFacts, Finding> check) {
        return perQueueIn(advice, (s, q) -> check.apply(q));
    }

    /** A per-queue rule that also needs the rest of the snapshot (policies, version). */
    static Rule perQueueIn(Advice advice, BiFunction<Snapshot, QueueFacts, Finding> check) {
        return Rule.of(advice.id(), s -> Subjects.capped(s.broker().queues().stream().map(q -> check.apply(s, q))
                .filter(Objects::nonNull).toList(), "queues"));
    }

    private static Map<String, Object> lengthLimit() {
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("max-length", 1000000);
        keys.put("overflow", "reject-publish");
        return keys;
    }

    private static Map<String, Object> retention() {
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("max-age", "7D");
        keys.put("max-length-bytes", 20000000000L);
        return keys;
    }

    static Finding backlogNoConsumers(Snapshot s, QueueFacts q) {
        if (q.consumers() > 0 || q.messagesReady() == 0 || q.isStream()) {
            return null;
        }
        // dashboard: red above 100k ready messages
        return BACKLOG_NO_CONSUMERS.finding(q.messagesReady() >= 100_000 ? CRITICAL : WARNING, q.subject(),
                Evidence.of("messagesReady", q.messagesReady(), "consumers", 0, "type", q.type()),
                "start consumers, or bound the queue: " + PolicyCommands.setKeys(s, q, "limit", Map.of(
                        "max-length", 100000, "overflow", "reject-publish"), "queues")
                        + "; delete it if abandoned (policy key expires)");
    }

    static Finding backlogLarge(QueueFacts q) {
        if (q.consumers() == 0 || q.messagesReady() < 10_000 || q.isStream()) {
            return null;
        }
        return BACKLOG_LARGE.finding(q.messagesReady() >= 100_000 ? CRITICAL : WARNING, q.subject(),
                Evidence.of("messagesReady", q.messagesReady(), "consumers", q.consumers()));
    }

    static Finding utilisation(QueueFacts q) {
        Double utilisation = q.consumerUtilisation();
        if (utilisation == null || q.consumers() == 0 || q.messagesReady() < 1000 || utilisation >= 0.5) {
            return null;
        }
        return UTILISATION.finding(WARNING, q.subject(), Evidence.of("consumerUtilisation",
                Evidence.round(utilisation), "messagesReady", q.messagesReady(), "consumers", q.consumers()));
    }

    /**
     * What bounds how long a stuck consumer holds messages: before 3.12 only the global consumer_timeout (it
     * closes the channel); from 3.12 also the consumer-timeout policy key and x-consumer-timeout argument; from
     * 4.3 only quorum queues evaluate it, returning the messages to the queue, and classic queues and streams
     * have no broker-side timeout at all.
     */
    static String unackedFix(BrokerRelease release, QueueFacts q) {
        String clients = "clients: ack after processing and set a bounded prefetch (100-300)";
        if (release.has(VersionFact.CONSUMER_TIMEOUT_QUORUM_ONLY)) {
            return q.isQuorum()
                    ? clients + "; broker: a consumer-timeout policy key or x-consumer-timeout (queue or consumer "
                            + "argument) returns a stuck consumer's messages to the queue (4.3)"
                    : clients + "; broker: none on a " + q.type() + " queue, which no longer evaluates "
                            + "consumer_timeout in 4.3 (quorum queues do, and return the messages)";
        }
        String global = "consumer_timeout = 1800000 (the default, 30 min) closes the channel of a consumer that "
                + "holds a message longer";
        return release.has(VersionFact.PER_QUEUE_CONSUMER_TIMEOUT)
                ? clients + "; broker: " + global + ", or per queue with the consumer-timeout policy key (3.12+)"
                : clients + "; broker: " + global;
    }

    static boolean hasLengthLimit(QueueFacts q) {
        return q.setting("max-length") != null || q.setting("max-length-bytes") != null;
    }

    static Finding noLengthLimit(Snapshot s, QueueFacts q) {
        // exclusive queues die with their connection and streams have retention instead
        if (q.exclusive() || q.isStream() || hasLengthLimit(q)) {
            return null;
        }
        return NO_LENGTH_LIMIT.finding(INFO, q.subject(), Evidence.of("messagesReady", q.messagesReady(),
                "policy", q.policy()), PolicyCommands.setKeys(s, q, "limits", lengthLimit(), "queues")
                + "; publish with confirms, so publishers see the rejections");
    }

    static Finding dropsSilently(Snapshot s, QueueFacts q) {
        // a stream's max-length-bytes is retention: streams neither overflow nor dead-letter
        if (q.isStream() || !hasLengthLimit(q) || q.setting("dead-letter-exchange") != null) {
            return null;
        }
        Object overflow = q.setting("overflow");
        boolean dropHead = overflow == null || "drop-head".equals(overflow);
        return dropHead ? DROPS_SILENTLY.finding(WARNING, q.subject(), Evidence.of("max-length",
                q.setting("max-length"), "max-length-bytes", q.setting("max-length-bytes"), "overflow",
                overflow == null ? "drop-head (default)" : overflow), PolicyCommands.setKeys(s, q, "limits",
                Map.of("overflow", "reject-publish"), "queues") + "; publishers with confirms see the rejections; "
                + "or add a \"dead-letter-exchange\" to keep what is dropped") : null;
    }

    static Finding largeMessages(QueueFacts q) {
        long messages = q.messagesReady() + q.messagesUnacked();
        if (messages == 0 || q.messageBytes() / messages <= MIB) {
            return null;
        }
        return LARGE_MESSAGES.finding(WARNING, q.subject(), Evidence.of("averageMessage",
                Evidence.bytes(q.messageBytes() / messages), "messages", messages));
    }

    /** Above 4 is more than the guide recommends (INFO); 10 and more is not single-digit (WARNING). */
    static Finding priority(QueueFacts q) {
        Object value = q.arguments().get("x-max-priority");
        if (!(value instanceof Number number) || number.intValue() <= 4 || !"classic".equals(q.type())) {
            return null;
        }
        return PRIORITY.finding(number.intValue() >= 10 ? WARNING : INFO, q.subject(),
                Evidence.of("x-max-priority", number.intValue(), "recommended", "2 to 4"));
    }
}
