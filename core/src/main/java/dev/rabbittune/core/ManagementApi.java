package dev.rabbittune.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * A small client of the RabbitMQ management HTTP API (rabbitmq.com/docs/management, {@code /api/index.html} on a
 * running broker). Thread-safe. Failures map to {@link BrokerUnreachableException} (no answer, 401) or
 * {@link BrokerRefusedException} (any other error status); messages never contain the password.
 */
public final class ManagementApi {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final String authorization;
    private final HttpClient http;

    /**
     * @param baseUrl  e.g. {@code http://localhost:15672}, without credentials and without {@code /api}
     * @param username management user
     * @param password its password
     */
    public ManagementApi(String baseUrl, String username, String password) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        // HTTP/1.1: the default h2c upgrade attempt on a request with a body makes the API's server drop the connection
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** The management API of the node behind {@code uri}, with the same credentials. */
    public static ManagementApi forAmqpUri(AmqpUri uri) {
        return new ManagementApi(uri.defaultManagementUrl(), uri.username(), uri.password());
    }

    /** Encodes one path segment (a vhost or object name) for the API: {@code /} becomes {@code %2F}. */
    public static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** GET {@code /api/overview}: versions, cluster name, totals. */
    public JsonNode overview() {
        return get("/api/overview").orElseThrow();
    }

    /** GET {@code /api/nodes}: one entry per cluster member. */
    public JsonNode nodes() {
        return get("/api/nodes").orElseThrow();
    }

    /** The queue, or empty when it does not exist. */
    public Optional<JsonNode> queue(String vhost, String name) {
        return get("/api/queues/" + segment(vhost) + "/" + segment(name));
    }

    /** The exchange, or empty when it does not exist. */
    public Optional<JsonNode> exchange(String vhost, String name) {
        return get("/api/exchanges/" + segment(vhost) + "/" + segment(name));
    }

    /**
     * PUT {@code body} as JSON to {@code path}, e.g. {@code /api/policies/VHOST/NAME}.
     *
     * @throws BrokerRefusedException when the broker refuses it (its reason is in the message), or on 404
     */
    public void put(String path, Object body) {
        String json;
        try {
            json = Json.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the request body as JSON: " + e.getOriginalMessage(), e);
        }
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)), path);
        if (response.statusCode() == 404) {
            throw new BrokerRefusedException("management API " + path + " answered 404: " + abbreviate(response.body()),
                    "does the vhost exist?", null);
        }
    }

    /** DELETE a path such as {@code /api/connections/NAME}; a 404 is not an error. */
    public void delete(String path) {
        send(HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE(), path);
    }

    /**
     * GET {@code path} (starting with {@code /api/}) and parse the JSON; empty on 404.
     *
     * @throws BrokerUnreachableException when the API does not answer or refuses the credentials
     * @throws BrokerRefusedException     on another error status or a reply that is not JSON
     */
    public Optional<JsonNode> get(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET(), path);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readTree(response.body()));
        } catch (JsonProcessingException e) {
            throw new BrokerRefusedException("management API returned malformed JSON for " + path + ": "
                    + e.getOriginalMessage(), "is " + baseUrl + " really a RabbitMQ management API?", e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String path) {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(TIMEOUT).header("Authorization", authorization)
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpTimeoutException e) {
            throw new BrokerUnreachableException("cannot reach the management API at " + baseUrl,
                    "is the broker running with the rabbitmq_management plugin enabled?", e);
        } catch (IOException e) {
            throw new BrokerUnreachableException("management API at " + baseUrl + " failed: " + e.getMessage(),
                    "", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnreachableException("interrupted while calling the management API", "", e);
        }
        int status = response.statusCode();
        if (status == 401) {
            throw new BrokerUnreachableException("management API at " + baseUrl + " refused the credentials (401)",
                    "check the user and password in the URI", null);
        }
        if (status >= 400 && status != 404) {
            throw new BrokerRefusedException("management API " + path + " answered " + status + ": "
                    + abbreviate(response.body()), "", null);
        }
        return response;
    }

    private static String abbreviate(String body) {
        String oneLine = body.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }
}
