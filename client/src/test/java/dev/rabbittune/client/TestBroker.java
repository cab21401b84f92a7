package dev.rabbittune.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.rabbittune.core.AmqpUri;
import dev.rabbittune.core.ManagementApi;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The real local broker (scripts/broker start) for client tests; tests fail, never skip, without it. */
final class TestBroker {

    static final ConnectionSettings SETTINGS = new ConnectionSettings(List.of(AmqpUri.parse("amqp://localhost")), 60,
            false, true);
    private static final java.util.Set<String> QUEUES = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static volatile boolean alarmRaised;
    static final ManagementApi API = ManagementApi.forAmqpUri(SETTINGS.primary());

    private TestBroker() {
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A unique queue name, deleted after the test by {@link CleanUp}, whether the test passed or not. */
    static String queue(String prefix) {
        String name = unique(prefix);
        QUEUES.add(name);
        return name;
    }

    /** Raises the broker's memory alarm: a watermark no node is under. {@link CleanUp} clears it after the test. */
    static void raiseMemoryAlarm() throws IOException, InterruptedException {
        alarmRaised = true;
        rabbitmqctl("set_vm_memory_high_watermark", "0.000001");
    }

    static void clearMemoryAlarm() throws IOException, InterruptedException {
        rabbitmqctl("set_vm_memory_high_watermark", "0.4");
        alarmRaised = false;
    }

    /**
     * After each test, whether it passed, failed or timed out: clears a memory alarm it left raised and deletes the
     * queues named by {@link #queue}, so that no test leaves the broker changed for the next one.
     */
    static final class CleanUp implements AfterEachCallback {
        @Override
        public void afterEach(ExtensionContext context) throws IOException, InterruptedException {
            if (alarmRaised) {
                clearMemoryAlarm();
            }
            List<String> names = new java.util.ArrayList<>(QUEUES);
            QUEUES.clear();
            if (names.isEmpty()) {
                return;
            }
            try (Connection connection = connect("test-cleanup")) {
                for (String name : names) {
                    try (Channel channel = connection.createChannel()) {
                        channel.queueDelete(name); // a queue the test never declared or deleted itself: a no-op
                    } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
                        // the broker closed the channel: nothing to delete there
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("could not delete the test's queues " + names, e);
            }
        }
    }

    static Connection connect(String name) {
        return new Connections(SETTINGS).open(name);
    }

    static long messagesReady(Channel channel, String queue) throws IOException {
        return channel.queueDeclarePassive(queue).getMessageCount();
    }

    /**
     * The management API's name of the connection the client named {@code clientName}, waiting for the API to list
     * it (it learns of new connections from statistics events, a few seconds late).
     */
    static String managementName(String clientName) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (JsonNode connection : API.get("/api/connections?columns=name,user_provided_name").orElseThrow()) {
                if (clientName.equals(connection.path("user_provided_name").asText())) {
                    return connection.path("name").asText();
                }
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the management API never listed connection " + clientName);
    }

    /** Closes a connection from the broker side (by its management name), as an operator or a failure would. */
    static void closeFromBroker(String managementName) {
        API.delete("/api/connections/" + ManagementApi.segment(managementName));
    }

    /** Runs rabbitmqctl (the tests run as root on the broker's machine, as scripts/test does). */
    static void rabbitmqctl(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("rabbitmqctl", "-q"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("rabbitmqctl " + String.join(" ", args) + " failed: " + output);
        }
    }
}
