package dev.rabbittune.doctor.internal.rules;

import static dev.rabbittune.doctor.Severity.CRITICAL;
import static dev.rabbittune.doctor.Severity.INFO;
import static dev.rabbittune.doctor.Severity.WARNING;

import dev.rabbittune.doctor.Finding;
import dev.rabbittune.doctor.Rule;
import dev.rabbittune.doctor.Scope;
import dev.rabbittune.doctor.internal.versions.BrokerRelease;
import dev.rabbittune.doctor.internal.versions.QueueArguments;
import dev.rabbittune.doctor.internal.versions.Release;
import dev.rabbittune.doctor.internal.versions.VersionFact;
import dev.rabbittune.doctor.snapshot.NodeFacts;
import dev.rabbittune.doctor.snapshot.QueueFacts;
import dev.rabbittune.doctor.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Queue types and declarations: mirroring, quorum membership, delivery limits, invalid or ignored arguments. */
final class QueueTypeRules {

    private static final Set<String> QUEUE_TYPES = Set.of("classic", "quorum", "stream");
    static final Advice MIRRORING = new Advice("classic-mirroring-policy", Scope.BROKER,
            "This policy mirrors classic queues (ha-mode); mirroring is deprecated, slow to synchronise and was "
                    + "removed in RabbitMQ 4.0, where the policy keys are ignored.",
            "migrate to quorum queues (declare with x-queue-type=quorum), then rabbitmqctl clear_policy POLICY",
            Docs.MIGRATE_MIRRORING);
    static final Advice TOO_FEW_MEMBERS = new Advice("quorum-queue-too-few-members", Scope.QUEUE,
            "A quorum queue with fewer than 3 members cannot survive the loss of a node although the cluster "
                    + "could give it more replicas.",
            "rabbitmq-queues add_member [--vhost VHOST] QUEUE NODE for each missing member, or rabbitmq-queues "
                    + "grow NODE all; declare new queues with x-quorum-initial-group-size = 3", Docs.QUORUM);
    static final Advice MEMBERS_DOWN = new Advice("quorum-queue-members-down", Scope.QUEUE,
            "Members of this quorum queue are offline, or it has no elected leader: without a majority online "
                    + "the queue is unavailable, with only a majority one more failure makes it so.",
            "bring the nodes back; rabbitmq-queues check_if_node_is_quorum_critical before any maintenance",
            Docs.QUORUM);
    static final Advice MEMBER_COUNT = new Advice("quorum-queue-member-count", Scope.QUEUE,
            "A quorum queue with an even number of members survives no more member losses than with one fewer "
                    + "(4 members tolerate 1 loss, like 3), and every write waits for more replicas; the quorum "
                    + "queue guide advises an odd number and no more than 7.",
            "rabbitmq-queues delete_member [--vhost VHOST] QUEUE NODE to an odd count (3 or 5), or add one",
            Docs.QUORUM);
    static final Advice NO_DELIVERY_LIMIT = new Advice("quorum-queue-no-delivery-limit", Scope.QUEUE,
            "No delivery limit: a poison message that makes consumers crash or requeue is redelivered forever "
                    + "(before RabbitMQ 4.0 there is no default limit).",
            "rabbitmqctl set_policy qq-poison '.*' '{\"delivery-limit\":20,\"dead-letter-exchange\":\"dlx\"}' "
                    + "--apply-to quorum_queues", Docs.QUORUM);
    static final Advice DLX_MISSING = new Advice("dead-letter-exchange-missing", Scope.QUEUE,
            "The queue dead-letters to an exchange that does not exist, so dead-lettered messages are silently "
                    + "discarded.", "declare the exchange, or fix the dead-letter-exchange name", Docs.DLX);
    static final Advice DEAD_LETTERS_DROPPED = new Advice("dead-letters-dropped", Scope.BROKER,
            "Messages were dead-lettered by queues with no dead-letter exchange, so they were dropped: expired "
                    + "(TTL), rejected or nacked without requeue, pushed out by a length limit, or past the "
                    + "delivery limit (counted by the broker since the node started).",
            "where the messages matter, add a dead-letter exchange (policy key dead-letter-exchange, the exchange "
                    + "declared and bound to a queue); expired messages may be dropped on purpose",
            Docs.DLX);
    static final Advice INVALID_TYPE = new Advice("queue-type-invalid", Scope.QUEUE,
            "x-queue-type must be classic, quorum or stream ('lazy' is a classic-queue mode, not a type).",
            "redeclare with x-queue-type = classic/quorum/stream; lazy behaviour: x-queue-mode = lazy "
                    + "(before 3.12)", Docs.QUEUES);
    static final Advice UNKNOWN_ARGUMENT = new Advice("queue-argument-unknown", Scope.QUEUE,
            "The queue was declared with an x- argument no queue type of this RabbitMQ version reads; the broker "
                    + "accepts and ignores it, so the behaviour the author expected does not happen "
                    + "(x-ha-policy, for one, did something only in 2.6-2.8).",
            "remove the argument; placement is x-queue-leader-locator or a policy, limits are x-max-length …",
            Docs.QUEUES);
    static final Advice IGNORED_ARGUMENT = new Advice("queue-argument-ignored", Scope.QUEUE,
            "The queue has an argument or policy key that does nothing for its type or version: quorum queues "
                    + "ignore x-max-in-memory-length/bytes since 3.10 (they keep no messages in memory), lazy "
                    + "mode is ignored since 3.12 and by other types, and from 4.3 only quorum queues evaluate "
                    + "consumer timeouts.",
            "remove the argument or policy key", Docs.QUEUES);

    private QueueTypeRules() {
    }

    static List<Rule> rules() {
        return List.of(
                Rule.of(MIRRORING.id(), QueueTypeRules::mirroring),
                Rule.of(TOO_FEW_MEMBERS.id(), QueueTypeRules::tooFewMembers),
                Rule.of(MEMBERS_DOWN.id(), QueueTypeRules::membersDown),
                Rule.of(MEMBER_COUNT.id(), QueueTypeRules::memberCount),
                Rule.of(NO_DELIVERY_LIMIT.id(), QueueTypeRules::noDeliveryLimit),
                Rule.of(DLX_MISSING.id(), QueueTypeRules::dlxMissing),
                Rule.of(DEAD_LETTERS_DROPPED.id(), QueueTypeRules::deadLettersDropped),
                QueueRules.perQueue(INVALID_TYPE, q -> q.arguments().containsKey("x-queue-type")
                        && !QUEUE_TYPES.contains(String.valueOf(q.arguments().get("x-queue-type")))
                        ? INVALID_TYPE.finding(WARNING, q.subject(), Evidence.of("x-queue-type",
                                q.arguments().get("x-queue-type"))) : null),
                QueueRules.perQueueIn(UNKNOWN_ARGUMENT, QueueTypeRules::unknownArgument),
                Rule.of(IGNORED_ARGUMENT.id(), QueueTypeRules::ignoredArgument));
    }

    /** Before 4.0 the policy mirrors (deprecated); from 4.0 its ha-* keys do nothing and the queues are not replicated. */
    static List<Finding> mirroring(Snapshot s) {
        boolean removed = BrokerRelease.of(s).has(VersionFact.CLASSIC_MIRRORING_REMOVED);
        return s.broker().policies().stream().filter(p -> p.definition().containsKey("ha-mode"))
                .map(p -> MIRRORING.finding(WARNING, QueueFacts.subjectOf(p.vhost(), p.name()), Evidence.of("pattern",
                        p.pattern(), "ha-mode", p.definition().get("ha-mode"), "ha-params",
                        p.definition().get("ha-params"), "version", s.broker().overview().rabbitmqVersion(),
                        "mirroring", removed ? "removed in 4.0: the queues it matches have no replicas" : "deprecated"),
                        removed ? "the ha-* keys do nothing since 4.0: declare the queues that need replicas as quorum "
                                + "queues (x-queue-type=quorum), then remove the ha-* keys from " + p.name()
                                + " (rabbitmqctl clear_policy -p " + p.vhost() + " " + p.name() + " if nothing else "
                                + "is in it)"
                                : "migrate matching queues to quorum queues (x-queue-type=quorum) before upgrading to "
                                        + "4.0, then rabbitmqctl clear_policy -p " + p.vhost() + " " + p.name()))
                .toList();
    }

    static List<Finding> tooFewMembers(Snapshot s) {
        long nodes = s.broker().nodes().size();
        if (nodes < 3) {
            return List.of();
        }
        return Subjects.capped(s.broker().queues().stream().filter(QueueFacts::isQuorum)
                .filter(q -> !q.members().isEmpty() && q.members().size() < 3)
                .map(q -> TOO_FEW_MEMBERS.finding(WARNING, q.subject(), Evidence.of("members", q.members(),
                        "clusterNodes", nodes), addMembers(s, q)))
                .toList(), "queues");
    }

    /** {@code rabbitmq-queues add_member [--vhost V] <queue> <node>} (rabbitmq_cli add_member_command.ex usage). */
    private static String addMembers(Snapshot s, QueueFacts q) {
        String vhost = q.vhost() == null || q.vhost().equals("/") ? "" : "--vhost " + PolicyCommands.shell(q.vhost())
                + " ";
        List<String> commands = s.broker().nodes().stream().filter(NodeFacts::running).map(NodeFacts::name)
                .filter(n -> !q.members().contains(n)).limit(3 - q.members().size())
                .map(n -> "rabbitmq-queues add_member " + vhost + PolicyCommands.shell(q.name()) + " " + n).toList();
        return commands.isEmpty() ? TOO_FEW_MEMBERS.fix() : String.join(" && ", commands);
    }

    /**
     * Members offline, or no leader: on 3.10-3.12 {@code leader} is null when the leader's process is dead and
     * {@code online} lists live Ra members; from 3.13 {@code state} is {@code minority} or {@code down} when too few
     * members' nodes run ({@code rabbit_quorum_queue.erl@v3.13.7:1716-1746}), and {@code leader} is the last one
     * recorded, so it is not proof of life.
     */
    static List<Finding> membersDown(Snapshot s) {
        Set<String> running = s.broker().nodes().stream().filter(NodeFacts::running).map(NodeFacts::name)
                .collect(Collectors.toSet());
        List<Finding> findings = new ArrayList<>();
        for (QueueFacts q : s.broker().queues()) {
            if (!q.isQuorum() || q.members().isEmpty()) {
                continue;
            }
            List<String> down = q.members().stream()
                    .filter(m -> !running.contains(m) || !q.online().isEmpty() && !q.online().contains(m)).toList();
            boolean minorityState = "minority".equals(q.state()) || "down".equals(q.state());
            boolean noLeader = q.leader() == null && !q.online().isEmpty() && s.broker().queues().stream()
                    .anyMatch(other -> other.leader() != null); // leaders are reported by this broker
            if (down.isEmpty() && !minorityState && !noLeader) {
                continue;
            }
            boolean quorumLost = q.members().size() - down.size() <= q.members().size() / 2 || minorityState;
            findings.add(MEMBERS_DOWN.finding(quorumLost || noLeader ? CRITICAL : WARNING, q.subject(),
                    Evidence.of("members", q.members(), "down", down, "quorumLost", quorumLost, "state", q.state(),
                            "leader", q.leader() == null ? "none elected" : q.leader())));
        }
        return Subjects.capped(findings, "queues");
    }

    /** An even member count tolerates no more failures than one member fewer; more than 7 slows every write. */
    static List<Finding> memberCount(Snapshot s) {
        return Subjects.capped(s.broker().queues().stream().filter(QueueFacts::isQuorum)
                .filter(q -> q.members().size() >= 2 && q.members().size() % 2 == 0 || q.members().size() > 7)
                .map(q -> MEMBER_COUNT.finding(q.members().size() > 7 ? WARNING : INFO, q.subject(),
                        Evidence.of("members", q.members().size(), "tolerates", (q.members().size() - 1) / 2)))
                .toList(), "queues");
    }

    static List<Finding> noDeliveryLimit(Snapshot s) {
        boolean defaultLimit = BrokerRelease.of(s).has(VersionFact.QUORUM_DEFAULT_DELIVERY_LIMIT);
        return Subjects.capped(s.broker().queues().stream().filter(QueueFacts::isQuorum).filter(q -> {
            Object limit = deliveryLimit(q);
            // 4.0 sets a default of 20; -1 there means "unlimited" on purpose, which is still a poison loop
            return limit == null ? !defaultLimit : limit instanceof Number n && n.intValue() < 0;
        }).map(q -> NO_DELIVERY_LIMIT.finding(WARNING, q.subject(), Evidence.of("delivery-limit",
                deliveryLimit(q) == null ? "none" : deliveryLimit(q), "version",
                s.broker().overview().rabbitmqVersion()), PolicyCommands.setKeys(s, q, "qq-poison",
                        Map.of("delivery-limit", 20), "quorum_queues") + "; with a \"dead-letter-exchange\" key "
                        + "too, the messages dropped at the limit are kept")).toList(), "queues");
    }

    /**
     * The delivery limit a quorum queue applies when both the argument and the policy set one: the larger if
     * either is negative (unlimited), the smaller otherwise (rabbit_quorum_queue.erl@v4.0.9:371-375).
     */
    static Object deliveryLimit(QueueFacts q) {
        Object argument = q.arguments().get("x-delivery-limit");
        Object policy = q.effectivePolicy().get("delivery-limit");
        if (argument instanceof Number a && policy instanceof Number p) {
            return a.intValue() < 0 || p.intValue() < 0 ? Math.max(a.intValue(), p.intValue())
                    : Math.min(a.intValue(), p.intValue());
        }
        return argument != null ? argument : policy;
    }

    static List<Finding> dlxMissing(Snapshot s) {
        if (s.broker().exchanges().isEmpty()) {
            return List.of();
        }
        Set<String> exchanges = s.broker().exchanges().stream().map(e -> e.vhost() + "/" + e.name())
                .collect(Collectors.toSet());
        return Subjects.capped(s.broker().queues().stream().filter(q -> q.setting("dead-letter-exchange") != null)
                .filter(q -> !exchanges.contains(q.vhost() + "/" + q.setting("dead-letter-exchange")))
                .map(q -> DLX_MISSING.finding(WARNING, q.subject(), Evidence.of("dead-letter-exchange",
                        q.setting("dead-letter-exchange"))))
                .toList(), "queues");
    }

    /** From the scraped node's counters; rejected and delivery-limit losses are warnings, TTL expiry INFO. */
    static List<Finding> deadLettersDropped(Snapshot s) {
        if (s.broker().prometheus() == null) {
            return List.of();
        }
        Map<String, Long> dropped = s.broker().prometheus().deadLetteredDropped().entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, java.util.TreeMap::new));
        if (dropped.isEmpty()) {
            return List.of();
        }
        boolean onlyExpired = dropped.keySet().equals(Set.of("expired"));
        return List.of(DEAD_LETTERS_DROPPED.finding(onlyExpired ? INFO : WARNING, s.broker().prometheus().endpoint(),
                Evidence.of("droppedByReason", dropped, "since", "the node started")));
    }

    static Finding unknownArgument(Snapshot s, QueueFacts q) {
        Release release = BrokerRelease.of(s).rabbitmq();
        List<String> unknown = q.arguments().keySet().stream()
                .filter(k -> k.startsWith("x-") && !QueueArguments.knownToAnyType(k, release)).sorted().toList();
        return unknown.isEmpty() ? null : UNKNOWN_ARGUMENT.finding(WARNING, q.subject(),
                Evidence.of("unknownArguments", unknown, "version", s.broker().overview().rabbitmqVersion()));
    }

    static List<Finding> ignoredArgument(Snapshot s) {
        BrokerRelease release = BrokerRelease.of(s);
        List<Finding> findings = new ArrayList<>();
        for (QueueFacts q : s.broker().queues()) {
            List<String> ignored = ignored(release, q);
            if (!ignored.isEmpty()) {
                findings.add(IGNORED_ARGUMENT.finding(INFO, q.subject(), Evidence.of("ignored", ignored,
                        "type", q.type(), "version", s.broker().overview().rabbitmqVersion())));
            }
        }
        return Subjects.capped(findings, "queues");
    }

    private static List<String> ignored(BrokerRelease release, QueueFacts q) {
        List<String> ignored = new ArrayList<>();
        boolean inMemory = q.setting("max-in-memory-length") != null || q.setting("max-in-memory-bytes") != null;
        if (inMemory && q.isQuorum() && release.has(VersionFact.QUORUM_IGNORES_IN_MEMORY_LIMITS)) {
            ignored.add("max-in-memory-length/bytes on a quorum queue (ignored since 3.10)");
        } else if (inMemory && !q.isQuorum()) {
            ignored.add("max-in-memory-length/bytes on a " + q.type() + " queue (a quorum-queue key)");
        }
        boolean lazyIgnored = release.has(VersionFact.LAZY_MODE_IGNORED);
        if ("lazy".equals(q.setting("queue-mode")) && (lazyIgnored || !"classic".equals(q.type()))) {
            ignored.add("queue-mode lazy on a " + q.type() + " queue" + (lazyIgnored ? " (ignored since 3.12)" : ""));
        }
        if (q.setting("consumer-timeout") != null && !q.isQuorum()
                && release.has(VersionFact.CONSUMER_TIMEOUT_QUORUM_ONLY)) {
            ignored.add("consumer-timeout on a " + q.type() + " queue (4.3 evaluates it on quorum queues only)");
        }
        // known to another type only: refused at declaration today, so left from an older version or type
        q.arguments().keySet().stream().sorted()
                .filter(k -> QueueArguments.knownToAnyType(k, release.rabbitmq())
                        && !QueueArguments.knownTo(q.type(), k, release.rabbitmq())
                        && !k.startsWith("x-max-in-memory") && !k.equals("x-consumer-timeout"))
                .forEach(k -> ignored.add(k + " on a " + q.type() + " queue (read by other queue types only)"));
        return ignored;
    }
}
