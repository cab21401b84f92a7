package dev.rabbittune.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.rabbittune.client.ConnectionSettings;
import dev.rabbittune.client.Connections;
import dev.rabbittune.client.topology.BrokerVersion;
import dev.rabbittune.core.BrokerRefusedException;
import dev.rabbittune.core.ManagementApi;
import dev.rabbittune.core.RabbitTuneException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one {@link Workload} against a broker: declares the topology, starts consumers then producers on the
 * {@code client} machinery, samples counters and latencies every second, stops producers when the duration or
 * message count is reached, lets consumers drain, removes what it created, and returns the {@link Result}.
 * {@link #requestStop()} (Ctrl-C) ends the run early with a partial result.
 */
public final class Engine {

    private static final long SECOND = 1_000_000_000L;
    private static final double RATE_TOLERANCE = 0.05;
    private static final double CPU_BOUND_SHARE = 0.90;

    private final Workload workload;
    private final ConnectionSettings connectionSettings;
    private final ConnectionSettings consumerSettings;
    private final RunListener listener;
    private final boolean keepTopology;
    private final String runId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 8);
    private final int runMarker = ThreadLocalRandom.current().nextInt();
    private final long origin = System.nanoTime();
    private final RunCounters counters = new RunCounters();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final List<Connection> connections = new ArrayList<>();
    private final List<QueueConsumer> queueConsumers = new ArrayList<>();
    private final List<Producer> producers = new ArrayList<>();
    private final List<Sample> samples = new ArrayList<>();
    private volatile boolean stopRequested;
    private volatile boolean publishing = true;

    /** A run whose connections all use {@code settings} as they are (its I/O mode included). */
    public Engine(Workload workload, ConnectionSettings settings, RunListener listener, boolean keepTopology) {
        this(workload, settings, settings.nio() ? IoMode.NIO : IoMode.BLOCKING, listener, keepTopology);
    }

    /**
     * A run on {@code settings} whose producers' and consumers' connections do their I/O as {@code io} says
     * ({@link IoMode#AUTO}: see {@link ConnectionPlan}).
     */
    public Engine(Workload workload, ConnectionSettings settings, IoMode io, RunListener listener,
                  boolean keepTopology) {
        this.workload = workload;
        // a benchmark must not hide a failure behind a reconnect: recovery off
        this.connectionSettings = ConnectionPlan.producers(workload, settings, io).withoutRecovery();
        this.consumerSettings = ConnectionPlan.consumers(workload, settings, io).withoutRecovery();
        this.listener = listener;
        this.keepTopology = keepTopology;
    }

    /** Ends the run early (thread-safe; for a signal handler): producers stop, the partial result is returned. */
    public void requestStop() {
        stopRequested = true;
    }

    public String runId() {
        return runId;
    }

    public Result run() throws InterruptedException {
        Instant startedAt = Instant.now();
        Connections factory = new Connections(connectionSettings);
        Connection admin = factory.open("rabbittune-bench-" + runId + "-admin", 0);
        connections.add(admin);
        RunTopology topology = RunTopology.plan(workload, runId);
        try {
            CompletableFuture<Integer> nodes = CompletableFuture.supplyAsync(this::nodeCount);
            Channel adminChannel = admin.createChannel();
            List<Channel> consumerChannels = channels(consumerSettings.equals(connectionSettings) ? factory
                    : new Connections(consumerSettings), "consumers", workload.consumers());
            topology.declare(adminChannel,
                    i -> i < consumerChannels.size() ? consumerChannels.get(i) : adminChannel,
                    BrokerVersion.parse(String.valueOf(admin.getServerProperties().get("version"))));
            BrokerInfo broker = brokerInfo(admin, nodes);
            listener.started(workload, broker, topology.exchange(), topology.queues());
            startConsumers(consumerChannels, topology);
            startProducers(factory, topology);
            return measure(startedAt, broker, topology, adminChannel);
        } catch (IOException e) {
            throw refusedOr(e, "setting up the run failed");
        } finally {
            shutDown(topology, admin);
        }
    }

    private Result measure(Instant startedAt, BrokerInfo broker, RunTopology topology, Channel adminChannel)
            throws InterruptedException, IOException {
        ProducerLoops loops = new ProducerLoops(producers, workload, new ProducerLoops.Control() {
            @Override
            public boolean publishing() {
                return publishing;
            }

            @Override
            public void failed(Exception e) {
                failure.compareAndSet(null, e);
            }
        });
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        loops.start();
        Sampler sampler = new Sampler(start);
        long publishEnd = -1;
        long drainStart = 0;
        boolean drained = false;
        long lastReceived = -1;
        long stableSince = 0;
        while (true) {
            LockSupport.parkNanos(Math.min(100_000_000L, Math.max(0, sampler.nextTick - System.nanoTime())));
            long now = System.nanoTime();
            if (publishEnd < 0) {
                if (publishPhaseOver(now - start, loops)) {
                    sampler.take(now, "run", progress(now - start));
                    publishing = false;
                    loops.join(2000);
                    flushProducers();
                    publishEnd = System.nanoTime();
                    drainStart = publishEnd;
                    if (workload.consumers() == 0 || workload.producers() == 0 || stopRequested
                            || failure.get() != null) {
                        drained = workload.consumers() == 0 || workload.producers() == 0;
                        break;
                    }
                } else if (now >= sampler.nextTick) {
                    sampler.take(now, "run", progress(now - start));
                }
                continue;
            }
            long received = counters.received.sum();
            if (received != lastReceived) {
                lastReceived = received;
                stableSince = now;
            }
            boolean allArrived = expectedReceives() >= 0 && received >= expectedReceives();
            boolean quiet = now - stableSince >= SECOND && topology.messagesReady(adminChannel) == 0;
            if (allArrived || quiet) {
                drained = true;
                sampler.take(now, "drain", 1);
                break;
            }
            if (stopRequested || failure.get() != null
                    || now - drainStart >= workload.drainTimeoutSeconds() * SECOND) {
                sampler.take(now, "drain", 1);
                break;
            }
            if (now >= sampler.nextTick) {
                sampler.take(now, "drain", 1);
            }
        }
        Exception failed = failure.get();
        if (failed != null && !stopRequested) {
            throw refusedOr(failed, "the run failed");
        }
        long end = System.nanoTime();
        return result(startedAt, broker, drained, (publishEnd - start) / 1e9, (end - start) / 1e9,
                (processCpuNanos() - cpuStart) / 1e9);
    }

    private boolean publishPhaseOver(long elapsedNanos, ProducerLoops loops) {
        if (stopRequested || failure.get() != null) {
            return true;
        }
        if (workload.durationSeconds() > 0 && elapsedNanos >= workload.durationSeconds() * SECOND) {
            return true;
        }
        return workload.producers() > 0 && workload.boundedByCount() && loops.allDone();
    }

    private double progress(long elapsedNanos) {
        if (workload.boundedByCount()) {
            double total = (double) workload.messagesPerProducer() * workload.producers();
            return Math.min(1, counters.sent.sum() / total);
        }
        return Math.min(1, elapsedNanos / (workload.durationSeconds() * (double) SECOND));
    }

    /** Deliveries the consumers should see when every message arrives, or -1 when routing makes it unknowable. */
    private long expectedReceives() {
        if (workload.consumers() < workload.queueCount() || workload.routingKey() != null
                || workload.bindingKey() != null) {
            return -1;
        }
        long routed = counters.sent.sum() - counters.returned.sum();
        return workload.exchangeType() == Workload.ExchangeType.FANOUT ? routed * workload.queueCount() : routed;
    }

    private List<Channel> channels(Connections factory, String role, int count) throws IOException {
        List<Channel> channels = new ArrayList<>(count);
        Connection connection = null;
        for (int i = 0; i < count; i++) {
            if (i % workload.channelsPerConnection() == 0) {
                int index = i / workload.channelsPerConnection();
                connection = factory.open("rabbittune-bench-" + runId + "-" + role + "-" + index, index);
                connections.add(connection);
            }
            channels.add(connection.createChannel());
        }
        return channels;
    }

    private void startConsumers(List<Channel> channels, RunTopology topology) throws IOException {
        for (int c = 0; c < channels.size(); c++) {
            queueConsumers.add(QueueConsumer.start(channels.get(c), topology.queueForConsumer(c), workload.consume(),
                    workload.rpc() ? this::reply : this::receive,
                    (queue, e) -> failure.compareAndSet(null, e)));
        }
    }

    private void receive(Channel channel, AMQP.BasicProperties properties, byte[] body, long receivedNanos) {
        long stamp = MessageStamp.read(body, runMarker);
        counters.received(stamp < 0 ? -1 : receivedNanos - origin - stamp);
    }

    /** RPC server: counts the request and sends its body back to the caller through direct reply-to. */
    private void reply(Channel channel, AMQP.BasicProperties properties, byte[] body, long receivedNanos)
            throws IOException {
        counters.received(-1);
        if (properties.getReplyTo() != null) {
            channel.basicPublish("", properties.getReplyTo(),
                    new AMQP.BasicProperties.Builder().correlationId(properties.getCorrelationId()).build(), body);
        }
    }

    private void startProducers(Connections factory, RunTopology topology) throws IOException {
        List<Channel> channels = channels(factory, "producers", workload.producers());
        for (int p = 0; p < channels.size(); p++) {
            Channel channel = channels.get(p);
            Publisher publisher = Publisher.on(channel, workload.publish(), counters);
            Semaphore outstanding = workload.rpc() && workload.ratePerProducer() == 0 ? new Semaphore(1) : null;
            Producer producer = new Producer(publisher, topology.exchange(), topology.routingKeyForProducer(p),
                    properties(topology.headersForProducer(p)), workload.sizes(), runMarker, origin,
                    workload.messagesPerProducer(), outstanding, !connectionSettings.nio(), p);
            if (workload.rpc()) {
                listenForReplies(channel, producer);
            }
            producers.add(producer);
        }
    }

    private void listenForReplies(Channel channel, Producer producer) throws IOException {
        // direct reply-to: consume the pseudo-queue (auto-ack) on the channel that publishes the requests
        channel.basicConsume(Producer.DIRECT_REPLY_TO, true, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
                                       byte[] body) {
                long stamp = MessageStamp.read(body, runMarker);
                if (stamp >= 0) {
                    counters.latency.record(System.nanoTime() - origin - stamp);
                }
                producer.replyReceived();
            }
        });
    }

    private AMQP.BasicProperties properties(Map<String, Object> headers) {
        return new AMQP.BasicProperties.Builder()
                .deliveryMode(workload.persistent() ? 2 : 1)
                .headers(headers)
                .replyTo(workload.rpc() ? Producer.DIRECT_REPLY_TO : null)
                .build();
    }

    private void flushProducers() throws InterruptedException {
        long deadline = System.currentTimeMillis() + Math.max(1, workload.drainTimeoutSeconds()) * 1000L;
        for (Producer producer : producers) {
            try {
                producer.flush(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (IOException | RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        }
    }

    private void shutDown(RunTopology topology, Connection admin) {
        publishing = false;
        for (QueueConsumer consumer : queueConsumers) {
            try {
                consumer.stop(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!keepTopology && admin.isOpen()) {
            topology.removeCreated(admin);
        }
        for (Connection connection : connections) {
            try {
                connection.close(5000);
            } catch (IOException | RuntimeException e) {
                // already closed by the broker or the network: nothing left to release
            }
        }
    }

    private BrokerInfo brokerInfo(Connection admin, CompletableFuture<Integer> nodes) {
        Map<String, Object> server = admin.getServerProperties();
        int nodeCount;
        try {
            nodeCount = nodes.get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            nodeCount = -1;
        }
        return new BrokerInfo(connectionSettings.primary().masked(), String.valueOf(server.get("product")),
                String.valueOf(server.get("version")), String.valueOf(server.get("platform")), nodeCount);
    }

    private int nodeCount() {
        try {
            return ManagementApi.forAmqpUri(connectionSettings.primary()).nodes().size();
        } catch (RuntimeException e) {
            return -1; // management plugin off or not reachable: the run does not need it
        }
    }

    private Result result(Instant startedAt, BrokerInfo broker, boolean drained, double publishSeconds,
                          double totalSeconds, double cpuSeconds) {
        RunCounters.Totals totals = counters.totals();
        double sentRate = publishSeconds > 0 ? totals.sent() / publishSeconds : 0;
        Result.Rates rates = new Result.Rates(sentRate, publishSeconds > 0 ? totals.confirmed() / publishSeconds : 0,
                totalSeconds > 0 ? totals.received() / totalSeconds : 0, workload.targetRate());
        List<String> warnings = warnings(totals, sentRate, drained, totalSeconds, cpuSeconds);
        warnings.forEach(listener::warning);
        return new Result("rabbittune", runId, startedAt.toString(), workload, broker, HostFacts.current(), stopRequested,
                drained, publishSeconds, totalSeconds,
                new Result.Counts(totals.sent(), totals.confirmed(), totals.nacked(), totals.returned(),
                        totals.received(), totals.committed()),
                rates, counters.latency.total(), counters.confirmLatency.total(), cpuSeconds, warnings, samples);
    }

    private List<String> warnings(RunCounters.Totals totals, double sentRate, boolean drained, double totalSeconds,
                                  double cpuSeconds) {
        List<String> warnings = new ArrayList<>();
        double target = workload.targetRate();
        if (target > 0 && !stopRequested && !workload.boundedByCount()
                && Math.abs(sentRate - target) > RATE_TOLERANCE * target) {
            warnings.add(String.format(java.util.Locale.ROOT,
                    "achieved %.0f msg/s, %.1f%% off the target of %.0f msg/s: the client or the broker could not"
                            + " keep the rate", sentRate, 100 * Math.abs(sentRate - target) / target, target));
        }
        int cores = Runtime.getRuntime().availableProcessors();
        double cpuShare = totalSeconds > 0 ? cpuSeconds / (totalSeconds * cores) : 0;
        if (cpuShare >= CPU_BOUND_SHARE) {
            warnings.add(String.format(java.util.Locale.ROOT,
                    "the client used %.0f%% of %d cores: it may be the bottleneck, not the broker; run the client on"
                            + " another machine or with fewer producers", 100 * cpuShare, cores));
        }
        if (!drained && !stopRequested) {
            warnings.add("consumers did not receive everything within the drain timeout of "
                    + workload.drainTimeoutSeconds() + " s (received " + totals.received() + " of " + totals.sent()
                    + " sent)");
        }
        if (totals.nacked() > 0) {
            warnings.add(totals.nacked() + " messages were nacked by the broker (not stored)");
        }
        if (totals.returned() > 0) {
            warnings.add(totals.returned() + " mandatory messages were returned unroutable");
        }
        return warnings;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    private static RabbitTuneException refusedOr(Exception e, String context) {
        if (e instanceof RabbitTuneException known) {
            return known;
        }
        String reason = BrokerErrors.replyText(e);
        if (reason != null) {
            return new BrokerRefusedException("broker closed the channel: " + reason,
                    "check the workload's exchange, queue and arguments", e);
        }
        return new BrokerRefusedException(context + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getMessage()), "run with --verbose for details", e);
    }

    /** Takes one {@link Sample} per interval: count deltas, interval latency histograms, client CPU. */
    private final class Sampler {

        private final long start;
        private long lastNanos;
        private long lastCpu = processCpuNanos();
        private RunCounters.Totals last = new RunCounters.Totals(0, 0, 0, 0, 0, 0);
        long nextTick;

        Sampler(long start) {
            this.start = start;
            this.lastNanos = start;
            this.nextTick = start + SECOND;
        }

        void take(long now, String phase, double progress) {
            double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
            RunCounters.Totals totals = counters.totals();
            RunCounters.Totals delta = totals.minus(last);
            long cpu = processCpuNanos();
            double cpuPercent = 100.0 * (cpu - lastCpu) / 1e9 / seconds / Runtime.getRuntime().availableProcessors();
            Sample sample = new Sample((now - start) / 1e9, phase, delta.sent(), delta.confirmed(), delta.nacked(),
                    delta.returned(), delta.received(), delta.sent() / seconds, delta.confirmed() / seconds,
                    delta.received() / seconds, counters.latency.takeInterval(),
                    counters.confirmLatency.takeInterval(), cpuPercent);
            samples.add(sample);
            listener.sample(sample, progress);
            last = totals;
            lastNanos = now;
            lastCpu = cpu;
            nextTick = now + SECOND;
        }
    }
}
