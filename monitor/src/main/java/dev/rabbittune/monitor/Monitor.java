package dev.rabbittune.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rabbittune.client.ConnectionSettings;
import dev.rabbittune.core.AmqpUri;
import dev.rabbittune.core.BadInputException;
import dev.rabbittune.core.ManagementApi;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exporter: reads the broker on its own schedule, runs a canary per node, watches the signals for anomalies,
 * and serves it all at {@code /metrics} from the last good values, so a scrape never waits for the broker.
 *
 * <p>{@link #start} returns once {@code /metrics} answers; {@link #close} stops everything.
 */
public final class Monitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);

    private final MonitorSettings settings;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ManagementApi api;
    private final BrokerReader reader;
    private final AtomicReference<BrokerFigures> last = new AtomicReference<>();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread thread = new Thread(r, "rabbittune-monitor");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Canary> canaries = new ConcurrentHashMap<>();
    /** Each canary ticks on its own thread: a connect that hangs on one node must not stall the others. */
    private final Map<String, ScheduledExecutorService> canaryThreads = new ConcurrentHashMap<>();
    /** This exporter's id in its canary queues' names, so exporters on one cluster never share one. */
    private final long instance = new java.security.SecureRandom().nextLong();
    private final Signals signals;
    private final BrokerMeters meters;
    private final Timer readTimer;
    private final Counter readErrors;
    private final java.util.concurrent.atomic.AtomicLong lastReadNanos = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean brokerUp;
    private MetricsEndpoint endpoint;

    private Monitor(MonitorSettings settings) {
        this.settings = settings;
        this.api = settings.api();
        MonitorSettings.QueueFilter filter = settings.queues();
        try {
            AmqpUri base = settings.connection().primary();
            this.reader = new BrokerReader(api, QueueSelection.of(filter.include(), filter.exclude(), filter.max()),
                    settings.brokerSource(), (node, port) -> hostOf(node, base, localHostName()));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        this.readTimer = Timer.builder("rabbittune.broker.read").description("one read of the management API")
                .register(registry);
        this.readErrors = Counter.builder("rabbittune.broker.read.errors").register(registry);
        Gauge.builder("rabbittune.broker.read.last", lastReadNanos, n -> n.get() / 1e9).baseUnit("seconds")
                .description("how long the latest read of the broker took").register(registry);
        this.signals = new Signals(registry, LOG, settings.canaryInterval(), settings.readInterval(),
                settings.anomalyWarmup());
        this.meters = new BrokerMeters(registry, last);
        for (boolean plugin : new boolean[] {true, false}) {
            Gauge.builder("rabbittune.broker.source", () -> brokerUp && reader.lastFromPlugin() == plugin ? 1 : 0)
                    .tag("source", plugin ? "plugin" : "management").description("1 for where the last read's "
                            + "per-queue figures came from").register(registry);
        }
        Gauge.builder("rabbittune.broker.up", () -> brokerUp ? 1 : 0).description("1 while the last read of the "
                + "broker succeeded").register(registry);
        Gauge.builder("rabbittune.broker.data.age", () -> {
            BrokerFigures figures = last.get();
            return figures == null ? Double.NaN : (System.currentTimeMillis() - figures.readAtMillis()) / 1000.0;
        }).baseUnit("seconds").description("age of the figures served").register(registry);
    }

    /**
     * Reads the broker once (so a wrong URI or password is said at once), starts the canaries and serves
     * {@code /metrics}.
     *
     * @throws dev.rabbittune.core.BrokerUnreachableException when the management API does not answer or
     *                                                         refuses the credentials
     * @throws BadInputException for a bad filter or an address that cannot be listened on
     */
    public static Monitor start(MonitorSettings settings) {
        // a bad web config is said before anything connects
        WebConfig web = settings.webConfig() == null ? WebConfig.NONE : WebConfig.load(settings.webConfig());
        if (web.tls() != null) {
            TlsContext.of(web.tls());
        }
        Monitor monitor = new Monitor(settings);
        try {
            monitor.readOnce();
            if (!monitor.brokerUp) {
                monitor.reader.read(); // throws the reason, as one line
            }
            monitor.endpoint = MetricsEndpoint.start(settings.listen(), monitor.registry, web);
            long read = settings.readInterval().toMillis();
            monitor.scheduler.scheduleWithFixedDelay(monitor::readOnce, read, read, TimeUnit.MILLISECONDS);
            if (!settings.canaryInterval().isZero()) {
                monitor.startCanaries();
            }
            return monitor;
        } catch (RuntimeException e) {
            monitor.close();
            throw e;
        }
    }

    /** Where {@code /metrics} is served. */
    public InetSocketAddress address() {
        return endpoint.address();
    }

    /** The URL of {@code /metrics}: https with a web config's TLS. */
    public String metricsUrl() {
        InetSocketAddress at = endpoint.address();
        String host = at.getHostString().contains(":") ? "[" + at.getHostString() + "]" : at.getHostString();
        return endpoint.scheme() + "://" + host + ":" + at.getPort() + "/metrics";
    }

    /** The canary queue of {@code node} for this exporter (tests look the queue up by it). */
    String canaryQueue(String node) {
        return Canary.queueName(node, instance);
    }

    /**
     * Deletes the canary queue of every node (for {@code --cleanup}) through the management API, without
     * starting anything.
     *
     * @return the queues deleted
     */
    public static List<String> cleanup(MonitorSettings settings) {
        AmqpUri uri = settings.connection().primary();
        ManagementApi api = settings.api();
        List<String> deleted = new ArrayList<>();
        JsonNode queues = api.get("/api/queues/" + ManagementApi.segment(uri.vhost()) + "?columns=name")
                .orElseThrow();
        for (JsonNode queue : queues) {
            String name = queue.path("name").asText();
            if (name.startsWith(Canary.PREFIX)) {
                api.delete("/api/queues/" + ManagementApi.segment(uri.vhost()) + "/" + ManagementApi.segment(name));
                deleted.add(name);
            }
        }
        return deleted;
    }

    private void readOnce() {
        long started = System.nanoTime();
        try {
            BrokerFigures figures = reader.read();
            last.set(figures);
            meters.update(figures);
            brokerUp = true;
            if (!settings.canaryInterval().isZero() && figures.nodes().stream()
                    .anyMatch(n -> n.running() && !canaries.containsKey(n.name()))) {
                addCanaries();
            }
            String vhost = settings.connection().primary().vhost();
            canaries.values().forEach(c -> c.leaderIs(figures.canaryLeaders().get(c.queueKey(vhost))));
            signals.broker(figures);
        } catch (RuntimeException e) {
            if (brokerUp) {
                LOG.warn("broker read failed: {}", dev.rabbittune.core.Secrets.mask(e.getMessage()));
            }
            brokerUp = false;
            readErrors.increment();
            signals.gap(); // rates across an outage are not rates
        } finally {
            long took = System.nanoTime() - started;
            readTimer.record(took, TimeUnit.NANOSECONDS);
            lastReadNanos.set(took);
        }
    }

    private void startCanaries() {
        addCanaries();
        // expiry is cheap and never blocks: four times an interval, so a timeout shows within its timeout
        long quarter = Math.max(10, settings.canaryInterval().toMillis() / 4);
        scheduler.scheduleAtFixedRate(() -> canaries.values().forEach(Canary::expire), quarter, quarter,
                TimeUnit.MILLISECONDS);
    }

    /** A canary for every node not yet watched (a node added, or down when the exporter started). */
    private synchronized void addCanaries() {
        Map<String, Integer> listeners;
        try {
            listeners = amqpListeners();
        } catch (RuntimeException e) {
            return; // the next read tries again
        }
        for (Map.Entry<String, Integer> listener : listeners.entrySet()) {
            String node = listener.getKey();
            if (canaries.containsKey(node)) {
                continue;
            }
            AmqpUri base = settings.connection().primary();
            AmqpUri toNode = base.at(hostOf(node, base, localHostName()), listener.getValue());
            ConnectionSettings one = new ConnectionSettings(List.of(toNode), settings.connection().heartbeatSeconds(),
                    false, false);
            Canary canary = new Canary(node, instance, one, settings.canaryTimeout(), registry);
            canaries.put(node, canary);
            ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "rabbittune-canary " + node);
                t.setDaemon(true);
                return t;
            });
            canaryThreads.put(node, thread);
            thread.scheduleAtFixedRate(() -> {
                canary.tick();
                signals.canary(node, canary.takeFreshLatencyMillis());
            }, 0, settings.canaryInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static String localHostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /** Node name to its AMQP (or AMQPS, with TLS) listener's port, from the management API's overview. */
    private Map<String, Integer> amqpListeners() {
        String protocol = settings.connection().primary().tls() ? "amqp/ssl" : "amqp";
        Map<String, Integer> ports = new java.util.LinkedHashMap<>();
        JsonNode overview = api.get("/api/overview?columns=listeners").orElseThrow();
        for (JsonNode listener : overview.path("listeners")) {
            if (listener.path("protocol").asText().equals(protocol)) {
                ports.putIfAbsent(listener.path("node").asText(), listener.path("port").asInt());
            }
        }
        return ports;
    }

    /**
     * The host to reach {@code node} at: the URI's own host when the node runs on this machine (a local cluster's
     * nodes share it, on their own ports) or has no host part; else the host part of its name ({@code rabbit@host}).
     */
    static String hostOf(String node, AmqpUri uri, String thisMachine) {
        int at = node.indexOf('@');
        if (at < 0) {
            return uri.host();
        }
        String nodeHost = node.substring(at + 1);
        boolean here = nodeHost.equalsIgnoreCase(thisMachine) || nodeHost.equalsIgnoreCase("localhost")
                || thisMachine.toLowerCase(java.util.Locale.ROOT).startsWith(nodeHost.toLowerCase(java.util.Locale.ROOT)
                + ".");
        return here ? uri.host() : nodeHost;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        canaryThreads.values().forEach(ScheduledExecutorService::shutdownNow);
        for (ScheduledExecutorService thread : canaryThreads.values()) {
            try {
                // a tick inside a connect finishes it first, so its connection is closed below
                thread.awaitTermination(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        canaries.values().forEach(Canary::close);
        reader.close();
        if (endpoint != null) {
            endpoint.close();
        }
        registry.close();
    }
}
