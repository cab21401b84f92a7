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
    private final Signals signals;
    private final BrokerMeters meters;
    private final Timer readTimer;
    private final Counter readErrors;
    private volatile boolean brokerUp;
    private MetricsEndpoint endpoint;

    private Monitor(MonitorSettings settings) {
        this.settings = settings;
        this.api = settings.api();
        MonitorSettings.QueueFilter filter = settings.queues();
        try {
            this.reader = new BrokerReader(api, QueueSelection.of(filter.include(), filter.exclude(), filter.max()));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        this.readTimer = Timer.builder("rabbittune.broker.read").description("one read of the management API")
                .register(registry);
        this.readErrors = Counter.builder("rabbittune.broker.read.errors").register(registry);
        this.signals = new Signals(registry, LOG);
        this.meters = new BrokerMeters(registry, last);
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
     * @throws dev.rabbittune.core.BrokerUnreachableException (exit 3) when the management API does not answer or
     *                                                         refuses the credentials
     * @throws BadInputException (exit 2) for a bad filter or an address that cannot be listened on
     */
    public static Monitor start(MonitorSettings settings) {
        Monitor monitor = new Monitor(settings);
        try {
            monitor.readOnce();
            if (!monitor.brokerUp) {
                monitor.reader.read(); // throws the reason, as one line
            }
            monitor.endpoint = MetricsEndpoint.start(settings.listen(), monitor.registry);
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

    /** The Prometheus text of all metrics, as a scrape gets it. */
    public String scrape() {
        return registry.scrape();
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
        for (JsonNode node : api.nodes()) {
            String queue = Canary.queueName(node.path("name").asText());
            String path = "/api/queues/" + ManagementApi.segment(uri.vhost()) + "/" + ManagementApi.segment(queue);
            if (api.get(path).isPresent()) {
                api.delete(path);
                deleted.add(queue);
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
            signals.broker(figures);
        } catch (RuntimeException e) {
            if (brokerUp) {
                LOG.warn("broker read failed: {}", dev.rabbittune.core.Secrets.mask(e.getMessage()));
            }
            brokerUp = false;
            readErrors.increment();
        } finally {
            readTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private void startCanaries() {
        for (Map.Entry<String, Integer> listener : amqpListeners().entrySet()) {
            String node = listener.getKey();
            AmqpUri base = settings.connection().primary();
            AmqpUri toNode = base.at(hostOf(node, base), listener.getValue());
            ConnectionSettings one = new ConnectionSettings(List.of(toNode), settings.connection().heartbeatSeconds(),
                    false, false);
            canaries.put(node, new Canary(node, one, settings.canaryTimeout(), registry));
        }
        long every = settings.canaryInterval().toMillis();
        scheduler.scheduleAtFixedRate(() -> canaries.values().forEach(canary -> {
            canary.tick();
            signals.canary(canary.node(), canary.lastLatencyMillis());
        }), 0, every, TimeUnit.MILLISECONDS);
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
     * The host to reach {@code node} at: the URI's own host when it is this machine (a local cluster's nodes
     * share it), else the host part of the node's name ({@code rabbit@host}).
     */
    static String hostOf(String node, AmqpUri uri) {
        String host = uri.host();
        boolean local = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1");
        int at = node.indexOf('@');
        return local || at < 0 ? host : node.substring(at + 1);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        canaries.values().forEach(Canary::close);
        if (endpoint != null) {
            endpoint.close();
        }
        registry.close();
    }
}
