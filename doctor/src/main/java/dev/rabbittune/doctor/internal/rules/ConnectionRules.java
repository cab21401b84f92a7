package dev.rabbittune.doctor.internal.rules;

import static dev.rabbittune.doctor.Severity.CRITICAL;
import static dev.rabbittune.doctor.Severity.INFO;
import static dev.rabbittune.doctor.Severity.WARNING;

import dev.rabbittune.doctor.Finding;
import dev.rabbittune.doctor.Rule;
import dev.rabbittune.doctor.Scope;
import dev.rabbittune.doctor.snapshot.ConnectionFacts;
import dev.rabbittune.doctor.snapshot.Overview;
import dev.rabbittune.doctor.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Client connections: churn, channel leaks, heartbeats, flow control and blocking. */
final class ConnectionRules {

    static final Advice CONNECTION_CHURN = new Advice("connection-churn-high", Scope.BROKER,
            "Connections are opened and closed at a high rate; each costs a TCP and AMQP handshake (TLS even "
                    + "more), CPU on the node and file descriptors in TIME_WAIT.",
            "clients: open long-lived connections and reuse them (a connection pool), never one per message",
            Docs.CONNECTIONS);
    static final Advice CHANNEL_CHURN = new Advice("channel-churn-high", Scope.BROKER,
            "Channels are opened and closed at a high rate (often one per published message); each open/close is "
                    + "a round trip and work for the node.",
            "clients: keep channels open for the life of the thread that uses them (a channel pool)",
            Docs.CHANNELS);
    static final Advice CHANNEL_LEAK = new Advice("channel-leak", Scope.CONNECTION,
            "This connection holds hundreds of channels, the usual sign of channels opened and never closed; "
                    + "each costs memory on the node until the connection dies.",
            "clients: close channels in a finally block or pool them; cap them on the broker: channel_max = 128",
            Docs.CHANNELS);
    static final Advice CHANNELS_PER_CONNECTION = new Advice("channels-per-connection-high", Scope.BROKER,
            "Connections carry many channels on average; all of them share one TCP connection and one "
                    + "flow-control state, so one busy channel slows the others.",
            "clients: spread busy channels over a few connections; channel_max = 128 caps runaway clients",
            Docs.CHANNELS);
    static final Advice HEARTBEAT_DISABLED = new Advice("heartbeat-disabled", Scope.CONNECTION,
            "Heartbeats are off: a dead peer or a silently dropped TCP connection is only noticed after the "
                    + "kernel's keepalive (hours), holding resources and unacked messages meanwhile.",
            "clients: leave the heartbeat at the default 60 s (ConnectionFactory.setRequestedHeartbeat(60)); "
                    + "broker default: heartbeat = 60", Docs.HEARTBEATS);
    static final Advice HEARTBEAT_SHORT = new Advice("heartbeat-too-short", Scope.CONNECTION,
            "A heartbeat timeout under 5 s produces false positives: a GC pause or a busy node closes healthy "
                    + "connections.", "clients: use 5-20 s or the default 60 s", Docs.HEARTBEATS);
    static final Advice HEARTBEAT_LONG = new Advice("heartbeat-too-long", Scope.CONNECTION,
            "A heartbeat timeout over 5 minutes detects dead peers too late to matter.",
            "clients: use the default 60 s or less", Docs.HEARTBEATS);
    static final Advice BLOCKED = new Advice("connection-blocked", Scope.CONNECTION,
            "The broker blocked this publishing connection because of a resource alarm; its publishes wait. "
                    + "(A connection in state 'blocking' has not published since the alarm and is not blocked yet.)",
            "clear the alarm (see memory-alarm / disk-alarm); clients: publish and consume on separate "
                    + "connections so consumers keep draining", Docs.ALARMS);
    static final Advice FLOW = new Advice("connection-flow-control", Scope.CONNECTION,
            "The connection was in flow control in both snapshots of a watch: it publishes faster than its "
                    + "queues (or their replication) absorb. Brief flow is the broker's normal back-pressure; "
                    + "sustained flow caps this publisher's rate.",
            "spread load over more queues/nodes, add consumers, or publish at a sustainable rate",
            Docs.FLOW_CONTROL);

    private ConnectionRules() {
    }

    static List<Rule> rules() {
        return List.of(
                Rule.of(CONNECTION_CHURN.id(), ConnectionRules::connectionChurn),
                Rule.of(CHANNEL_CHURN.id(), ConnectionRules::channelChurn),
                perConnection(CHANNEL_LEAK, ConnectionRules::channelLeak),
                Rule.of(CHANNELS_PER_CONNECTION.id(), ConnectionRules::channelsPerConnection),
                perConnection(HEARTBEAT_DISABLED, c -> heartbeat(c, HEARTBEAT_DISABLED, t -> t == 0)),
                perConnection(HEARTBEAT_SHORT, c -> heartbeat(c, HEARTBEAT_SHORT, t -> t > 0 && t < 5)),
                perConnection(HEARTBEAT_LONG, c -> heartbeat(c, HEARTBEAT_LONG, t -> t > 300)),
                perConnection(BLOCKED, ConnectionRules::blocked),
                Rule.of(FLOW.id(), ConnectionRules::sustainedFlow));
    }

    private static Rule perConnection(Advice advice, Function<ConnectionFacts, Finding> check) {
        return Rule.of(advice.id(), s -> {
            List<Finding> findings = new ArrayList<>();
            for (ConnectionFacts connection : s.broker().connections()) {
                Finding finding = check.apply(connection);
                if (finding != null) {
                    findings.add(finding);
                }
            }
            return Subjects.capped(findings, "connections");
        });
    }

    static List<Finding> connectionChurn(Snapshot s) {
        Overview.Rates rates = s.broker().overview().rates();
        double created = rates.connectionCreated();
        // dashboard: orange above 2/s; the connections guide calls 100/s and more a sign of short-lived connections
        if (created <= 2) {
            return List.of();
        }
        return List.of(CONNECTION_CHURN.finding(created >= 100 ? CRITICAL : WARNING, ClusterRules.clusterName(s),
                Evidence.of("connectionsCreatedPerSecond", Evidence.round(created), "connectionsClosedPerSecond",
                        Evidence.round(rates.connectionClosed()), "connections",
                        s.broker().overview().totals().connections())));
    }

    static List<Finding> channelChurn(Snapshot s) {
        Overview.Rates rates = s.broker().overview().rates();
        return rates.channelCreated() > 50 ? List.of(CHANNEL_CHURN.finding(WARNING, ClusterRules.clusterName(s),
                Evidence.of("channelsCreatedPerSecond", Evidence.round(rates.channelCreated()),
                        "channelsClosedPerSecond", Evidence.round(rates.channelClosed())))) : List.of();
    }

    static Finding channelLeak(ConnectionFacts c) {
        if (c.channels() < 100) {
            return null;
        }
        return CHANNEL_LEAK.finding(c.channels() >= 1000 ? CRITICAL : WARNING, c.name(), Evidence.of("channels",
                c.channels(), "user", c.user(), "client", c.clientProduct(), "peer", c.peerHost()));
    }

    static List<Finding> channelsPerConnection(Snapshot s) {
        List<ConnectionFacts> connections = s.broker().connections();
        if (connections.size() < 10) {
            return List.of();
        }
        double average = connections.stream().mapToInt(ConnectionFacts::channels).average().orElse(0);
        return average > 20 ? List.of(CHANNELS_PER_CONNECTION.finding(INFO, ClusterRules.clusterName(s),
                Evidence.of("averageChannelsPerConnection", Evidence.round(average), "connections",
                        connections.size()))) : List.of();
    }

    static Finding heartbeat(ConnectionFacts c, Advice advice, java.util.function.IntPredicate bad) {
        Integer timeout = c.heartbeatSeconds();
        if (timeout == null || !bad.test(timeout)) {
            return null;
        }
        return advice.finding(advice == HEARTBEAT_LONG ? INFO : WARNING, c.name(), Evidence.of(
                "heartbeatSeconds", timeout, "user", c.user(), "client", c.clientProduct()));
    }

    static Finding blocked(ConnectionFacts c) {
        // 'blocking': the alarm is on but this connection has not published since, so nothing waits yet
        return "blocked".equals(c.state()) ? BLOCKED.finding(CRITICAL, c.name(), Evidence.of("state", c.state(),
                "user", c.user(), "client", c.clientProduct())) : null;
    }

    /** Flow seen once is normal back-pressure: only a connection in flow in both snapshots of a watch is told. */
    static List<Finding> sustainedFlow(Snapshot s) {
        if (s.earlier() == null) {
            return List.of();
        }
        Set<String> flowBefore = s.earlier().broker().connections().stream().filter(c -> "flow".equals(c.state()))
                .map(ConnectionFacts::name).collect(Collectors.toSet());
        return Subjects.capped(s.broker().connections().stream()
                .filter(c -> "flow".equals(c.state()) && flowBefore.contains(c.name()))
                .map(c -> FLOW.finding(INFO, c.name(), Evidence.of("state", c.state(), "alsoInFlowAt",
                        s.earlier().takenAt(), "user", c.user(), "client", c.clientProduct())))
                .toList(), "connections");
    }
}
