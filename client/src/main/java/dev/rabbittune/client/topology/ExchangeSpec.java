package dev.rabbittune.client.topology;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An exchange to declare, checked before it is: a name the broker accepts (not empty, not {@code amq.*}), a known type
 * (the four built-in ones or a plugin's {@code x-} type) and only arguments that exist for it.
 *
 * <pre>{@code
 * Topology.declare(channel, ExchangeSpec.topic("orders").alternateExchange("orders-unrouted").build());
 * }</pre>
 */
public record ExchangeSpec(String name, String type, boolean durable, boolean autoDelete, boolean internal,
                           Map<String, Object> arguments) {

    private static final Set<String> BUILT_IN = Set.of("direct", "fanout", "topic", "headers");

    public ExchangeSpec {
        arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }

    public static Builder direct(String name) {
        return new Builder(name, "direct");
    }

    public static Builder fanout(String name) {
        return new Builder(name, "fanout");
    }

    public static Builder topic(String name) {
        return new Builder(name, "topic");
    }

    public static Builder headers(String name) {
        return new Builder(name, "headers");
    }

    /** A plugin's type, e.g. {@code x-consistent-hash} or {@code x-delayed-message}. */
    public static Builder of(String name, String type) {
        return new Builder(name, type);
    }

    public static final class Builder {
        private final String name;
        private final String type;
        private boolean durable = true;
        private boolean autoDelete;
        private boolean internal;
        private final Map<String, Object> arguments = new LinkedHashMap<>();

        private Builder(String name, String type) {
            this.name = name;
            this.type = type;
        }

        /** Durable (the default) survives a broker restart. */
        public Builder durable(boolean durable) {
            this.durable = durable;
            return this;
        }

        /** Deleted when its last binding goes. */
        public Builder autoDelete() {
            this.autoDelete = true;
            return this;
        }

        /** Only other exchanges can publish to it. */
        public Builder internal() {
            this.internal = true;
            return this;
        }

        /** Where messages that no binding routes go, instead of being dropped (or returned). */
        public Builder alternateExchange(String exchange) {
            return argument("alternate-exchange", exchange);
        }

        public Builder argument(String key, Object value) {
            arguments.put(key, value);
            return this;
        }

        public ExchangeSpec build() {
            ExchangeSpec spec = new ExchangeSpec(name, type, durable, autoDelete, internal, arguments);
            check(spec);
            return spec;
        }
    }

    private static void check(ExchangeSpec spec) {
        String exchange = "exchange '" + spec.name() + "'";
        if (spec.name() == null || spec.name().isEmpty() || spec.name().length() > 255) {
            throw new InvalidTopologyException("an exchange name must be 1 to 255 characters",
                    "the default exchange (\"\") exists already and cannot be declared");
        }
        if (spec.name().startsWith("amq.")) {
            throw new InvalidTopologyException(exchange + ": names starting with amq. are reserved for the broker",
                    "the broker refuses them with ACCESS_REFUSED; choose another name");
        }
        if (spec.type() == null || !BUILT_IN.contains(spec.type()) && !spec.type().matches("x-[a-z0-9-]+")) {
            throw new InvalidTopologyException(exchange + ": unknown type '" + spec.type() + "'",
                    "direct, fanout, topic, headers, or a plugin type starting with x-");
        }
        for (Map.Entry<String, Object> argument : spec.arguments().entrySet()) {
            String key = argument.getKey();
            Object value = argument.getValue();
            boolean known = key.equals("alternate-exchange")
                    || spec.type().equals("x-delayed-message") && key.equals("x-delayed-type")
                    || spec.type().equals("x-consistent-hash") && (key.equals("hash-header")
                    || key.equals("hash-property"));
            if (!known) {
                throw new InvalidTopologyException(exchange + ": argument '" + key + "' does not exist for "
                        + spec.type() + " exchanges", "exchanges take alternate-exchange (plugins add their own)");
            }
            if (!(value instanceof String text) || text.isEmpty()) {
                throw new InvalidTopologyException(exchange + ": " + key + " must be a non-empty string, got "
                        + value, "");
            }
            if (key.equals("x-delayed-type") && !BUILT_IN.contains(text)) {
                throw new InvalidTopologyException(exchange + ": x-delayed-type must be direct, fanout, topic or"
                        + " headers, got '" + text + "'", "");
            }
        }
        if (spec.type().equals("x-delayed-message") && !spec.arguments().containsKey("x-delayed-type")) {
            throw new InvalidTopologyException(exchange + ": an x-delayed-message exchange needs x-delayed-type",
                    "the type it routes as once the delay is over, e.g. direct");
        }
    }
}
