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

/**
 * {@code GET /metrics} in the Prometheus text format, from the registry's current values; nothing else. With a
 * {@link WebConfig}: over TLS, behind basic auth, with its headers.
 */
final class MetricsEndpoint implements AutoCloseable {

    private final HttpServer server;
    private java.util.concurrent.ExecutorService executor;
    private final PrometheusMeterRegistry registry;
    private final AtomicLong lastScrapeNanos = new AtomicLong();
    private final WebConfig web;

    private MetricsEndpoint(HttpServer server, PrometheusMeterRegistry registry, WebConfig web) {
        this.server = server;
        this.registry = registry;
        this.web = web;
    }

    /** @throws BadInputException when the address is in use or cannot be bound */
    static MetricsEndpoint start(InetSocketAddress listen, PrometheusMeterRegistry registry, WebConfig web) {
        HttpServer server;
        javax.net.ssl.SSLContext tls = web.tls() == null ? null : TlsContext.of(web.tls());
        try {
            server = tls == null ? HttpServer.create(listen, 16) : https(listen, tls, web.tls());
        } catch (BindException e) {
            throw new BadInputException("cannot listen on " + listen.getHostString() + ":" + listen.getPort() + ": "
                    + e.getMessage(), "is another exporter running there? listen on another address", null);
        } catch (IOException e) {
            throw new BadInputException("cannot listen on " + listen + ": " + e.getMessage());
        }
        MetricsEndpoint endpoint = new MetricsEndpoint(server, registry, web);
        Gauge.builder("rabbittune.exporter.scrape.duration", endpoint.lastScrapeNanos, n -> n.get() / 1e9)
                .baseUnit("seconds").description("how long the previous scrape of this exporter took")
                .register(registry);
        com.sun.net.httpserver.HttpContext metrics = server.createContext("/metrics", endpoint::metrics);
        com.sun.net.httpserver.HttpContext index = server.createContext("/", endpoint::index);
        if (!web.users().isEmpty()) {
            BcryptUsers users = new BcryptUsers(web.users(), web.headers());
            metrics.setAuthenticator(users);
            index.setAuthenticator(users);
        }
        endpoint.executor = Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "rabbittune-metrics");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(endpoint.executor);
        server.start();
        return endpoint;
    }

    private static HttpServer https(InetSocketAddress listen, javax.net.ssl.SSLContext context, WebConfig.Tls tls)
            throws IOException {
        com.sun.net.httpserver.HttpsServer server = com.sun.net.httpserver.HttpsServer.create(listen, 16);
        javax.net.ssl.SSLParameters parameters = TlsContext.parameters(context, tls);
        server.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(context) {
            @Override
            public void configure(com.sun.net.httpserver.HttpsParameters params) {
                params.setSSLParameters(parameters);
            }
        });
        return server;
    }

    /** {@code https} with a web config's TLS, {@code http} otherwise. */
    String scheme() {
        return web.tls() == null ? "http" : "https";
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

    private void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        web.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
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
