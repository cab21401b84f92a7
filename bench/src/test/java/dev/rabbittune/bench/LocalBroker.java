package dev.rabbittune.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.rabbittune.client.ConnectionSettings;
import dev.rabbittune.core.AmqpUri;
import dev.rabbittune.core.ManagementApi;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The real broker the tests run against: {@code scripts/broker start} (scripts/test starts it), or
 * $RABBITTUNE_TEST_URI. Tests fail, never skip, when it is not there.
 */
final class LocalBroker {

    static final AmqpUri URI = AmqpUri.parse(System.getenv().getOrDefault("RABBITTUNE_TEST_URI", "amqp://localhost"));
    static final ManagementApi API = ManagementApi.forAmqpUri(URI);

    private LocalBroker() {
    }

    static ConnectionSettings settings() {
        return new ConnectionSettings(List.of(URI), 60, false, false);
    }

    static Workload workload(String yaml) {
        try {
            return Workload.resolve(List.of(Workloads.parse(
                    new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test workload")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Result run(String yaml) throws InterruptedException {
        return new Engine(workload(yaml), settings(), RunListener.NONE, false).run();
    }

    static Connection connect() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(URI.host());
        factory.setPort(URI.port());
        factory.setUsername(URI.username());
        factory.setPassword(URI.password());
        return factory.newConnection("rabbittune-test");
    }

    /** Runs {@code action} on a fresh channel of a fresh connection. */
    static void withChannel(ChannelAction action) throws Exception {
        try (Connection connection = connect(); Channel channel = connection.createChannel()) {
            action.run(channel);
        }
    }

    interface ChannelAction {
        void run(Channel channel) throws Exception;
    }

    /** Runs rabbitmqctl (the tests run as root on the broker's machine, as scripts/test does). */
    static void rabbitmqctl(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("rabbitmqctl", "-q"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(90, java.util.concurrent.TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("rabbitmqctl " + String.join(" ", args) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A memory alarm: the broker blocks every publishing connection until {@link #clearMemoryAlarm}. */
    static void raiseMemoryAlarm() {
        rabbitmqctl("set_vm_memory_high_watermark", "0.000001");
    }

    static void clearMemoryAlarm() {
        rabbitmqctl("set_vm_memory_high_watermark", "0.4");
    }

    static boolean queueExists(String name) {
        return API.queue(URI.vhost(), name).isPresent();
    }

    static boolean exchangeExists(String name) {
        return API.exchange(URI.vhost(), name).isPresent();
    }
}
