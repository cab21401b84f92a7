package dev.rabbittune.doctor.internal.rules;

import static dev.rabbittune.doctor.Severity.CRITICAL;
import static dev.rabbittune.doctor.Severity.INFO;
import static dev.rabbittune.doctor.Severity.WARNING;

import dev.rabbittune.doctor.Finding;
import dev.rabbittune.doctor.Rule;
import dev.rabbittune.doctor.Scope;
import dev.rabbittune.doctor.internal.versions.Release;
import dev.rabbittune.doctor.internal.versions.ReleaseSeries;
import dev.rabbittune.doctor.snapshot.ConnectionFacts;
import dev.rabbittune.doctor.snapshot.ListenerFacts;
import dev.rabbittune.doctor.snapshot.Overview;
import dev.rabbittune.doctor.snapshot.Snapshot;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Broker-wide configuration: security, support status, management statistics cost, listeners, config keys. */
final class BrokerRules {

    /**
     * Keys that do not exist in any rabbitmq.conf schema but circulate in tuning articles (SEED-MAP.md), with the
     * real key where there is one. The broker refuses to boot on unknown keys, so these are seen in files that were
     * never applied.
     */
    private static final Map<String, String> NONEXISTENT_KEYS = Map.of(
            "memory_berkeleydb_overrides", "none (RabbitMQ does not use Berkeley DB)",
            "memory_relative_limit", "vm_memory_high_watermark.relative",
            "mirroring_sup_queue", "none",
            "default_prefetch", "none: prefetch is set by clients with basic.qos",
            "queue_index_embedded_content_overflow", "queue_index_embed_msgs_below",
            "dirty_schedulers", "none: Erlang flags go in RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS");

    static final Advice GUEST = new Advice("guest-user-default-password", Scope.BROKER,
            "The guest user still has the password 'guest'. It is limited to localhost only while loopback_users "
                    + "is left at its default; reachable remotely it is an open door.",
            "rabbitmqctl add_user admin <strong password> && rabbitmqctl set_user_tags admin administrator "
                    + "&& rabbitmqctl delete_user guest", Docs.ACCESS_CONTROL);
    static final Advice PROMETHEUS_OFF = new Advice("prometheus-not-enabled", Scope.BROKER,
            "No node serves Prometheus metrics: monitoring then polls the management API, whose statistics cost "
                    + "the broker CPU and memory that grow with the number of queues and connections.",
            "rabbitmq-plugins enable rabbitmq_prometheus (scrape :15692/metrics); then management.rates_mode = none"
                    + " if the UI is only used for administration", Docs.PROMETHEUS);
    static final Advice PROMETHEUS_DOWN = new Advice("prometheus-unreachable", Scope.BROKER,
            "The Prometheus listener exists but its endpoint did not answer with metrics from here.",
            "check prometheus.tcp.port / prometheus.tcp.ip and firewalls between the scraper and the node",
            Docs.PROMETHEUS);
    static final Advice PROMETHEUS_PER_OBJECT = new Advice("prometheus-per-object-metrics", Scope.BROKER,
            "Per-object output was switched on for /metrics (prometheus.return_per_object_metrics = true; "
                    + "aggregated is the default): every scrape now returns a series per queue, connection and "
                    + "channel, which with many objects is large and slow for the node and for Prometheus.",
            "remove prometheus.return_per_object_metrics = true (or set it to false); scrape "
                    + "/metrics/detailed?family=... for the per-object series you need", Docs.PROMETHEUS);
    static final Advice NO_TLS = new Advice("no-tls-listener", Scope.BROKER,
            "No AMQP TLS listener: credentials and messages of remote clients cross the network in clear text.",
            "listeners.ssl.default = 5671 with ssl_options.certfile, ssl_options.keyfile, ssl_options.cacertfile",
            Docs.TLS);
    static final Advice RELEASE = new Advice("release-series-unsupported", Scope.BROKER,
            "This release series no longer receives bug or security fixes in the open-source releases: only the "
                    + "newest series has community support (the website's release information).",
            "plan an upgrade along the documented path (see evidence)", Docs.RELEASES);
    static final Advice STATS_COST = new Advice("management-stats-cost", Scope.BROKER,
            "With tens of thousands of queues, connections and channels, collecting management statistics every "
                    + "5 s costs the node noticeable CPU and memory.",
            "collect_statistics_interval = 30000 (and management_agent.disable_metrics_collector = true when "
                    + "Prometheus is used for metrics)", Docs.MANAGEMENT);
    static final Advice RATES_DETAILED = new Advice("management-rates-mode-detailed", Scope.BROKER,
            "rates_mode = detailed keeps per-object-pair message rates, which the management guide warns can "
                    + "use a lot of memory and CPU.", "management.rates_mode = basic", Docs.MANAGEMENT);
    static final Advice STATS_BACKLOG = new Advice("management-stats-backlog", Scope.BROKER,
            "The management statistics database is behind (its event queue is long): stats are stale and its "
                    + "memory grows.", "collect_statistics_interval = 30000; fewer objects; Prometheus instead",
            Docs.MANAGEMENT);
    static final Advice LISTEN_BACKLOG = new Advice("listen-backlog-low", Scope.BROKER,
            "The AMQP listener's backlog is small for this many clients: after a restart or failover they "
                    + "reconnect at once and some are refused.",
            "tcp_listen_options.backlog = 4096 (and net.core.somaxconn = 4096)", Docs.NETWORKING);
    static final Advice SOCKET_BUFFERS = new Advice("socket-buffers-tiny", Scope.BROKER,
            "The listener uses tiny socket buffers (a known bad 'optimisation' such as {buffer, 32}); every "
                    + "frame is split and throughput collapses.",
            "remove tcp_listen_options.buffer/sndbuf/recbuf (let the kernel auto-tune) or set >= 131072",
            Docs.NETWORKING);
    static final Advice NONEXISTENT_KEY = new Advice("config-key-nonexistent", Scope.BROKER,
            "rabbitmq.conf contains a key that does not exist; RabbitMQ refuses to start with it, so this file "
                    + "is not what the node runs.", "remove the key (see evidence for the real one, if any)",
            Docs.CONFIGURE);
    static final Advice CHANNEL_MAX = new Advice("channel-max-excessive", Scope.BROKER,
            "channel_max is unlimited or far above the default 2047: one leaking client can open channels until "
                    + "the node runs out of memory.", "channel_max = 128", Docs.CHANNELS);
    static final Advice VHOST_LIMITS = new Advice("vhost-limits-missing", Scope.BROKER,
            "No virtual host has connection or queue limits; one misbehaving application can exhaust the "
                    + "node for all.",
            "rabbitmqctl set_vhost_limits -p VHOST '{\"max-connections\": 2000, \"max-queues\": 10000}'",
            Docs.LIMITS);

    private BrokerRules() {
    }

    static List<Rule> rules() {
        return List.of(
                Rule.of(GUEST.id(), BrokerRules::guest),
                Rule.of(NO_TLS.id(), BrokerRules::noTls),
                Rule.of(PROMETHEUS_OFF.id(), BrokerRules::prometheusOff),
                Rule.of(PROMETHEUS_DOWN.id(), s -> s.broker().prometheus() != null
                        && !s.broker().prometheus().answered() ? List.of(PROMETHEUS_DOWN.finding(WARNING, ClusterRules.clusterName(s),
                                Evidence.of("endpoint", s.broker().prometheus().endpoint()))) : List.of()),
                Rule.of(PROMETHEUS_PER_OBJECT.id(), BrokerRules::prometheusPerObject),
                Rule.of(RELEASE.id(), BrokerRules::release),
                Rule.of(STATS_COST.id(), BrokerRules::statsCost),
                Rule.of(RATES_DETAILED.id(), s -> "detailed".equals(s.broker().overview().ratesMode())
                        ? List.of(RATES_DETAILED.finding(WARNING, ClusterRules.clusterName(s),
                                Evidence.of("rates_mode", "detailed"))) : List.of()),
                Rule.of(STATS_BACKLOG.id(), s -> s.broker().overview().statisticsDbEventQueue() > 1000
                        ? List.of(STATS_BACKLOG.finding(WARNING, ClusterRules.clusterName(s), Evidence.of(
                                "statisticsDbEventQueue", s.broker().overview().statisticsDbEventQueue())))
                        : List.of()),
                Rule.of(LISTEN_BACKLOG.id(), BrokerRules::listenBacklog),
                Rule.of(SOCKET_BUFFERS.id(), BrokerRules::socketBuffers),
                Rule.of(NONEXISTENT_KEY.id(), BrokerRules::nonexistentKeys),
                Rule.of(CHANNEL_MAX.id(), BrokerRules::channelMax),
                Rule.of(VHOST_LIMITS.id(), BrokerRules::vhostLimits));
    }

    static List<Finding> guest(Snapshot s) {
        if (!Boolean.TRUE.equals(s.broker().guestDefaultPassword())) {
            return List.of();
        }
        boolean remote = s.broker().remote();
        return List.of(GUEST.finding(remote ? CRITICAL : INFO, "guest", Evidence.of("defaultPasswordWorks", true,
                "reachableRemotely", remote)));
    }

    static List<Finding> prometheusOff(Snapshot s) {
        List<ListenerFacts> listeners = s.broker().overview().listeners();
        if (listeners.isEmpty() || listeners.stream().anyMatch(l -> "http/prometheus".equals(l.protocol()))) {
            return List.of();
        }
        return List.of(PROMETHEUS_OFF.finding(INFO, ClusterRules.clusterName(s), Evidence.of("listeners",
                listeners.stream().map(l -> l.protocol() + ":" + l.port()).distinct().toList())));
    }

    static List<Finding> prometheusPerObject(Snapshot s) {
        Overview.ObjectTotals totals = s.broker().overview().totals();
        long objects = totals.queues() + totals.connections() + totals.channels();
        if (s.broker().prometheus() == null || !s.broker().prometheus().perObjectMetrics() || objects < 1000) {
            return List.of();
        }
        return List.of(PROMETHEUS_PER_OBJECT.finding(WARNING, ClusterRules.clusterName(s), Evidence.of(
                "objects", objects, "sampleLines", s.broker().prometheus().sampleLines())));
    }

    static List<Finding> noTls(Snapshot s) {
        List<ListenerFacts> listeners = s.broker().overview().listeners();
        if (listeners.isEmpty() || listeners.stream().anyMatch(l -> "amqp/ssl".equals(l.protocol()))) {
            return List.of();
        }
        long remoteClients = s.broker().connections().stream()
                .filter(c -> !c.tls() && !isLoopback(c.peerHost())).count();
        boolean exposed = remoteClients > 0 || s.broker().remote();
        return List.of(NO_TLS.finding(exposed ? WARNING : INFO, ClusterRules.clusterName(s),
                Evidence.of("amqpListeners", listeners.stream().filter(l -> "amqp".equals(l.protocol()))
                        .map(l -> l.node() + ":" + l.port()).toList(), "remotePlainConnections", remoteClients)));
    }

    static boolean isLoopback(String host) {
        return host == null || host.equals("127.0.0.1") || host.equals("::1") || host.startsWith("127.")
                || host.equals("localhost") || host.equals("::ffff:127.0.0.1");
    }

    /**
     * Judged on the day the snapshot was taken, against the support windows the website published
     * ({@link ReleaseSeries}): past the end of community support it is INFO while commercial support lasts, a
     * WARNING after. A series newer than the data is not judged.
     */
    static List<Finding> release(Snapshot s) {
        String version = s.broker().overview().rabbitmqVersion();
        Release release = Release.parse(version);
        if (release == null) {
            return List.of();
        }
        LocalDate day = dayOf(s.takenAt());
        ReleaseSeries series = ReleaseSeries.of(release);
        if (series == null) {
            return ReleaseSeries.olderThanData(release) ? List.of(RELEASE.finding(WARNING, version, Evidence.of(
                    "version", version, "status", "out of all support (older than 3.10)"),
                    "upgrade along the documented path: " + upgradeSteps(ReleaseSeries.pathFromBefore310(release))))
                    : List.of();
        }
        if (!day.isAfter(series.endOfCommunitySupport())) {
            return List.of();
        }
        boolean commercial = !day.isAfter(series.endOfSupport());
        List<String> path = series.upgradePath();
        String fix = path.isEmpty()
                ? "upgrade to the series released after " + series.series() + " (newer than this rabbittune's "
                        + "release data of " + ReleaseSeries.DATA_AS_OF + "; see the release information page)"
                : "upgrade along the documented path: " + upgradeSteps(path);
        return List.of(RELEASE.finding(commercial ? INFO : WARNING, version, Evidence.of("version", version,
                "series", series.series(), "endOfCommunitySupport", series.endOfCommunitySupport().toString(),
                "endOfCommercialSupport", series.endOfSupport().toString(), "judgedOn", day.toString(),
                "releaseDataAsOf", ReleaseSeries.DATA_AS_OF.toString()), fix));
    }

    private static String upgradeSteps(List<String> path) {
        return String.join(" -> ", path) + " (a rolling upgrade one series step at a time; before each step "
                + "enable the stable feature flags by name: on 4.2 'enable_feature_flag all' also starts the "
                + "Khepri migration; 3.12 needs 3.11.18 or later, 3.8 needs 3.7.18 or later)";
    }

    private static LocalDate dayOf(String takenAt) {
        try {
            return takenAt == null ? ReleaseSeries.DATA_AS_OF
                    : Instant.parse(takenAt).atZone(ZoneOffset.UTC).toLocalDate();
        } catch (DateTimeParseException e) {
            return ReleaseSeries.DATA_AS_OF;
        }
    }

    static List<Finding> statsCost(Snapshot s) {
        Overview.ObjectTotals totals = s.broker().overview().totals();
        long objects = totals.queues() + totals.connections() + totals.channels();
        if (objects < 10_000 || "none".equals(s.broker().overview().ratesMode())) {
            return List.of();
        }
        String interval = s.broker().configValue("collect_statistics_interval");
        if (interval != null && parseLong(interval) >= 30_000) {
            return List.of();
        }
        return List.of(STATS_COST.finding(WARNING, ClusterRules.clusterName(s), Evidence.of("objects", objects,
                "collect_statistics_interval", interval == null ? "5000 (default)" : interval)));
    }

    static List<Finding> listenBacklog(Snapshot s) {
        long connections = s.broker().connections().size();
        if (connections < 1000) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        for (ListenerFacts l : s.broker().overview().listeners()) {
            long backlog = parseLong(l.socketOpts().getOrDefault("backlog", "128"));
            if (l.protocol().startsWith("amqp") && backlog < 4096) {
                findings.add(LISTEN_BACKLOG.finding(WARNING, l.node() + ":" + l.port(), Evidence.of("backlog",
                        backlog, "connections", connections)));
            }
        }
        return findings;
    }

    static List<Finding> socketBuffers(Snapshot s) {
        List<Finding> findings = new ArrayList<>();
        for (ListenerFacts l : s.broker().overview().listeners()) {
            for (String option : List.of("buffer", "sndbuf", "recbuf")) {
                String value = l.socketOpts().get(option);
                if (value != null && parseLong(value) < 8192) {
                    findings.add(SOCKET_BUFFERS.finding(WARNING, l.node() + ":" + l.port(),
                            Evidence.of("protocol", l.protocol(), option, value)));
                }
            }
        }
        return findings;
    }

    static List<Finding> nonexistentKeys(Snapshot s) {
        Map<String, String> config = s.broker().config();
        if (config == null) {
            return List.of();
        }
        return config.keySet().stream().sorted()
                .filter(k -> NONEXISTENT_KEYS.containsKey(k) || k.startsWith("mnesia.dirty_schedulers"))
                .map(k -> NONEXISTENT_KEY.finding(WARNING, k, Evidence.of("key", k, "realKey",
                        NONEXISTENT_KEYS.getOrDefault(k, "none"))))
                .toList();
    }

    static List<Finding> channelMax(Snapshot s) {
        String value = s.broker().configValue("channel_max");
        if (value == null) {
            return List.of();
        }
        long channelMax = parseLong(value);
        return channelMax == 0 || channelMax > 2047 ? List.of(CHANNEL_MAX.finding(WARNING, "channel_max",
                Evidence.of("channel_max", value))) : List.of();
    }

    static List<Finding> vhostLimits(Snapshot s) {
        List<ConnectionFacts> connections = s.broker().connections();
        boolean busy = connections.size() >= 100 || s.broker().queues().size() >= 1000;
        boolean anyLimits = s.broker().vhosts().stream().anyMatch(v -> !v.limits().isEmpty());
        return busy && !anyLimits && !s.broker().vhosts().isEmpty() ? List.of(VHOST_LIMITS.finding(INFO,
                ClusterRules.clusterName(s), Evidence.of("vhosts", s.broker().vhosts().size(), "connections",
                        connections.size(), "queues", s.broker().queues().size()))) : List.of();
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
