package dev.rabbittune.doctor.internal.rules;

import static dev.rabbittune.doctor.Severity.CRITICAL;
import static dev.rabbittune.doctor.Severity.INFO;
import static dev.rabbittune.doctor.Severity.WARNING;

import dev.rabbittune.doctor.Finding;
import dev.rabbittune.doctor.Rule;
import dev.rabbittune.doctor.Scope;
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
    /** Every {@code x-} queue argument RabbitMQ 3.8-4.x knows (queues guide and the per-type guides). */
    private static final Set<String> KNOWN_ARGUMENTS = Set.of("x-message-ttl", "x-expires", "x-max-length",
            "x-max-length-bytes", "x-overflow", "x-dead-letter-exchange", "x-dead-letter-routing-key",
            "x-dead-letter-strategy", "x-single-active-consumer", "x-max-priority", "x-queue-mode",
            "x-queue-master-locator", "x-queue-leader-locator", "x-queue-type", "x-queue-version",
            "x-quorum-initial-group-size", "x-quorum-target-group-size", "x-delivery-limit",
            "x-max-in-memory-length", "x-max-in-memory-bytes", "x-max-age", "x-stream-max-segment-size-bytes",
            "x-initial-cluster-size", "x-stream-filter-size-bytes", "x-consumer-timeout", "x-ha-policy");

    static final Advice MIRRORING = new Advice("classic-mirroring-policy", Scope.BROKER,
            "This policy mirrors classic queues (ha-mode); mirroring is deprecated, slow to synchronise and was "
                    + "removed in RabbitMQ 4.0, where the policy keys are ignored.",
            "migrate to quorum queues (declare with x-queue-type=quorum), then rabbitmqctl clear_policy POLICY",
            Docs.MIGRATE_MIRRORING);
    static final Advice TOO_FEW_MEMBERS = new Advice("quorum-queue-too-few-members", Scope.QUEUE,
            "A quorum queue with fewer than 3 members cannot survive the loss of a node although the cluster "
                    + "could give it more replicas.",
            "rabbitmq-queues grow NODE all (or add_member VHOST QUEUE NODE); declare with "
                    + "x-quorum-initial-group-size = 3", Docs.QUORUM);
    static final Advice MEMBERS_DOWN = new Advice("quorum-queue-members-down", Scope.QUEUE,
            "Members of this quorum queue are offline; without a majority online the queue is unavailable, "
                    + "with only a majority one more failure makes it so.",
            "bring the nodes back; rabbitmq-queues check_if_node_is_quorum_critical before any maintenance",
            Docs.QUORUM);
    static final Advice NO_DELIVERY_LIMIT = new Advice("quorum-queue-no-delivery-limit", Scope.QUEUE,
            "No delivery limit: a poison message that makes consumers crash or requeue is redelivered forever "
                    + "(before RabbitMQ 4.0 there is no default limit).",
            "rabbitmqctl set_policy qq-poison '.*' '{\"delivery-limit\":20,\"dead-letter-exchange\":\"dlx\"}' "
                    + "--apply-to quorum_queues", Docs.QUORUM);
    static final Advice DLX_MISSING = new Advice("dead-letter-exchange-missing", Scope.QUEUE,
            "The queue dead-letters to an exchange that does not exist, so dead-lettered messages are silently "
                    + "discarded.", "declare the exchange, or fix the dead-letter-exchange name", Docs.DLX);
    static final Advice INVALID_TYPE = new Advice("queue-type-invalid", Scope.QUEUE,
            "x-queue-type must be classic, quorum or stream ('lazy' is a classic-queue mode, not a type).",
            "redeclare with x-queue-type = classic/quorum/stream; lazy behaviour: x-queue-mode = lazy "
                    + "(before 3.12)", Docs.QUEUES);
    static final Advice UNKNOWN_ARGUMENT = new Advice("queue-argument-unknown", Scope.QUEUE,
            "The queue was declared with an x- argument RabbitMQ does not know; the broker accepts and ignores "
                    + "it, so the behaviour the author expected does not happen.",
            "remove the argument; placement is x-queue-leader-locator or a policy, limits are x-max-length …",
            Docs.QUEUES);
    static final Advice IGNORED_ARGUMENT = new Advice("queue-argument-ignored", Scope.QUEUE,
            "The queue has an argument or policy key that does nothing for its type or version "
                    + "(x-max-in-memory-length is quorum-only and removed in 4.0; lazy mode is ignored since "
                    + "3.12 and by quorum queues).",
            "remove the argument or policy key", Docs.LAZY);

    private QueueTypeRules() {
    }

    static List<Rule> rules() {
        return List.of(
                Rule.of(MIRRORING.id(), QueueTypeRules::mirroring),
                Rule.of(TOO_FEW_MEMBERS.id(), QueueTypeRules::tooFewMembers),
                Rule.of(MEMBERS_DOWN.id(), QueueTypeRules::membersDown),
                Rule.of(NO_DELIVERY_LIMIT.id(), QueueTypeRules::noDeliveryLimit),
                Rule.of(DLX_MISSING.id(), QueueTypeRules::dlxMissing),
                QueueRules.perQueue(INVALID_TYPE, q -> q.arguments().containsKey("x-queue-type")
                        && !QUEUE_TYPES.contains(String.valueOf(q.arguments().get("x-queue-type")))
                        ? INVALID_TYPE.finding(WARNING, q.subject(), Evidence.of("x-queue-type",
                                q.arguments().get("x-queue-type"))) : null),
                QueueRules.perQueue(UNKNOWN_ARGUMENT, QueueTypeRules::unknownArgument),
                Rule.of(IGNORED_ARGUMENT.id(), QueueTypeRules::ignoredArgument));
    }

    static List<Finding> mirroring(Snapshot s) {
        return s.broker().policies().stream().filter(p -> p.definition().containsKey("ha-mode"))
                .map(p -> MIRRORING.finding(WARNING, QueueFacts.subjectOf(p.vhost(), p.name()), Evidence.of("pattern",
                        p.pattern(), "ha-mode", p.definition().get("ha-mode"), "ha-params",
                        p.definition().get("ha-params"), "version", s.broker().overview().rabbitmqVersion()),
                        "migrate matching queues to quorum queues (x-queue-type=quorum), then rabbitmqctl "
                                + "clear_policy -p " + p.vhost() + " " + p.name()))
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
                        "clusterNodes", nodes)))
                .toList(), "queues");
    }

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
            if (!down.isEmpty()) {
                boolean quorumLost = q.members().size() - down.size() <= q.members().size() / 2;
                findings.add(MEMBERS_DOWN.finding(quorumLost ? CRITICAL : WARNING, q.subject(),
                        Evidence.of("members", q.members(), "down", down, "quorumLost", quorumLost)));
            }
        }
        return Subjects.capped(findings, "queues");
    }

    static List<Finding> noDeliveryLimit(Snapshot s) {
        boolean defaultLimit = Versions.atLeast(s.broker().overview().rabbitmqVersion(), 4, 0);
        return Subjects.capped(s.broker().queues().stream().filter(QueueFacts::isQuorum).filter(q -> {
            Object limit = q.setting("delivery-limit");
            // 4.0 sets a default of 20; -1 there means "unlimited" on purpose, which is still a poison loop
            return limit == null ? !defaultLimit : limit instanceof Number n && n.intValue() < 0;
        }).map(q -> NO_DELIVERY_LIMIT.finding(WARNING, q.subject(), Evidence.of("delivery-limit",
                q.setting("delivery-limit") == null ? "none" : q.setting("delivery-limit"), "version",
                s.broker().overview().rabbitmqVersion()), PolicyCommands.setKeys(s, q, "qq-poison",
                        Map.of("delivery-limit", 20), "quorum_queues") + "; with a \"dead-letter-exchange\" key "
                        + "too, the messages dropped at the limit are kept")).toList(), "queues");
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

    static Finding unknownArgument(QueueFacts q) {
        List<String> unknown = q.arguments().keySet().stream().filter(k -> !KNOWN_ARGUMENTS.contains(k))
                .sorted().toList();
        return unknown.isEmpty() ? null : UNKNOWN_ARGUMENT.finding(WARNING, q.subject(),
                Evidence.of("unknownArguments", unknown));
    }

    static List<Finding> ignoredArgument(Snapshot s) {
        boolean lazyIgnored = Versions.atLeast(s.broker().overview().rabbitmqVersion(), 3, 12);
        List<Finding> findings = new ArrayList<>();
        for (QueueFacts q : s.broker().queues()) {
            List<String> ignored = new ArrayList<>();
            if (!q.isQuorum() && (q.setting("max-in-memory-length") != null
                    || q.setting("max-in-memory-bytes") != null)) {
                ignored.add("max-in-memory-length/bytes on a " + q.type() + " queue");
            }
            if ("lazy".equals(q.setting("queue-mode")) && (lazyIgnored || !"classic".equals(q.type()))) {
                ignored.add("queue-mode lazy on a " + q.type() + " queue"
                        + (lazyIgnored ? " (ignored since 3.12)" : ""));
            }
            if (!ignored.isEmpty()) {
                findings.add(IGNORED_ARGUMENT.finding(INFO, q.subject(), Evidence.of("ignored", ignored)));
            }
        }
        return Subjects.capped(findings, "queues");
    }
}
