package dev.rabbittune.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One broker node's AMQP address, parsed and validated once. {@link #toString()} is masked, so an {@code AmqpUri}
 * can be logged or serialised safely; {@link #raw()} is for the connection factory only.
 *
 * @param raw      the URI as given, with credentials
 * @param tls      true for {@code amqps}
 * @param host     host name or address
 * @param port     AMQP port (5672 / 5671 when the URI has none)
 * @param username user name, {@code guest} when the URI has none
 * @param password password, {@code guest} when the URI has none
 * @param vhost    virtual host, {@code /} when the URI has no path
 */
public record AmqpUri(String raw, boolean tls, String host, int port, String username, String password, String vhost) {

    public static final String DEFAULT = "amqp://localhost";
    /** The environment variable that names the broker when no URI is given. */
    public static final String ENVIRONMENT_VARIABLE = "RABBITTUNE_URI";

    /**
     * The node URIs a command should use: those given, or else {@code environmentValue} (the value of
     * {@value #ENVIRONMENT_VARIABLE}), or else {@value #DEFAULT}; each parsed.
     */
    public static List<AmqpUri> givenOrDefault(List<String> given, String environmentValue) {
        if (given != null && !given.isEmpty()) {
            return given.stream().map(AmqpUri::parse).toList();
        }
        return List.of(parse(environmentValue == null || environmentValue.isBlank() ? DEFAULT : environmentValue));
    }

    /** {@link #givenOrDefault(List, String)} with this process's {@value #ENVIRONMENT_VARIABLE}. */
    public static List<AmqpUri> givenOrDefault(List<String> given) {
        return givenOrDefault(given, System.getenv(ENVIRONMENT_VARIABLE));
    }

    /** Parses {@code text}; throws {@link BadInputException} naming what is wrong. */
    public static AmqpUri parse(String text) {
        // the message may reach a library's log: never the password, even of a URI too broken to parse
        String shown = Secrets.mask(text);
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new BadInputException("invalid broker URI '" + shown + "': " + e.getReason(),
                    "expected amqp://user:password@host:5672/vhost", e);
        }
        String scheme = uri.getScheme();
        if (!"amqp".equals(scheme) && !"amqps".equals(scheme)) {
            throw new BadInputException("invalid broker URI '" + shown + "': scheme must be amqp or amqps",
                    "expected amqp://user:password@host:5672/vhost", null);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new BadInputException("invalid broker URI '" + shown + "': no host (or a port that is not a number)",
                    "expected amqp://user:password@host:5672/vhost", null);
        }
        boolean tls = "amqps".equals(scheme);
        int port = uri.getPort() > 0 ? uri.getPort() : (tls ? 5671 : 5672);
        String user = "guest";
        String password = "guest";
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        }
        String path = uri.getRawPath();
        String vhost = path == null || path.isEmpty() || path.equals("/") ? "/" : decode(path.substring(1));
        return new AmqpUri(text.trim(), tls, uri.getHost(), port, user, password, vhost);
    }

    /** The same URI (credentials, vhost, query) pointing at another host and port, e.g. one node of a cluster. */
    public AmqpUri at(String newHost, int newPort) {
        URI uri = URI.create(raw);
        String host = newHost.contains(":") && !newHost.startsWith("[") ? "[" + newHost + "]" : newHost;
        String rebuilt = uri.getScheme() + "://" + (uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@")
                + host + ":" + newPort + (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new AmqpUri(rebuilt, tls, newHost, newPort, username, password, vhost);
    }

    /** The management API base URL on the same host (port 15672, or 15671 for TLS), without credentials. */
    public String defaultManagementUrl() {
        return (tls ? "https://" : "http://") + host + ":" + (tls ? 15671 : 15672);
    }

    /** The URI with its password replaced by {@code ***}. */
    public String masked() {
        return Secrets.mask(raw);
    }

    @Override
    public String toString() {
        return masked();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
