package dev.rabbittune.client.topology;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A binding from an exchange to a queue or to another exchange, checked before it is declared: the default exchange
 * cannot be bound (every queue is bound to it by name already), routing keys fit in 255 bytes, and a headers binding's
 * {@code x-match} is one the broker knows.
 *
 * <pre>{@code
 * Topology.declare(channel, BindingSpec.queue("orders-eu").from("orders").routingKey("eu.#").build());
 * Topology.declare(channel, BindingSpec.queue("audit").from("events").header("kind", "payment")
 *         .match(BindingSpec.Match.ALL).build());
 * }</pre>
 */
public record BindingSpec(String source, String destination, boolean toExchange, String routingKey,
                          Map<String, Object> arguments) {

    /** Whether a headers binding needs all or any of its headers; the -with-x forms also match x- headers. */
    public enum Match {
        ALL("all"), ANY("any"), ALL_WITH_X("all-with-x"), ANY_WITH_X("any-with-x");

        final String value;

        Match(String value) {
            this.value = value;
        }
    }

    private static final Set<String> MATCHES = Set.of("all", "any", "all-with-x", "any-with-x");

    public BindingSpec {
        arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }

    public static Builder queue(String queue) {
        return new Builder(queue, false);
    }

    public static Builder exchange(String exchange) {
        return new Builder(exchange, true);
    }

    public static final class Builder {
        private final String destination;
        private final boolean toExchange;
        private String source;
        private String routingKey = "";
        private final Map<String, Object> arguments = new LinkedHashMap<>();

        private Builder(String destination, boolean toExchange) {
            this.destination = destination;
            this.toExchange = toExchange;
        }

        public Builder from(String exchange) {
            this.source = exchange;
            return this;
        }

        public Builder routingKey(String routingKey) {
            this.routingKey = routingKey;
            return this;
        }

        /** A header a headers exchange matches on. */
        public Builder header(String name, Object value) {
            arguments.put(name, value);
            return this;
        }

        public Builder match(Match match) {
            arguments.put("x-match", match.value);
            return this;
        }

        public BindingSpec build() {
            BindingSpec spec = new BindingSpec(source, destination, toExchange, routingKey, arguments);
            check(spec);
            return spec;
        }
    }

    private static void check(BindingSpec spec) {
        String binding = "binding of " + (spec.toExchange() ? "exchange" : "queue") + " '" + spec.destination()
                + "' to '" + spec.source() + "'";
        if (spec.source() == null || spec.source().isEmpty()) {
            throw new InvalidTopologyException(binding + ": the default exchange cannot be bound",
                    "it already routes to every queue by its name; bind to a named exchange");
        }
        if (spec.destination() == null || spec.destination().isEmpty()) {
            throw new InvalidTopologyException("a binding needs a destination queue or exchange", "");
        }
        if (spec.routingKey() == null
                || spec.routingKey().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
            throw new InvalidTopologyException(binding + ": the routing key must be 0 to 255 bytes", "");
        }
        Object match = spec.arguments().get("x-match");
        if (match != null && !MATCHES.contains(match)) {
            throw new InvalidTopologyException(binding + ": x-match must be all, any, all-with-x or any-with-x, got "
                    + match, "");
        }
    }
}
