package dev.rabbittune.monitor;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.rabbittune.client.ConnectionSettings;
import dev.rabbittune.client.Connections;
import dev.rabbittune.client.PublisherSettings;
import dev.rabbittune.client.ReliablePublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One node's canary: a small message every interval to a quorum queue led by that node, published with confirms and
 * consumed in this process, so its end-to-end latency needs no clock but this JVM's. A message not delivered within
 * the timeout (two intervals by default) counts as a timeout and takes {@code rabbittune_canary_up} to 0 at once:
 * an alarm, a partition or a node down shows as timeouts, not as silence. A publish that fails (the connection is
 * down, the broker blocks publishing) is a timeout too.
 *
 * <p>The queue is declared idempotently, bounded in length and message TTL, and deleted by {@link #cleanup}.
 */
final class Canary implements AutoCloseable {

    /** Latency buckets in seconds: fixed, so histograms add up across canaries and exporters. */
    static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
        Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private static final int BODY_BYTES = 16;

    private final String node;
    private final String queue;
    private final ConnectionSettings connection;
    private final Duration timeout;
    private final Timer latency;
    private final Timer confirmLatency;
    private final Counter sent;
    private final Counter received;
    private final Counter timeouts;
    private final Counter publishFailures;
    private final AtomicInteger up = new AtomicInteger();
    private final AtomicLong lastLatencyNanos = new AtomicLong(-1);
    private final AtomicLong sequence = new AtomicLong();
    /** sequence -> send time (System.nanoTime) of each message not yet delivered nor timed out */
    private final Map<Long, Long> outstanding = new ConcurrentHashMap<>();
    private volatile Connection consuming;
    private volatile ReliablePublisher publisher;

    Canary(String node, ConnectionSettings connection, Duration timeout, MeterRegistry registry) {
        this.node = node;
        this.queue = queueName(node);
        this.connection = connection;
        this.timeout = timeout;
        this.latency = Timer.builder("rabbittune.canary.latency").description("publish to delivery of the canary's "
                        + "message").tag("node", node).serviceLevelObjectives(BUCKETS).register(registry);
        this.confirmLatency = Timer.builder("rabbittune.canary.confirm").description("publish to the broker's "
                        + "confirm").tag("node", node).serviceLevelObjectives(BUCKETS).register(registry);
        this.sent = Counter.builder("rabbittune.canary.sent").tag("node", node).register(registry);
        this.received = Counter.builder("rabbittune.canary.received").tag("node", node).register(registry);
        this.timeouts = Counter.builder("rabbittune.canary.timeouts").description("messages not delivered within "
                + "the timeout").tag("node", node).register(registry);
        this.publishFailures = Counter.builder("rabbittune.canary.publish.failures").tag("node", node)
                .register(registry);
        io.micrometer.core.instrument.Gauge.builder("rabbittune.canary.up", up, AtomicInteger::get)
                .description("1 while the last canary message arrived within the timeout").tag("node", node)
                .register(registry);
    }

    /** {@code rabbittune-canary-rabbit@host}: one per node, named so that a glance at the queue list says why. */
    static String queueName(String node) {
        return "rabbittune-canary-" + node;
    }

    String node() {
        return node;
    }

    /** The latest end-to-end latency in milliseconds, NaN before the first delivery. */
    double lastLatencyMillis() {
        long nanos = lastLatencyNanos.get();
        return nanos < 0 ? Double.NaN : nanos / 1e6;
    }

    /** One interval's work: time out what is overdue, then send the next message (reconnecting when needed). */
    void tick() {
        expire();
        long seq = sequence.incrementAndGet();
        long start = System.nanoTime();
        outstanding.put(seq, start);
        sent.increment();
        try {
            ensureConnected();
            byte[] body = ByteBuffer.allocate(BODY_BYTES).putLong(seq).putLong(start).array();
            publisher.publish("", queue, new AMQP.BasicProperties.Builder().expiration(String.valueOf(
                    timeout.toMillis() * 10)).build(), body).whenComplete((ok, failure) -> {
                        if (failure == null) {
                            confirmLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                        } else {
                            publishFailures.increment();
                        }
                    });
        } catch (Exception e) {
            // counted when it expires: a failed publish is a message that did not arrive
            publishFailures.increment();
            closeQuietly();
        }
    }

    private void expire() {
        long now = System.nanoTime();
        outstanding.entrySet().removeIf(e -> {
            boolean overdue = now - e.getValue() > timeout.toNanos();
            if (overdue) {
                timeouts.increment();
                up.set(0);
            }
            return overdue;
        });
    }

    private void ensureConnected() throws Exception {
        if (publisher != null && consuming != null && consuming.isOpen()) {
            return;
        }
        closeQuietly();
        Connection own = new Connections(connection.withoutRecovery()).open("rabbittune-canary " + node);
        try {
            Channel channel = own.createChannel();
            declare(channel);
            channel.basicConsume(queue, true, new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
                        byte[] body) {
                    delivered(body);
                }
            });
            consuming = own;
            publisher = ReliablePublisher.on(own, PublisherSettings.defaults().withBlockedPolicy(
                    PublisherSettings.BlockedPolicy.FAIL, Duration.ZERO));
        } catch (Exception e) {
            own.abort();
            throw e;
        }
    }

    /**
     * A quorum queue led by this node (declared on a connection to it, with the client-local leader locator),
     * bounded so that a canary nobody reads cannot grow: 100 messages, each living at most a minute.
     */
    private void declare(Channel channel) throws java.io.IOException {
        channel.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "quorum",
                "x-queue-leader-locator", "client-local", "x-max-length", 100, "x-overflow", "drop-head",
                "x-message-ttl", 60_000));
    }

    private void delivered(byte[] body) {
        if (body.length != BODY_BYTES) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.wrap(body);
        long seq = buffer.getLong();
        long sentAt = buffer.getLong();
        long elapsed = System.nanoTime() - sentAt;
        received.increment();
        latency.record(elapsed, TimeUnit.NANOSECONDS);
        lastLatencyNanos.set(elapsed);
        if (outstanding.remove(seq) != null && elapsed <= timeout.toNanos()) {
            up.set(1);
        }
    }

    /** Deletes this node's canary queue (on --cleanup). */
    void cleanup() throws Exception {
        ensureConnected();
        try (Channel channel = consuming.createChannel()) {
            channel.queueDelete(queue);
        }
    }

    private void closeQuietly() {
        ReliablePublisher p = publisher;
        publisher = null;
        Connection c = consuming;
        consuming = null;
        if (p != null) {
            try {
                p.close(1, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // the connection is going anyway
            }
        }
        if (c != null) {
            c.abort(1000);
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
