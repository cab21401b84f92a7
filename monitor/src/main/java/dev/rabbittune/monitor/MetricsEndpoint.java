package dev.rabbittune.monitor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.rabbittune.core.BadInputException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/** {@code GET /metrics} in the Prometheus text format, from the registry's current values; nothing else. */
final class MetricsEndpoint implements AutoCloseable {

    private final HttpServer server;
    private java.util.concurrent.ExecutorService executor;
    private final PrometheusMeterRegistry registry;
    private final AtomicLong lastScrapeNanos = new AtomicLong();

    private MetricsEndpoint(HttpServer server, PrometheusMeterRegistry registry) {
        this.server = server;
        this.registry = registry;
    }

    /** @throws BadInputException (exit 2) when the address is in use or cannot be bound */
    static MetricsEndpoint start(InetSocketAddress listen, PrometheusMeterRegistry registry) {
        HttpServer server;
        try {
            server = HttpServer.create(listen, 16);
        } catch (BindException e) {
            throw new BadInputException("cannot listen on " + listen.getHostString() + ":" + listen.getPort() + ": "
                    + e.getMessage(), "is another exporter running there? choose another with --listen", null);
        } catch (IOException e) {
            throw new BadInputException("cannot listen on " + listen + ": " + e.getMessage());
        }
        MetricsEndpoint endpoint = new MetricsEndpoint(server, registry);
        Gauge.builder("rabbittune.exporter.scrape.duration", endpoint.lastScrapeNanos, n -> n.get() / 1e9)
                .baseUnit("seconds").description("how long the previous scrape of this exporter took")
                .register(registry);
        server.createContext("/metrics", endpoint::metrics);
        server.createContext("/", endpoint::index);
        endpoint.executor = Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "rabbittune-metrics");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(endpoint.executor);
        server.start();
        return endpoint;
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    private void metrics(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        send(exchange, 200, body);
        lastScrapeNanos.set(System.nanoTime() - started);
    }

    private void index(HttpExchange exchange) throws IOException {
        boolean root = exchange.getRequestURI().getPath().equals("/");
        byte[] body = (root ? "rabbittune monitor: metrics at /metrics\n" : "not found\n")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        send(exchange, root ? 200 : 404, body);
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
