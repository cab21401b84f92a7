package dev.rabbittune.cli;

import dev.rabbittune.client.ConnectionSettings;
import dev.rabbittune.core.AmqpUri;
import dev.rabbittune.core.BadInputException;
import dev.rabbittune.monitor.AlertRules;
import dev.rabbittune.monitor.Dashboard;
import dev.rabbittune.monitor.Monitor;
import dev.rabbittune.monitor.MonitorSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rabbittune monitor}: the Prometheus exporter with its canaries, until Ctrl-C; {@code monitor dashboard}
 * and {@code monitor rules} write the Grafana dashboard and the Prometheus rules that use it.
 */
@Command(name = "monitor", sortOptions = false, mixinStandardHelpOptions = true,
        subcommands = {MonitorCommand.DashboardCommand.class, MonitorCommand.RulesCommand.class},
        description = {"Serve Prometheus metrics: the broker's figures (read on their own schedule, served from the",
            "last good read), a canary per node (end-to-end and confirm latency, timeouts, up) and anomalies.",
            "Runs until Ctrl-C. Exit 2: bad input (an address in use, a bad regex); 3: the management API cannot be",
            "reached or refuses the credentials; 4: it refuses a read (the user needs the monitoring tag)."})
final class MonitorCommand implements Callable<Integer> {

    @Option(names = "--uri", paramLabel = "URI", description = {"the broker, amqp[s]://user:pass@host:port/vhost",
        "(default amqp://localhost, or $RABBITTUNE_URI); its credentials also read the management API"})
    List<String> uris;

    @Option(names = "--management-url", paramLabel = "URL", description = "management API base URL (default: the "
            + "--uri host on port 15672, 15671 for amqps)")
    String managementUrl;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "where /metrics is served (default "
            + "127.0.0.1:9419; another address only when given)")
    String listen = "127.0.0.1:9419";

    @Option(names = {"--web-config-file", "--web.config.file"}, paramLabel = "FILE", description = {"TLS, basic "
        + "auth (bcrypt) and headers for /metrics, in the web config format", "Prometheus exporters share "
        + "(tls_server_config, basic_auth_users, http_server_config.headers); read at start"})
    Path webConfig;

    @Option(names = "--read-interval", paramLabel = "SECONDS", description = "how often the broker is read "
            + "(default 5: the management API refreshes its figures every 5 s)")
    double readSeconds = 5;

    @Option(names = "--canary-interval", paramLabel = "SECONDS", description = "one canary message per node every "
            + "this (default 1; 0: no canary)")
    double canarySeconds = 1;

    @Option(names = "--canary-timeout", paramLabel = "SECONDS", description = "a canary message later than this is a "
            + "timeout (default two intervals)")
    Double canaryTimeoutSeconds;

    @Option(names = "--queue-include", paramLabel = "REGEX", description = "queues whose whole name matches get "
            + "their own series (default all)")
    String include;

    @Option(names = "--queue-exclude", paramLabel = "REGEX", description = "queues whose whole name matches get no "
            + "series of their own")
    String exclude;

    @Option(names = "--max-queue-series", paramLabel = "N", description = "at most this many queues with their own "
            + "series, the largest backlogs first (default 100)")
    int maxQueueSeries = 100;

    @Option(names = "--broker-source", paramLabel = "NAME", description = {"where per-queue figures come from: "
        + "auto (default: each node's Prometheus plugin,", "/metrics/detailed, when every node has it; else the "
        + "management API), plugin, management"})
    MonitorSettings.BrokerSource brokerSource = MonitorSettings.BrokerSource.AUTO;

    @Option(names = "--anomaly-warmup", paramLabel = "SECONDS", description = "how long each signal is watched "
            + "before an anomaly can be said (default 60)")
    double anomalyWarmupSeconds = 60;

    @Option(names = "--cleanup", description = "delete the canary queues and exit")
    boolean cleanup;

    @Option(names = "--verbose", description = "print stack traces of errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        MonitorSettings settings = settings();
        if (cleanup) {
            List<String> deleted = Monitor.cleanup(settings);
            System.out.println(deleted.isEmpty() ? "no canary queue to delete" : "deleted " + String.join(", ",
                    deleted));
            return ExitCodes.OK;
        }
        Monitor monitor = Monitor.start(settings);
        System.out.println("monitor: metrics at " + monitor.metricsUrl() + " (Ctrl-C to stop)");
        CountDownLatch closed = new CountDownLatch(1);
        // Ctrl-C or SIGTERM: the JVM waits for this hook, so the canaries' connections are closed, not dropped
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            monitor.close();
            closed.countDown();
        }));
        closed.await();
        return ExitCodes.OK;
    }

    MonitorSettings settings() {
        if (!(readSeconds >= 0.1) || canarySeconds < 0 || canarySeconds > 0 && canarySeconds < 0.01) {
            throw new BadInputException("--read-interval must be 0.1 s or more, --canary-interval 0 (off) or 0.01 s "
                    + "or more");
        }
        if (!(anomalyWarmupSeconds >= 0)) {
            throw new BadInputException("--anomaly-warmup must be 0 s or more, got " + anomalyWarmupSeconds);
        }
        if (canaryTimeoutSeconds != null && !(canaryTimeoutSeconds >= 0.01)) {
            throw new BadInputException("--canary-timeout must be above 0 s, got " + canaryTimeoutSeconds);
        }
        Duration canary = Duration.ofMillis(Math.round(canarySeconds * 1000));
        Duration timeout = canaryTimeoutSeconds != null ? Duration.ofMillis(Math.round(canaryTimeoutSeconds * 1000))
                : canary.multipliedBy(2);
        ConnectionSettings connection = new ConnectionSettings(AmqpUri.givenOrDefault(uris), 10, false, false);
        return new MonitorSettings(connection, address(listen), Duration.ofMillis(Math.round(readSeconds * 1000)),
                canary, timeout,
                new MonitorSettings.QueueFilter(include, exclude, maxQueueSeries), managementUrl, webConfig,
                Duration.ofMillis(Math.round(anomalyWarmupSeconds * 1000)), brokerSource);
    }

    /** {@code 127.0.0.1:9419}, {@code :9419} (loopback), {@code [::1]:9419}. */
    static InetSocketAddress address(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new BadInputException("--listen '" + text + "' has no port", "e.g. 127.0.0.1:9419", null);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new BadInputException("--listen '" + text + "': the port is not a number", "e.g. 127.0.0.1:9419",
                    null);
        }
        if (port < 0 || port > 65_535) {
            throw new BadInputException("--listen '" + text + "': port out of range");
        }
        return new InetSocketAddress(host.isEmpty() ? "127.0.0.1" : host, port);
    }

    /** Writes to {@code output}, or standard output without one. */
    static void write(Path output, String text) throws IOException {
        if (output == null) {
            System.out.print(text);
            return;
        }
        if (Files.isDirectory(output)) {
            throw new BadInputException("--output " + output + " is a folder");
        }
        Files.writeString(output, text);
        System.out.println("wrote " + output);
    }

    @Command(name = "dashboard", mixinStandardHelpOptions = true,
            description = "Write the Grafana dashboard (JSON; datasource and cluster as template variables).")
    static final class DashboardCommand implements Callable<Integer> {

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "where (default standard output)")
        Path output;

        @Override
        public Integer call() throws IOException {
            write(output, Dashboard.json() + "\n");
            return ExitCodes.OK;
        }
    }

    @Command(name = "rules", mixinStandardHelpOptions = true,
            description = {"Write the Prometheus rules: the cluster-operator's alerts on the broker's metrics and",
                "multi-window burn-rate alerts on the canary's latency SLO (check with: promtool check rules FILE)."})
    static final class RulesCommand implements Callable<Integer> {

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "where (default standard output)")
        Path output;

        @Option(names = "--slo-target", paramLabel = "SHARE", description = "canary messages that must arrive within "
                + "--slo-latency (default 0.999)")
        double target = 0.999;

        @Option(names = "--slo-latency", paramLabel = "SECONDS", description = "the SLO's latency bound, one of the "
                + "canary's buckets (default 0.1)")
        double latency = 0.1;

        @Override
        public Integer call() throws IOException {
            String rules;
            try {
                rules = AlertRules.yaml(target, latency);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage());
            }
            write(output, rules);
            return ExitCodes.OK;
        }
    }
}
