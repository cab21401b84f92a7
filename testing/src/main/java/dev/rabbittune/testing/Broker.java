package dev.rabbittune.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.rabbittune.core.AmqpUri;
import dev.rabbittune.core.ManagementApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real broker every broker test runs against: {@code scripts/broker start} (scripts/test starts it), or
 * {@code $RABBITTUNE_TEST_URI}. Tests fail, never skip, when it is not there. The tests run as root on the broker's
 * machine, as scripts/test does, so {@code rabbitmqctl} reaches the node.
 */
public final class Broker {

    public static final AmqpUri URI = AmqpUri.parse(
            System.getenv().getOrDefault("RABBITTUNE_TEST_URI", "amqp://localhost"));
    public static final ManagementApi API = ManagementApi.forAmqpUri(URI);

    /** rabbitmqctl waits this long at most; a node's stop_app or await_startup takes seconds, never minutes. */
    private static final Duration RABBITMQCTL_TIMEOUT = Duration.ofSeconds(120);
    /** scripts/broker's slowest command, a 3-node cluster start on 2 busy cores, takes about a minute. */
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(5);
    private static final Set<String> QUEUES = ConcurrentHashMap.newKeySet();
    private static volatile boolean alarmRaised;

    private Broker() {
    }

    /** The node's name, as the management API and the canary's labels give it. */
    public static String node() {
        return API.nodes().get(0).path("name").asText();
    }

    /** {@code prefix-} and 8 random hex digits: a name no other test (or earlier run) uses. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An amqp-client factory for the test broker, for a test that needs settings of its own (recovery, a port). */
    public static ConnectionFactory factory() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(URI.host());
        factory.setPort(URI.port());
        factory.setUsername(URI.username());
        factory.setPassword(URI.password());
        factory.setVirtualHost(URI.vhost());
        return factory;
    }

    /** A plain amqp-client connection, named {@code name} in the management UI. */
    public static Connection connect(String name) {
        try {
            return factory().newConnection(name);
        } catch (IOException e) {
            throw new UncheckedIOException("the test broker at " + URI.masked() + " is not there", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the test broker at " + URI.masked() + " did not answer", e);
        }
    }

    /** Runs {@code rabbitmqctl -q args...}; its output, or an exception with it when the command failed. */
    public static String rabbitmqctl(String... args) {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-q"));
        command.addAll(List.of(args));
        return run(command, RABBITMQCTL_TIMEOUT);
    }

    private static String run(List<String> command, Duration timeout) {
        String what = String.join(" ", command);
        try {
            // into a file: reading a pipe to its end would wait past the timeout for a command that hangs
            Path log = Files.createTempFile("rabbittune-test-command", ".log");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                        .start();
                boolean finished = process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
                if (!finished) {
                    process.destroyForcibly();
                }
                String output = Files.readString(log, StandardCharsets.UTF_8);
                if (!finished || process.exitValue() != 0) {
                    throw new IllegalStateException(what + (finished ? " failed: " : " did not finish in "
                            + timeout.toSeconds() + " s: ") + output);
                }
                return output;
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(what + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + what + " ran", e);
        }
    }

    /**
     * Runs {@code scripts/broker args...} (e.g. {@code cluster start 3}); its output, or an exception with it when
     * the script failed. Tests run in their module's directory, so the script is one level up.
     */
    public static String script(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of("..", "scripts", "broker").toString()));
        command.addAll(List.of(args));
        return run(command, SCRIPT_TIMEOUT);
    }

    /**
     * A memory alarm (a watermark no node is under): the broker blocks every publishing connection. A test class
     * extended with {@link CleanUp} has it cleared after each test, whether the test passed or not.
     */
    public static void raiseMemoryAlarm() {
        alarmRaised = true;
        rabbitmqctl("set_vm_memory_high_watermark", "0.000001");
    }

    /** Back to the default watermark, which clears the alarm. */
    public static void clearMemoryAlarm() {
        rabbitmqctl("set_vm_memory_high_watermark", "0.4");
        alarmRaised = false;
    }

    /** A {@link #unique} queue name that {@link CleanUp} deletes after the test, whether the test passed or not. */
    public static String queue(String prefix) {
        String name = unique(prefix);
        QUEUES.add(name);
        return name;
    }

    /**
     * After each test, whether it passed, failed or timed out: clears a memory alarm it left raised and deletes the
     * queues named by {@link #queue}, so that no test leaves the broker changed for the next one.
     */
    public static final class CleanUp implements AfterEachCallback {
        @Override
        public void afterEach(ExtensionContext context) throws IOException, TimeoutException {
            if (alarmRaised) {
                clearMemoryAlarm();
            }
            List<String> names = new ArrayList<>(QUEUES);
            QUEUES.removeAll(names);
            if (names.isEmpty()) {
                return;
            }
            try (Connection connection = connect("test-cleanup")) {
                for (String name : names) {
                    try (Channel channel = connection.createChannel()) {
                        channel.queueDelete(name); // a queue the test never declared or deleted itself: a no-op
                    } catch (IOException | TimeoutException | RuntimeException e) {
                        // the broker closed the channel: nothing to delete there
                    }
                }
            }
        }
    }

    /** start_app, then await_startup: what runs next finds the broker whole, not booting. */
    public static void startApp() {
        rabbitmqctl("start_app");
        rabbitmqctl("await_startup");
    }

    public static boolean queueExists(String name) {
        return API.queue(URI.vhost(), name).isPresent();
    }

    public static boolean exchangeExists(String name) {
        return API.exchange(URI.vhost(), name).isPresent();
    }

    /**
     * The management API's name of the connection the client named {@code clientName}, once the API lists it (it
     * learns of new connections from statistics events, a few seconds late).
     */
    public static String managementName(String clientName) {
        return Awaitility.await("the management API listing connection " + clientName)
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> connectionNamed(clientName), name -> name != null);
    }

    private static String connectionNamed(String clientName) {
        for (JsonNode connection : API.get("/api/connections?columns=name,user_provided_name").orElseThrow()) {
            if (clientName.equals(connection.path("user_provided_name").asText())) {
                return connection.path("name").asText();
            }
        }
        return null;
    }

    /** Closes a connection from the broker side (by its management name), as an operator or a failure would. */
    public static void closeFromBroker(String managementName) {
        API.delete("/api/connections/" + ManagementApi.segment(managementName));
    }
}
