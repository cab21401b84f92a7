package dev.rabbittune.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.rabbittune.testing.Broker;
import dev.rabbittune.testing.NeedsBroker;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client examples of docs/client.md and the README, as a newcomer copies them: compiled against this build, and
 * the publish-and-consume and the README's publish examples run on the real broker. A renamed method or a changed
 * signature fails here, not in a reader's IDE.
 */
@ExtendWith(Broker.CleanUp.class)
@NeedsBroker
class ReadmeExamplesTest {

    private static final String IMPORTS = """
            import com.rabbitmq.client.*;
            import dev.rabbittune.client.*;
            import dev.rabbittune.client.codec.*;
            import java.time.Duration;
            import java.util.*;
            import java.util.concurrent.*;
            """;

    @Test
    void thePublishAndConsumeExampleCompilesAndMovesEveryOrderThroughTheBroker(@TempDir Path work) throws Exception {
        String queue = Broker.queue("readme-orders");
        String example = clientExamples().get(0)
                .replace("List.of(\"amqp://app:secret@node1\", \"amqp://app:secret@node2\")",
                        "List.of(\"amqp://guest:guest@localhost\", \"amqp://guest:guest@127.0.0.1\")")
                .replace("\"orders\"", "\"" + queue + "\"");
        assertThat(example).contains(queue).contains("guest@localhost");
        String source = IMPORTS + """
                public class PublishAndConsume {
                    record Order(int id) {}
                    static final List<Order> orders = new ArrayList<>();
                    static final List<Throwable> failures = new CopyOnWriteArrayList<>();
                    static final Set<String> stored = ConcurrentHashMap.newKeySet();
                    static final AMQP.BasicProperties persistentJson = new AMQP.BasicProperties.Builder()
                            .contentType("application/json").deliveryMode(2).build();
                    static byte[] toJson(Order order) { return ("{\\"id\\":" + order.id() + "}").getBytes(); }
                    static void alert(Order order, Throwable failure) { failures.add(failure); }
                    static void store(List<dev.rabbittune.client.Delivery> batch) {
                        synchronized (stored) {
                            batch.forEach(d -> stored.add(new String(d.body())));
                            stored.notifyAll();
                        }
                    }
                    static void awaitShutdown() throws InterruptedException {
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                        synchronized (stored) {
                            for (long left; stored.size() < orders.size()
                                    && (left = deadline - System.nanoTime()) > 0; ) {
                                TimeUnit.NANOSECONDS.timedWait(stored, left);
                            }
                        }
                    }
                    public static int run(int count) throws Exception {
                        for (int i = 0; i < count; i++) { orders.add(new Order(i)); }
                """ + example + """
                        if (!failures.isEmpty()) { throw new IllegalStateException(failures.get(0)); }
                        return stored.size();
                    }
                }
                """;
        try (Connection admin = TestBroker.connect("test-admin"); Channel channel = admin.createChannel()) {
            channel.queueDeclare(queue, true, false, false, null);
            try {
                Method run = compile(work, "PublishAndConsume", source).getMethod("run", int.class);
                assertThat(run.invoke(null, 500)).isEqualTo(500);
                assertThat(TestBroker.messagesReady(channel, queue)).isZero();
            } finally {
                channel.queueDelete(queue);
            }
        }
    }

    @Test
    void theCodecExampleCompilesAndRoundTripsABody(@TempDir Path work) throws Exception {
        String example = clientExamples().get(1);
        String source = IMPORTS + """
                public class CodecExample {
                    public static byte[] run(Channel channel, byte[] json, String queue) throws Exception {
                """ + example.replace("\"orders\", \"eu\"", "\"\", queue")
                .replace("byte[] body = Codecs.decode(delivery", """
                        GetResponse got = channel.basicGet(queue, true);
                        com.rabbitmq.client.Delivery delivery = new com.rabbitmq.client.Delivery(got.getEnvelope(),
                                got.getProps(), got.getBody());
                        byte[] body = Codecs.decode(delivery""")
                .replace("delivery.getBody());", "delivery.getBody());\nreturn body;") + """
                    }
                }
                """;
        String queue = Broker.queue("readme-codec");
        byte[] json = "{\"order\":1,\"lines\":[1,2,3]}".repeat(100).getBytes();
        try (Connection admin = TestBroker.connect("test-admin"); Channel channel = admin.createChannel()) {
            channel.queueDeclare(queue, false, false, true, null);
            try {
                Method run = compile(work, "CodecExample", source)
                        .getMethod("run", Channel.class, byte[].class, String.class);
                assertThat((byte[]) run.invoke(null, channel, json, queue)).isEqualTo(json);
            } finally {
                channel.queueDelete(queue);
            }
        }
    }

    @Test
    void theReadmeExampleCompilesAndPublishesWithAConfirm(@TempDir Path work) throws Exception {
        String queue = Broker.queue("readme-front");
        String example = readmeExamples().get(0)
                .replace("List.of(\"amqp://app:secret@node1\")", "List.of(\"amqp://guest:guest@localhost\")")
                .replace("\"orders\"", "\"" + queue + "\"");
        assertThat(example).contains(queue).contains("guest@localhost");
        String source = IMPORTS + """
                public class FrontDoor {
                    static final List<Throwable> failures = new CopyOnWriteArrayList<>();
                    static final AMQP.BasicProperties persistentJson = new AMQP.BasicProperties.Builder()
                            .contentType("application/json").deliveryMode(2).build();
                    static final byte[] body = "{\\"id\\":1}".getBytes();
                    static void alert(Throwable failure) { failures.add(failure); }
                    public static void run() throws Exception {
                """ + example + """
                        if (!failures.isEmpty()) { throw new IllegalStateException(failures.get(0)); }
                    }
                }
                """;
        try (Connection admin = TestBroker.connect("test-admin"); Channel channel = admin.createChannel()) {
            channel.queueDeclare(queue, true, false, false, null);
            try {
                compile(work, "FrontDoor", source).getMethod("run").invoke(null);
                assertThat(TestBroker.messagesReady(channel, queue)).isEqualTo(1);
            } finally {
                channel.queueDelete(queue);
            }
        }
    }

    /** The consumer project the build runs (src/it/readme-example) holds the README's example as it is. */
    @Test
    void theConsumerProjectRunsTheReadmeExampleAsWritten() throws IOException {
        String example = readmeExamples().get(0)
                .replace("List.of(\"amqp://app:secret@node1\")", "List.of(\"amqp://guest:guest@localhost\")")
                .replace("\"orders\"", "QUEUE");
        String project = Files.readString(Path.of("src/it/readme-example/src/main/java/example/orders/FrontDoor.java"));
        for (String line : example.strip().lines().toList()) {
            assertThat(project).as("the consumer project's copy of the README example").contains(line.strip());
        }
    }

    /** The ```java blocks of docs/client.md, in order. */
    private static List<String> clientExamples() throws IOException {
        List<String> blocks = javaBlocks(Files.readString(Path.of("..", "docs", "client.md")));
        assertThat(blocks).as("java examples in docs/client.md").hasSizeGreaterThanOrEqualTo(2);
        return blocks;
    }

    /** The ```java blocks of the README's "Client library" section, in order. */
    private static List<String> readmeExamples() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("\n## Client library");
        int end = readme.indexOf("\n## ", start + 1);
        assertThat(start).as("README has a client section").isPositive();
        List<String> blocks = javaBlocks(readme.substring(start, end < 0 ? readme.length() : end));
        assertThat(blocks).as("java example in the README's client section").isNotEmpty();
        return blocks;
    }

    private static List<String> javaBlocks(String markdown) {
        Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        List<String> blocks = new ArrayList<>();
        while (block.find()) {
            blocks.add(block.group(1));
        }
        return blocks;
    }

    private static Class<?> compile(Path work, String className, String source) throws Exception {
        Path file = work.resolve(className + ".java");
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        var errors = new java.io.ByteArrayOutputStream();
        int exit = javac.run(null, null, errors, "-d", work.toString(), "-cp", classpath(), file.toString());
        assertThat(exit).as("the README example compiles:%n%s%n%s", errors, source).isZero();
        URLClassLoader loader = new URLClassLoader(new URL[] {work.toUri().toURL()},
                ReadmeExamplesTest.class.getClassLoader());
        return loader.loadClass(className);
    }

    /** The test's own classpath, also where surefire hands it over in a manifest-only jar. */
    private static String classpath() {
        List<String> entries = new ArrayList<>(List.of(System.getProperty("java.class.path").split(
                java.io.File.pathSeparator)));
        for (Class<?> type : List.of(ReliablePublisher.class, Connection.class)) {
            entries.add(Path.of(location(type)).toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static java.net.URI location(Class<?> type) {
        try {
            return type.getProtectionDomain().getCodeSource().getLocation().toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
