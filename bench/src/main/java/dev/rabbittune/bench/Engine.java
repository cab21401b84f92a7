package dev.rabbittune.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import dev.rabbittune.client.BrokerClose;
import dev.rabbittune.client.ConnectionSettings;
import dev.rabbittune.client.Connections;
import dev.rabbittune.client.topology.BrokerVersion;
import dev.rabbittune.core.BrokerRefusedException;
import dev.rabbittune.core.BrokerUnreachableException;
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
    /** Beyond the close timeout, how long deleting the run's topology may take at the end. */
    private static final long SHUTDOWN_WAIT_MILLIS = 15_000;

    private final Workload workload;
    private final ConnectionSettings connectionSettings;
    private final ConnectionSettings consumerSettings;
    private final RunListener listener;
    private final boolean keepTopology;
    private final String runId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 8);
    private final int runMarker = ThreadLocalRandom.current().nextInt();
    private final long origin = System.nanoTime();
    private final Stamps stamps;
    private final RunCounters counters = new RunCounters();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final List<Connection> connections = new ArrayList<>();
    // written by the thread that starts consumers late (consumer-start-delay) while the run reads it
    private final List<QueueConsumer> queueConsumers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private List<Channel> consumerChannels = List.of();
    // set by shutDown before it stops the consumers: a late start must not begin one on a closing channel
    private volatile boolean closing;
    private final List<Producer> producers = new ArrayList<>();
    private final List<Sample> samples = new ArrayList<>();
    private final Outages outages = new Outages(origin);
    private final IoMode io;
    private java.nio.file.Path hdrLogFile;
    private HdrLog hdrLog;
    private ProducerLoops loops;
    private Shortfall shortfall = Shortfall.NONE;
    private volatile boolean stopRequested;
    private volatile boolean publishing = true;
    private boolean consumersEnded;
    private long missed;

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
        this.io = io;
        // a broker restart or a node failure is part of what a benchmark measures: connections recover, and the
        // outage, the unconfirmed and the lost messages are reported; --stop-on-failure ends the run instead
        this.connectionSettings = recovery(ConnectionPlan.producers(workload, settings, io));
        this.consumerSettings = recovery(ConnectionPlan.consumers(workload, settings, io));
        this.listener = listener;
        this.keepTopology = keepTopology;
        this.stamps = new Stamps(origin, runMarker, workload.content().useMillis(), workload.content().stampInHeader());
    }

    private ConnectionSettings recovery(ConnectionSettings settings) {
        return workload.stopOnFailure() ? settings.withoutRecovery() : settings.withRecovery();
    }

    /** Also writes the run's latencies, interval by interval, as an HdrHistogram log to {@code file}. */
    public Engine withHdrLog(java.nio.file.Path file) {
        this.hdrLogFile = file;
        return this;
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
        if (ConnectionPlan.coalescesWrites(workload, io, connectionSettings)) {
            factory.coalescingWrites();
        }
        RunTopology topology = RunTopology.plan(workload, runId);
        topology.checkBeforeConnecting();
        Connection admin = open(factory, "rabbittune-bench-" + runId + "-admin", 0);
        try {
            CompletableFuture<Integer> nodes = CompletableFuture.supplyAsync(this::nodeCount);
            Channel adminChannel = admin.createChannel();
            List<Channel> consumerChannels = channels(consumerSettings.equals(connectionSettings) ? factory
                    : new Connections(consumerSettings), "consumers", workload.consumers(),
                    workload.control().consumerChannelsPerConnection());
            topology.declare(adminChannel,
                    i -> i < consumerChannels.size() ? consumerChannels.get(i) : adminChannel,
                    BrokerVersion.parse(String.valueOf(admin.getServerProperties().get("version"))));
            BrokerInfo broker = brokerInfo(admin, nodes);
            listener.started(workload, broker, topology.exchange(), topology.queues());
            this.consumerChannels = consumerChannels;
            if (workload.consume().startDelaySeconds() == 0) {
                startConsumers(consumerChannels, topology, false);
            }
            startProducers(factory, topology);
            return measure(startedAt, broker, topology, adminChannel);
        } catch (IOException e) {
            throw refusedOr(e, "setting up the run failed");
        } finally {
            if (hdrLog != null) {
                hdrLog.close();
            }
            shutDown(topology, admin);
        }
    }

    private Result measure(Instant startedAt, BrokerInfo broker, RunTopology topology, Channel adminChannel)
            throws InterruptedException, IOException {
        loops = new ProducerLoops(producers, workload, new ProducerLoops.Control() {
            @Override
            public boolean publishing() {
                return publishing;
            }

            @Override
            public void failed(Exception e) {
                failure.compareAndSet(null, e);
            }

            @Override
            public boolean coalescesWrites() {
                return ConnectionPlan.coalescesWrites(workload, io, connectionSettings);
            }
        });
        long cpuStart = processCpuNanos();
        MachineCpu.Reading machineStart = MachineCpu.read();
        long start = System.nanoTime();
        if (hdrLogFile != null) {
            hdrLog = HdrLog.open(hdrLogFile, Instant.now()); // the log's base time is the intervals' zero
        }
        loops.start();
        Thread lateConsumers = startConsumersLater(topology, start);
        Sampler sampler = new Sampler(start);
        ConsumersDone consumersDone = new ConsumersDone(workload.control(), queueConsumers, workload.consumers(),
                counters.received::sum, () -> topology.messagesReady(adminChannel));
        long publishEnd = publish(sampler, start, consumersDone);
        long drainStart = publishEnd;
        if (lateConsumers != null) {
            lateConsumers.join(10_000); // started when publishing ended, if not before: they drain what was sent
            drainStart = System.nanoTime(); // the drain's time is the consumers' time, not their start's
        }
        // consumers that ended the run (--cmessages, --exit-when) took what they wanted: nothing to drain
        boolean drained = workload.consumers() == 0 || workload.producers() == 0 || consumersEnded;
        if (!drained && !stopRequested && failure.get() == null) {
            drained = drain(sampler, drainStart, topology, adminChannel);
        }
        long end = System.nanoTime();
        shortfall = Shortfall.of(this);
        shortfall.recordUndeliveredAges(counters.latency, samples, (end - start) / 1e9);
        sampler.take(end, "drain", 1);
        return result(startedAt, broker, drained, (publishEnd - start) / 1e9, (end - start) / 1e9,
                (processCpuNanos() - cpuStart) / 1e9, MachineCpu.read().percentSince(machineStart));
    }

    /** Runs the producers until the duration or message count is reached (or a stop); returns when they stopped. */
    private long publish(Sampler sampler, long start, ConsumersDone consumersDone) throws InterruptedException {
        while (!publishPhaseOver(System.nanoTime() - start, loops)
                && !(consumersEnded = consumersDone.reached(System.nanoTime()))) {
            LockSupport.parkNanos(Math.min(100_000_000L, Math.max(0, sampler.nextTick - System.nanoTime())));
            long now = System.nanoTime();
            if (now >= sampler.nextTick) {
                sampler.take(now, sampler.publishPhase(now), progress(now - start));
            }
        }
        long now = System.nanoTime();
        sampler.take(now, sampler.publishPhase(now), progress(now - start));
        publishing = false;
        long stopped = System.nanoTime();
        loops.join(2000);
        // fixed rate: slots due by the stop and never sent are latency too, at least their age then
        missed = loops.missed(stopped, counters.latency::record);
        flushProducers();
        return stopped; // publish rates are over the publishing time, not the wind-down (joins, flushes)
    }

    /**
     * Lets consumers take what is left. Drained means every message sent arrived (or, where routing makes the count
     * unknowable, the queues stayed empty and quiet for a second); false when the drain timeout ends it first.
     */
    private boolean drain(Sampler sampler, long drainStart, RunTopology topology, Channel adminChannel) {
        long lastArrived = -1;
        long stableSince = drainStart;
        while (true) {
            LockSupport.parkNanos(Math.min(50_000_000L, Math.max(0, sampler.nextTick - System.nanoTime())));
            long now = System.nanoTime();
            long arrived = arrived();
            if (arrived != lastArrived) {
                lastArrived = arrived;
                stableSince = now;
            }
            long expected = expectedArrivals();
            if (expected >= 0 ? arrived >= expected
                    : now - stableSince >= SECOND && topology.messagesReady(adminChannel) == 0) {
                return true;
            }
            if (stopRequested || failure.get() != null
                    || now - drainStart >= workload.drainTimeoutSeconds() * SECOND) {
                return false;
            }
            if (now >= sampler.nextTick) {
                sampler.take(now, "drain", 1);
            }
        }
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

    /**
     * True when every message goes to exactly one queue and every queue has a consumer, so that a delivery's
     * identity tells a duplicate from a new message and the count expected is known.
     */
    private boolean tracksIdentity() {
        return !workload.rpc() && workload.sizes().smallest() >= Workload.ID_BYTES && workload.producers() > 0
                && !workload.content().stampInHeader() && workload.content().variableSize() == null
                && routingIsKnown() && (workload.exchangeType() != Workload.ExchangeType.FANOUT
                || workload.queueCount() == 1);
    }

    private boolean routingIsKnown() {
        return workload.consumers() >= workload.queueCount() && workload.routingKey() == null
                && workload.bindingKey() == null && !workload.content().randomRoutingKey()
                && !workload.control().skipBinding() && workload.consume().messageLimit() == 0;
    }

    /** Deliveries the consumers should see when every message arrives, or -1 when routing makes it unknowable. */
    long expectedArrivals() {
        if (!routingIsKnown() || (workload.consume().requeuesNacked() && counters.deliveries() == null)) {
            return -1; // without identities a redelivery of a requeued message looks like a first arrival
        }
        long routed = counters.sent.sum() - counters.returned.sum();
        return workload.exchangeType() == Workload.ExchangeType.FANOUT ? routed * workload.queueCount() : routed;
    }

    /** Messages that arrived: distinct ones when their identity is tracked, else every delivery. */
    long arrived() {
        Deliveries deliveries = counters.deliveries();
        return deliveries != null ? deliveries.unique() : counters.received.sum();
    }

    RunCounters counters() {
        return counters;
    }

    List<Producer> producers() {
        return producers;
    }

    Workload workload() {
        return workload;
    }

    private List<Channel> channels(Connections factory, String role, int count, int perConnection)
            throws IOException {
        List<Channel> channels = new ArrayList<>(count);
        Connection connection = null;
        for (int i = 0; i < count; i++) {
            if (i % perConnection == 0) {
                int index = i / perConnection;
                connection = open(factory, "rabbittune-bench-" + runId + "-" + role + "-" + index, index);
            }
            channels.add(connection.createChannel());
        }
        return channels;
    }

    private Connection open(Connections factory, String name, int index) {
        Connection connection = factory.open(name, index);
        connections.add(connection);
        outages.watch(connection, name);
        return connection;
    }

    /** {@code late}: started after the producers (consumer-start-delay) rather than before them. */
    private void startConsumers(List<Channel> channels, RunTopology topology, boolean late) throws IOException {
        for (int c = 0; c < channels.size(); c++) {
            synchronized (queueConsumers) { // shutDown takes it to stop them: none starts once it has
                if (closing || stopRequested || failure.get() != null) {
                    return;
                }
                queueConsumers.add(QueueConsumer.start(channels.get(c), topology.queueForConsumer(c),
                        workload.consume(), workload.rpc() ? this::reply : this::receive,
                        (queue, e) -> failure.compareAndSet(null, e)));
            }
            // as PerfTest 2.22.1's MulticastSet.startConsumers: a second after each consumer, the last too; late
            // consumers no longer wait once publishing has ended (what was sent is waiting for them)
            if (workload.consume().slowStart() && (!late || publishing)) {
                parkUntil(System.nanoTime() + SECOND,
                        () -> !closing && !stopRequested && failure.get() == null && (!late || publishing));
            }
        }
    }

    /**
     * consumer-start-delay: the consumers start that long after publishing began (with slow-start, one a second
     * from then, as PerfTest schedules them), or when publishing ends if that comes first, so the run drains what
     * was sent; null when they started before the producers.
     */
    private Thread startConsumersLater(RunTopology topology, long publishStartNanos) {
        int delay = workload.consume().startDelaySeconds();
        if (delay == 0) {
            return null;
        }
        long due = publishStartNanos + delay * 1_000_000_000L;
        Thread thread = new Thread(() -> {
            try {
                parkUntil(due, () -> publishing && !closing);
                startConsumers(consumerChannels, topology, true);
            } catch (IOException | RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        }, "rabbittune-consumer-start");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Parks until {@code dueNanos}, or until {@code waiting} turns false (looked at every 50 ms: nothing signals it). */
    private static void parkUntil(long dueNanos, java.util.function.BooleanSupplier waiting) {
        for (long now = System.nanoTime(); now < dueNanos && waiting.getAsBoolean(); now = System.nanoTime()) {
            LockSupport.parkNanos(Math.min(dueNanos - now, 50_000_000L));
        }
    }

    private void receive(Channel channel, AMQP.BasicProperties properties, byte[] body, long receivedNanos) {
        long latency = stamps.latencyNanos(properties, body, receivedNanos);
        if (latency < 0) {
            counters.received(-1);
        } else {
            int producer = stamps.inHeader() ? -1 : MessageStamp.producer(body);
            counters.received(latency, producer, producer < 0 ? 0 : MessageStamp.seq(body));
        }
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
        if (tracksIdentity()) {
            counters.trackDeliveries(workload.producers());
        }
        List<Channel> channels = channels(factory, "producers", workload.producers(),
                workload.control().producerChannelsPerConnection());
        MessageContent content = workload.content();
        List<byte[]> json = content.jsonBody() ? BodySource.randomJson(content.jsonBodyCount(),
                content.jsonFieldCount(), workload.sizes().largest(), runMarker) : List.of();
        boolean flatOut = !workload.pacing().paced(workload.ratePerProducer());
        for (int p = 0; p < channels.size(); p++) {
            Channel channel = channels.get(p);
            Publisher publisher = Publisher.on(channel, workload.publish(), counters, flatOut);
            Semaphore outstanding = workload.rpc() && workload.ratePerProducer() == 0 ? new Semaphore(1) : null;
            RoutingKeys keys = content.randomRoutingKey() ? RoutingKeys.random(content.routingKeyCacheSize())
                    : RoutingKeys.fixed(topology.routingKeyForProducer(p));
            Producer producer = new Producer(publisher, topology.exchange(), keys,
                    properties(topology.headersForProducer(p)),
                    BodySource.of(workload, stamps, !connectionSettings.nio(), json), stamps, System.nanoTime(),
                    workload.messagesPerProducer(), outstanding, p);
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
                long latency = stamps.latencyNanos(properties, body, System.nanoTime());
                if (latency >= 0) {
                    counters.latency.record(latency);
                }
                producer.replyReceived();
            }
        });
    }

    private AMQP.BasicProperties properties(Map<String, Object> headers) {
        AMQP.BasicProperties.Builder builder = new AMQP.BasicProperties.Builder()
                .deliveryMode(workload.persistent() ? 2 : 1)
                .headers(headers)
                .contentType(workload.content().contentType())
                .replyTo(workload.rpc() ? Producer.DIRECT_REPLY_TO : null);
        return MessageProperties.apply(builder, workload.content().properties()).build();
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
        synchronized (queueConsumers) { // a consumer being started finishes starting; no other one starts
            closing = true;
        }
        for (QueueConsumer consumer : queueConsumers) {
            try {
                consumer.stop(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // cleanup and closing run on their own thread, waited for a bounded time: a producer stuck writing to a
        // broker that stopped reading (an alarm) holds its connection's write lock, and a close would wait forever
        Thread closer = new Thread(() -> {
            if (!keepTopology && admin.isOpen()) {
                topology.removeCreated(admin);
            }
            for (Connection connection : connections) {
                try {
                    connection.close(workload.control().shutdownTimeoutSeconds() * 1000);
                } catch (IOException | RuntimeException e) {
                    // already closed by the broker or the network: nothing left to release
                }
            }
        }, "rabbittune-shutdown");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(SHUTDOWN_WAIT_MILLIS + workload.control().shutdownTimeoutSeconds() * 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            listener.warning("cleanup did not finish in time (a connection the broker stopped reading?): some of"
                    + " the run's queues may be left behind");
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
                          double totalSeconds, double cpuSeconds, double machinePercent) {
        RunCounters.Totals totals = counters.totals();
        Window window = Window.of(samples, publishSeconds, totalSeconds);
        Result.Rates rates = new Result.Rates(window.rate(totals.sent(), window.warmupSent(), true),
                window.rate(totals.confirmed(), window.warmupConfirmed(), true),
                window.rate(totals.received(), window.warmupReceived(), false), workload.targetRate());
        Result.Counts counts = new Result.Counts(totals.sent(), totals.confirmed(), totals.nacked(),
                totals.returned(), totals.received(), totals.committed(), missed, shortfall.undelivered(),
                shortfall.unconfirmed(), shortfall.duplicates(), shortfall.lost());
        List<Result.Outage> outageList = outages.all(System.nanoTime());
        Result.Failure failed = failure();
        // without identities an outage's losses and redeliveries can cancel out in the counts: not accounted
        boolean blindOutage = counters.deliveries() == null && !outageList.isEmpty();
        boolean accounted = drained && counts.undelivered() <= 0 && counts.missed() == 0 && !blindOutage;
        List<String> warnings = Warnings.of(workload, counts, rates, drained, stopRequested, outageList,
                cpuSeconds / Math.max(1e-9, totalSeconds * Runtime.getRuntime().availableProcessors()),
                machinePercent);
        warnings.forEach(listener::warning);
        return new Result("rabbittune", runId, startedAt.toString(), workload, broker, ClientHost.current(),
                stopRequested, accounted, publishSeconds, totalSeconds, window.warmupSeconds(), counts, rates,
                counters.latency.measured(), counters.confirmLatency.measured(), counters.latency.warmup(),
                latencyFrom(), new Result.SlotWait(counters.slotWait.total().count(),
                        counters.slotWaitNanos.sum() / 1e9, counters.slotWait.total()),
                cpuSeconds, machinePercent, outageList, failed, warnings, samples);
    }

    /** What end-to-end and confirm latencies count from, in words for the summary and the JSON. */
    private String latencyFrom() {
        if (workload.rpc()) {
            return "round trip from the request's publish call to its reply";
        }
        if (workload.fixedRate()) {
            return "the intended send time of each slot of the fixed rate (a late or never-sent message counts"
                    + " its delay)";
        }
        return "the publish call, before waiting for a free confirm slot (waits are reported on their own)";
    }

    private Result.Failure failure() {
        Exception e = failure.get();
        if (e == null || stopRequested) {
            return null;
        }
        RabbitTuneException known = describe(e);
        return new Result.Failure(known.getMessage(), known.hint(), known.kind(), null);
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    /** The real cause of a failure: a connection the broker closed or lost is not a workload mistake. */
    static RabbitTuneException describe(Exception e) {
        if (e instanceof RabbitTuneException known) {
            return known;
        }
        String recover = "the broker restarted, a node went down or an operator closed the connection; without"
                + " stop-on-failure the run recovers and goes on";
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException signal && !signal.isInitiatedByApplication()) {
                String reason = BrokerClose.of(signal).map(BrokerClose::replyText).orElse(null);
                if (signal.isHardError()) {
                    return new BrokerUnreachableException("the broker closed the connection: "
                            + (reason != null ? reason : String.valueOf(signal.getMessage())), recover, e);
                }
                return new BrokerRefusedException("broker closed the channel: " + reason,
                        "check the workload's exchange, queue and arguments", e);
            }
            if (t instanceof java.net.SocketException || t instanceof java.io.EOFException
                    || t instanceof com.rabbitmq.client.MissedHeartbeatException) {
                return new BrokerUnreachableException("connection to the broker lost: " + t.getMessage(), recover, e);
            }
        }
        return new BrokerRefusedException("the run failed: " + (e.getMessage() == null
                ? e.getClass().getSimpleName() : e.getMessage()), "", e);
    }

    private static RabbitTuneException refusedOr(Exception e, String context) {
        if (e instanceof RabbitTuneException known) {
            return known;
        }
        java.util.Optional<BrokerClose> close = BrokerClose.of(e);
        if (close.isPresent()) {
            return new BrokerRefusedException("broker closed the channel: " + close.get().replyText(),
                    "check the workload's exchange, queue and arguments", e);
        }
        return new BrokerRefusedException(context + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getMessage()), "", e);
    }

    /**
     * Takes one {@link Sample} per interval: count deltas, the interval's latency histograms (kept, encoded, so that
     * any window can be recomputed), connections down, client CPU.
     */
    private final class Sampler {

        private final long start;
        private long lastNanos;
        private long lastCpu = processCpuNanos();
        private RunCounters.Totals last = new RunCounters.Totals(0, 0, 0, 0, 0, 0);
        long nextTick;

        Sampler(long start) {
            this.start = start;
            this.lastNanos = start;
            this.nextTick = start + interval();
        }

        /** "warmup" for an interval that began in the first {@code warmup} seconds of publishing, then "run". */
        String publishPhase(long now) {
            return lastNanos - start < workload.warmupSeconds() * SECOND ? "warmup" : "run";
        }

        List<Sample> samplesSoFar() {
            return samples;
        }

        private long interval() {
            return workload.control().intervalSeconds() * SECOND;
        }

        void take(long now, String phase, double progress) {
            double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
            boolean warmup = phase.equals("warmup");
            RunCounters.Totals totals = counters.totals();
            RunCounters.Totals delta = totals.minus(last);
            long cpu = processCpuNanos();
            double cpuPercent = 100.0 * (cpu - lastCpu) / 1e9 / seconds / Runtime.getRuntime().availableProcessors();
            org.HdrHistogram.Histogram latency = counters.latency.takeInterval(warmup);
            Percentiles latencyPercentiles = Percentiles.of(latency);
            String latencyEncoded = Histograms.encode(latency);
            writeLog("e2e", latency, now);
            org.HdrHistogram.Histogram confirm = counters.confirmLatency.takeInterval(warmup);
            Percentiles confirmPercentiles = Percentiles.of(confirm);
            String confirmEncoded = Histograms.encode(confirm);
            writeLog("confirm", confirm, now);
            counters.slotWait.takeInterval(warmup);
            Sample sample = new Sample((now - start) / 1e9, phase, delta.sent(), delta.confirmed(), delta.nacked(),
                    delta.returned(), delta.received(), delta.sent() / seconds, delta.confirmed() / seconds,
                    delta.received() / seconds, latencyPercentiles, confirmPercentiles, cpuPercent, outages.down(),
                    latencyEncoded, confirmEncoded);
            samples.add(sample);
            listener.sample(sample, progress);
            last = totals;
            lastNanos = now;
            lastCpu = cpu;
            nextTick = now + interval();
        }

        private void writeLog(String tag, org.HdrHistogram.Histogram interval, long now) {
            if (hdrLog != null) {
                hdrLog.write(tag, interval, (lastNanos - start) / 1e9, (now - start) / 1e9);
            }
        }
    }
}
