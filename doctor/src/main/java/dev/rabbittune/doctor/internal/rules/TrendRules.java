package dev.rabbittune.doctor.internal.rules;

import static dev.rabbittune.doctor.Severity.CRITICAL;
import static dev.rabbittune.doctor.Severity.WARNING;

import dev.rabbittune.doctor.Finding;
import dev.rabbittune.doctor.Rule;
import dev.rabbittune.doctor.Scope;
import dev.rabbittune.doctor.snapshot.NodeFacts;
import dev.rabbittune.doctor.snapshot.Overview;
import dev.rabbittune.doctor.snapshot.QueueFacts;
import dev.rabbittune.doctor.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Findings that need a rate, from the two snapshots of {@code doctor --watch} (silent without them): a queue
 * that grows with no consumer, unacknowledged messages piling up, a disk that runs out within a day at the
 * current rate, and connection churn counted by the broker's own cumulative counters over the watch.
 */
final class TrendRules {

    static final Advice GROWING_NO_CONSUMERS = new Advice("queue-growing-no-consumers", Scope.QUEUE,
            "The queue grew during the watch and had no consumer at either end of it: nothing will drain it, so "
                    + "it grows until a length limit or a resource alarm stops its publishers.",
            "start its consumers, or bound it with a length limit (policy max-length with overflow "
                    + "reject-publish); delete it if abandoned", Docs.CONSUMERS);
    static final Advice UNACKED_GROWING = new Advice("unacked-growing", Scope.QUEUE,
            "Delivered but unacknowledged messages grew during the watch while consumers were attached: "
                    + "consumers receive faster than they acknowledge (stuck handlers, or acks never sent).",
            "clients: ack after processing (multiple=true per batch) and bound prefetch; find the stuck "
                    + "consumer in /api/consumers", Docs.CONSUMERS);
    static final Advice DISK_RUNNING_OUT = new Advice("disk-free-falling", Scope.BROKER,
            "At the rate free disk space fell during the watch, the node reaches its disk free limit within a "
                    + "day, and then the disk alarm blocks every publisher in the cluster.",
            "find what grows on the data dir's file system (queue backlogs, stream retention, logs) and bound it, "
                    + "or grow the file system", Docs.DISK);
    static final Advice CHURN = new Advice("connection-churn-measured", Scope.BROKER,
            "Connections were opened during the watch at a high rate by the broker's own counters; each costs "
                    + "a TCP and AMQP handshake (TLS more), node CPU and a descriptor in TIME_WAIT.",
            "clients: long-lived connections, reused (a pool), never one per message or request", Docs.CONNECTIONS);

    /** Below this the watch is too short for a rate to mean anything (statistics refresh every 5 s). */
    static final double MIN_WATCH_SECONDS = 10;

    private TrendRules() {
    }

    static List<Rule> rules() {
        return List.of(
                Rule.of(GROWING_NO_CONSUMERS.id(), TrendRules::growingWithoutConsumers),
                Rule.of(UNACKED_GROWING.id(), TrendRules::unackedGrowing),
                Rule.of(DISK_RUNNING_OUT.id(), TrendRules::diskRunningOut),
                Rule.of(CHURN.id(), TrendRules::churn));
    }

    private static boolean watched(Snapshot s) {
        return s.earlier() != null && s.secondsSinceEarlier() >= MIN_WATCH_SECONDS;
    }

    private static Map<String, QueueFacts> earlierQueues(Snapshot s) {
        return s.earlier().broker().queues().stream()
                .collect(Collectors.toMap(QueueFacts::subject, Function.identity(), (a, b) -> a));
    }

    /** Each queue seen in both snapshots, judged by {@code check(now, then, seconds)} (null: nothing to say). */
    private static List<Finding> perQueueOverWatch(Snapshot s, QueueTrend check) {
        if (!watched(s)) {
            return List.of();
        }
        double seconds = s.secondsSinceEarlier();
        Map<String, QueueFacts> before = earlierQueues(s);
        List<Finding> findings = new ArrayList<>();
        for (QueueFacts q : s.broker().queues()) {
            QueueFacts then = before.get(q.subject());
            Finding finding = then == null ? null : check.judge(q, then, seconds);
            if (finding != null) {
                findings.add(finding);
            }
        }
        return Subjects.capped(findings, "queues");
    }

    @FunctionalInterface
    private interface QueueTrend {
        Finding judge(QueueFacts now, QueueFacts then, double seconds);
    }

    static List<Finding> growingWithoutConsumers(Snapshot s) {
        return perQueueOverWatch(s, (q, then, seconds) -> {
            if (q.isStream() || q.consumers() > 0 || then.consumers() > 0 || q.messagesReady() <= then.messagesReady()) {
                return null;
            }
            double perSecond = (q.messagesReady() - then.messagesReady()) / seconds;
            return GROWING_NO_CONSUMERS.finding(WARNING, q.subject(), Evidence.of("messagesReadyBefore",
                    then.messagesReady(), "messagesReady", q.messagesReady(), "overSeconds", Evidence.round(seconds),
                    "growthPerSecond", Evidence.round(perSecond)));
        });
    }

    static List<Finding> unackedGrowing(Snapshot s) {
        // a small rise is a consumer's prefetch filling; 1,000 more unacked during the watch is not
        return perQueueOverWatch(s, (q, then, seconds) -> q.consumers() == 0
                || q.messagesUnacked() - then.messagesUnacked() < 1000 ? null
                : UNACKED_GROWING.finding(WARNING, q.subject(), Evidence.of("unackedBefore", then.messagesUnacked(),
                        "unacked", q.messagesUnacked(), "overSeconds", Evidence.round(seconds), "consumers",
                        q.consumers())));
    }

    static List<Finding> diskRunningOut(Snapshot s) {
        if (!watched(s)) {
            return List.of();
        }
        double seconds = s.secondsSinceEarlier();
        Map<String, NodeFacts> before = s.earlier().broker().nodes().stream()
                .collect(Collectors.toMap(NodeFacts::name, Function.identity(), (a, b) -> a));
        List<Finding> findings = new ArrayList<>();
        for (NodeFacts n : s.broker().nodes()) {
            NodeFacts then = before.get(n.name());
            if (then == null || !n.running() || n.diskFreeAlarm() || n.diskFreeBytes() == null
                    || then.diskFreeBytes() == null || n.diskFreeLimitBytes() == null
                    || n.diskFreeBytes() >= then.diskFreeBytes()) {
                continue;
            }
            double fallPerSecond = (then.diskFreeBytes() - n.diskFreeBytes()) / seconds;
            double hoursLeft = (n.diskFreeBytes() - n.diskFreeLimitBytes()) / fallPerSecond / 3600;
            if (hoursLeft < 24) {
                findings.add(DISK_RUNNING_OUT.finding(hoursLeft < 1 ? CRITICAL : WARNING, n.name(), Evidence.of(
                        "diskFreeBefore", Evidence.bytes(then.diskFreeBytes()), "diskFree",
                        Evidence.bytes(n.diskFreeBytes()), "overSeconds", Evidence.round(seconds),
                        "fallPerSecond", Evidence.bytes((long) fallPerSecond), "hoursToLimit",
                        Evidence.round(hoursLeft))));
            }
        }
        return findings;
    }

    /** Same thresholds as connection-churn-high (dashboard: orange above 2/s), from counts not sampled rates. */
    static List<Finding> churn(Snapshot s) {
        if (!watched(s)) {
            return List.of();
        }
        Overview.ChurnTotals now = s.broker().overview().churn();
        Overview.ChurnTotals then = s.earlier().broker().overview().churn();
        if (now == null || then == null || now.connectionsCreated() < then.connectionsCreated()) {
            return List.of(); // not read, or a node restarted and its counters began again
        }
        double seconds = s.secondsSinceEarlier();
        double perSecond = (now.connectionsCreated() - then.connectionsCreated()) / seconds;
        if (perSecond <= 2) {
            return List.of();
        }
        return List.of(CHURN.finding(perSecond >= 100 ? CRITICAL : WARNING, ClusterRules.clusterName(s),
                Evidence.of("connectionsOpened", now.connectionsCreated() - then.connectionsCreated(),
                        "connectionsClosed", now.connectionsClosed() - then.connectionsClosed(), "overSeconds",
                        Evidence.round(seconds), "openedPerSecond", Evidence.round(perSecond))));
    }
}
