package dev.rabbittune.monitor;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import dev.rabbittune.client.ConnectionSettings;
import dev.rabbittune.client.Connections;
import dev.rabbittune.client.PublisherSettings;
import dev.rabbittune.client.ReliablePublisher;
import dev.rabbittune.core.Secrets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's canary: a small message every interval to a quorum queue led by that node, published with confirms and
 * consumed in this process; latency is taken from this process's own record of when it sent the message, so no
 * clocks are compared. A message not delivered within the timeout counts as a timeout and takes
 * {@code rabbittune_canary_up} to 0; so does a publish or connection that fails, at once: an alarm, a partition or
 * a node down shows as timeouts, not as silence.
 *
 * <p>Each exporter has its own queue per node ({@code rabbittune-canary-<node>-<instance>}, expiring 10 minutes
 * after its consumer is gone), so two exporters on one cluster do not consume each other's messages. The queue is
 * bounded in length and message TTL, and redeclared when the broker cancels its consumer (the queue was deleted).
 *
 * <p>{@link #tick} runs on this canary's own thread (it may block on a connect); {@link #expire} may run on any.
 */
final class Canary implements AutoCloseable {

    /** Latency buckets in seconds: fixed, so histograms add up across canaries and exporters. */
    static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
        Duration.ofSeconds(5), Duration.ofSeconds(10)};

    /** Queue names start so, which {@code --cleanup} deletes. */
    static final String PREFIX = "rabbittune-canary-";

    private static final Logger LOG = LoggerFactory.getLogger(Canary.class);
    private static final int BODY_BYTES = 16;
    /** More unconfirmed than this and the broker is not confirming: a publish would wait for a window slot. */
    private static final int MAX_UNCONFIRMED = 8;

    private final String node;
    private final long instance;
    private final String queue;
    private final ConnectionSettings connection;
    private final Duration timeout;
    private final Timer latency;
    private final Timer confirmLatency;
    private final Counter sent;
    private final Counter received;
    private final Counter timeouts;
    private final Counter publishFailures;
    private final Counter late;
    private final Counter lost;
    private final AtomicInteger up = new AtomicInteger();
    private final AtomicInteger leaderElsewhere = new AtomicInteger();
    private volatile String leader;
    private final AtomicLong freshLatencyNanos = new AtomicLong(-1);
    private final AtomicLong sequence = new AtomicLong();
    private final CanaryLedger ledger;
    private volatile Connection consuming;
    private volatile ReliablePublisher publisher;
    private volatile boolean consumerAlive;
    private volatile String lastProblem;

    Canary(String node, long instance, ConnectionSettings connection, Duration timeout, MeterRegistry registry) {
        this.node = node;
        this.instance = instance;
        this.queue = queueName(node, instance);
        this.connection = connection;
        this.timeout = timeout;
        this.ledger = new CanaryLedger(timeout.toNanos(), TimeUnit.MILLISECONDS.toNanos(ttlMillis()));
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
        this.late = Counter.builder("rabbittune.canary.late").description("messages delivered after the timeout "
                + "(counted as timeouts too)").tag("node", node).register(registry);
        this.lost = Counter.builder("rabbittune.canary.lost").description("messages the broker confirmed that were "
                + "never delivered (their TTL passed)").tag("node", node).register(registry);
        io.micrometer.core.instrument.Gauge.builder("rabbittune.canary.leader.elsewhere", leaderElsewhere,
                AtomicInteger::get).description("1 while the canary's queue is led by another node than the one it "
                + "measures (a policy placed it, or the leader moved on a failover)").tag("node", node)
                .register(registry);
        io.micrometer.core.instrument.Gauge.builder("rabbittune.canary.up", up, AtomicInteger::get)
                .description("1 while the last canary message arrived within the timeout").tag("node", node)
                .register(registry);
    }

    /** {@code rabbittune-canary-rabbit@host-1a2b3c4d}: one per node and exporter. */
    static String queueName(String node, long instance) {
        return PREFIX + node + "-" + String.format("%08x", instance & 0xffffffffL);
    }

    String node() {
        return node;
    }

    /** This canary's queue as {@code vhost/name}, the key of {@link BrokerFigures#canaryLeaders()}. */
    String queueKey(String vhost) {
        return vhost + "/" + queue;
    }

    /**
     * The leader the broker reports for this canary's queue (null: not known yet). A canary led by another node
     * measures that node's path, not its own: exported and said once per change.
     */
    void leaderIs(String reported) {
        if (reported == null || Objects.equals(reported, leader)) {
            return;
        }
        leader = reported;
        boolean elsewhere = !reported.equals(node);
        leaderElsewhere.set(elsewhere ? 1 : 0);
        if (elsewhere) {
            LOG.warn("canary {}: its queue {} is led by {}, so it measures that node (a queue-leader-locator policy, "
                    + "or the leader moved on a failover; an exporter restarted declares a new one)", node, queue,
                    reported);
        }
    }

    /** The end-to-end latency of the newest delivery since the last call, in ms; NaN when none arrived since. */
    double takeFreshLatencyMillis() {
        long nanos = freshLatencyNanos.getAndSet(-1);
        return nanos < 0 ? Double.NaN : nanos / 1e6;
    }

    /** One interval's work: send the next message, reconnecting (and redeclaring) when needed. */
    void tick() {
        long seq = sequence.incrementAndGet();
        long start = System.nanoTime();
        ledger.sent(seq, start);
        sent.increment();
        try {
            ensureConnected();
            if (publisher.unconfirmed() > MAX_UNCONFIRMED) {
                throw new IllegalStateException(publisher.unconfirmed() + " messages unconfirmed: the broker is not "
                        + "confirming");
            }
            byte[] body = ByteBuffer.allocate(BODY_BYTES).putLong(instance).putLong(seq).array();
            publisher.publish("", queue, new AMQP.BasicProperties.Builder().expiration(String.valueOf(
                    ttlMillis())).build(), body).whenComplete((ok, failure) -> {
                        if (failure == null) {
                            ledger.confirmed(seq);
                            confirmLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                        } else {
                            failed("publish of message " + seq + " failed: " + failure.getMessage(), false);
                        }
                    });
            problemGone();
        } catch (Exception e) {
            failed(e.getMessage(), true);
        }
    }

    /**
     * A message's TTL (per message, the queue's 60 s is the upper bound): after it, a message not delivered never
     * will be. Ten timeouts, at least a second, so a late message is told apart from a lost one.
     */
    private long ttlMillis() {
        return Math.min(60_000, Math.max(1000, timeout.toMillis() * 10));
    }

    /**
     * Counts the overdue messages as timeouts (once each), and those confirmed and past their TTL as lost (one
     * log line each); cheap and non-blocking, run often.
     */
    void expire() {
        CanaryLedger.Expired expired = ledger.expire(System.nanoTime());
        if (expired.timeouts() > 0) {
            timeouts.increment(expired.timeouts());
            up.set(0);
        }
        if (expired.lost() > 0) {
            lost.increment(expired.lost());
            LOG.warn("canary {}: {} message(s) confirmed by the broker and never delivered within their TTL ({} ms)",
                    node, expired.lost(), ttlMillis());
        }
    }

    /** A publish or connection that failed: not silence, the canary is down now; the channel is rebuilt. */
    private void failed(String problem, boolean reconnect) {
        publishFailures.increment();
        up.set(0);
        String masked = Secrets.mask(String.valueOf(problem));
        if (!Objects.equals(masked, lastProblem)) {
            LOG.warn("canary {}: {}", node, masked);
            lastProblem = masked;
        }
        if (reconnect) {
            closeQuietly();
        } else {
            consumerAlive = false; // an unroutable return: the queue is gone, declare it again
        }
    }

    private void problemGone() {
        if (lastProblem != null && consumerAlive) {
            LOG.info("canary {}: publishing again", node);
            lastProblem = null;
        }
    }

    private void ensureConnected() throws Exception {
        if (publisher != null && consuming != null && consuming.isOpen() && consumerAlive) {
            return;
        }
        closeQuietly();
        Connection own = new Connections(connection.withoutRecovery()).open("rabbittune-canary " + node);
        try {
            Channel channel = own.createChannel();
            declare(channel);
            consumerAlive = true;
            channel.basicConsume(queue, true, new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
                        byte[] body) {
                    delivered(body);
                }

                @Override
                public void handleCancel(String tag) {
                    consumerAlive = false; // the queue was deleted or lost: the next tick declares it again
                }

                @Override
                public void handleShutdownSignal(String tag, ShutdownSignalException signal) {
                    consumerAlive = false;
                }
            });
            consuming = own;
            publisher = ReliablePublisher.on(own, PublisherSettings.defaults().withBlockedPolicy(
                    PublisherSettings.BlockedPolicy.FAIL, Duration.ZERO));
        } catch (Exception e) {
            own.abort(1000);
            throw e;
        }
    }

    /**
     * A quorum queue led by this node (declared on a connection to it, with the client-local leader locator; a
     * queue-leader-locator policy can override it), bounded so that a canary nobody reads cannot grow: 100
     * messages, each living at most a minute, the queue itself gone 10 minutes after its consumer. Every argument is
     * one quorum queues take from 3.10 on (rabbit_quorum_queue.erl, capabilities/0, queue_arguments, at v3.10.8;
     * the same list at v4.3.5), so the declaration is the same on every broker this project supports.
     */
    private void declare(Channel channel) throws java.io.IOException {
        channel.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "quorum",
                "x-queue-leader-locator", "client-local", "x-max-length", 100, "x-overflow", "drop-head",
                "x-message-ttl", 60_000, "x-expires", 600_000));
    }

    private void delivered(byte[] body) {
        if (body.length != BODY_BYTES) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.wrap(body);
        if (buffer.getLong() != instance) {
            return; // another exporter's message (a queue name shared by mistake): its clock is not ours
        }
        // a late message stays a timeout for the SLO, but it was not lost
        java.util.OptionalLong inTime = ledger.delivered(buffer.getLong(), System.nanoTime(), late::increment);
        if (inTime.isEmpty()) {
            return;
        }
        long elapsed = inTime.getAsLong();
        received.increment();
        latency.record(elapsed, TimeUnit.NANOSECONDS);
        freshLatencyNanos.set(elapsed);
        up.set(1);
    }

    private void closeQuietly() {
        ReliablePublisher p = publisher;
        publisher = null;
        Connection c = consuming;
        consuming = null;
        consumerAlive = false;
        if (p != null) {
            try {
                p.close(1, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // the connection is going anyway
            }
        }
        if (c != null) {
            c.abort(1000);
            ledger.connectionDropped(); // auto-acked deliveries not yet handled went with it
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
