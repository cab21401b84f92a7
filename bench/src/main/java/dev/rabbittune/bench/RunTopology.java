package dev.rabbittune.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import dev.rabbittune.client.BrokerClose;
import dev.rabbittune.client.topology.BindingSpec;
import dev.rabbittune.client.topology.BrokerVersion;
import dev.rabbittune.client.topology.ExchangeSpec;
import dev.rabbittune.client.topology.InvalidTopologyException;
import dev.rabbittune.client.topology.QueueSpec;
import dev.rabbittune.client.topology.Topology;
import dev.rabbittune.core.BrokerRefusedException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The exchange, queues and bindings of one run. Names not given by the user are unique to the run
 * ({@code rabbittune-<runId>-...}) so that runs never collide; only what the run created is deleted afterwards.
 * Producer {@code p} routes to queue {@code p % queues}, consumer {@code c} consumes queue {@code c % queues}.
 * Everything is declared through {@code client.topology}'s builders, so a queue argument that does not exist, does
 * not apply to the queue type or has the wrong type is refused before the broker sees it, as in an application.
 */
final class RunTopology {

    /** Header a headers exchange matches on: each queue is bound with its own name. */
    static final String ROUTE_HEADER = "rt-queue";

    private final Workload workload;
    private final List<String> queues;
    private final String exchange;
    private final List<String> createdQueues = new ArrayList<>();
    private boolean createdExchange;

    private RunTopology(Workload workload, List<String> queues, String exchange) {
        this.workload = workload;
        this.queues = queues;
        this.exchange = exchange;
    }

    static RunTopology plan(Workload workload, String runId) {
        List<String> queues = new ArrayList<>(workload.queueNames());
        for (int i = queues.size(); i < workload.queueCount(); i++) {
            queues.add("rabbittune-" + runId + "-" + (i + 1));
        }
        String exchange = workload.exchange() != null ? workload.exchange()
                : "rabbittune-" + runId + "-" + workload.exchangeType().amqpName();
        return new RunTopology(workload, List.copyOf(queues), exchange);
    }

    List<String> queues() {
        return queues;
    }

    String exchange() {
        return exchange;
    }

    String queueForConsumer(int consumer) {
        return queues.get(consumer % queues.size());
    }

    String routingKeyForProducer(int producer) {
        if (workload.routingKey() != null) {
            return workload.routingKey();
        }
        return workload.exchangeType() == Workload.ExchangeType.FANOUT ? "" : queues.get(producer % queues.size());
    }

    /** Headers a producer's messages carry so a headers exchange routes them; null for other exchange types. */
    Map<String, Object> headersForProducer(int producer) {
        if (workload.exchangeType() != Workload.ExchangeType.HEADERS) {
            return null;
        }
        return Map.of(ROUTE_HEADER, queues.get(producer % queues.size()));
    }

    /**
     * Declares what does not exist yet. {@code channelForQueue} gives the channel to declare queue {@code i} on:
     * an exclusive queue belongs to the connection that declares it, which must be its consumer's.
     */
    void declare(Channel admin, IntFunction<Channel> channelForQueue, BrokerVersion version) throws IOException {
        Connection connection = admin.getConnection();
        if (!exists(connection, ch -> ch.exchangeDeclarePassive(exchange))) {
            ExchangeSpec spec = ExchangeSpec.of(exchange, workload.exchangeType().amqpName()).build();
            guarded("declare exchange '" + exchange + "'", () -> Topology.declare(admin, spec));
            createdExchange = true;
        }
        for (int i = 0; i < queues.size(); i++) {
            String queue = queues.get(i);
            Channel channel = workload.exclusive() ? channelForQueue.apply(i) : admin;
            if (!exists(connection, ch -> ch.queueDeclarePassive(queue))) {
                QueueSpec spec = queueSpec(queue, version);
                guarded("declare queue '" + queue + "'", () -> Topology.declare(channel, spec));
                createdQueues.add(queue);
            }
            if (workload.control().skipBinding()) {
                continue; // --skip-binding-queues: the user routes to the queues some other way
            }
            BindingSpec binding = binding(queue);
            guarded("bind queue '" + queue + "' to '" + exchange + "'", () -> Topology.declare(channel, binding));
        }
    }

    /**
     * The checks that hold on every broker version, made before anything connects, so that a wrong queue argument
     * or binding is bad input with the broker down too. 3.10 is the version the version-gated rules are most lenient
     * at (queue-mode is refused from 3.12, the in-memory limits from 4.0); {@link #declare} checks again against the
     * broker's own version.
     */
    void checkBeforeConnecting() {
        ExchangeSpec.of(exchange, workload.exchangeType().amqpName()).build();
        for (String queue : queues) {
            queueSpec(queue, BrokerVersion.V3_10);
            if (!workload.control().skipBinding()) {
                binding(queue);
            }
        }
    }

    /** Messages ready in the run's queues, or -1 when a queue cannot be asked. */
    long messagesReady(Channel admin) {
        long total = 0;
        for (String queue : queues) {
            try {
                total += admin.queueDeclarePassive(queue).getMessageCount();
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
        return total;
    }

    /** Deletes the queues and exchange this run created; what already existed is left alone. */
    void removeCreated(Connection connection) {
        for (String queue : createdQueues) {
            quietly(connection, ch -> ch.queueDelete(queue));
        }
        if (createdExchange) {
            quietly(connection, ch -> ch.exchangeDelete(exchange));
        }
    }

    private QueueSpec queueSpec(String queue, BrokerVersion version) {
        QueueSpec.Builder builder = switch (workload.queueType()) {
            case CLASSIC -> QueueSpec.classic(queue);
            case QUORUM -> QueueSpec.quorum(queue);
            case STREAM -> QueueSpec.stream(queue);
        };
        if (workload.exclusive()) {
            builder.transientQueue().exclusive();
        }
        if (workload.autoDelete()) {
            builder.autoDelete();
        }
        workload.queueArgs().forEach(builder::argument);
        return builder.build(version);
    }

    private BindingSpec binding(String queue) {
        BindingSpec.Builder binding = BindingSpec.queue(queue).from(exchange);
        return switch (workload.exchangeType()) {
            case FANOUT -> binding.build();
            case HEADERS -> binding.match(BindingSpec.Match.ALL).header(ROUTE_HEADER, queue).build();
            case DIRECT, TOPIC -> binding.routingKey(workload.bindingKey() != null ? workload.bindingKey() : queue)
                    .build();
        };
    }

    private interface ChannelAction {
        void run(Channel channel) throws IOException;
    }

    private interface Declaration {
        void run() throws IOException;
    }

    /** Runs a passive declare on a throwaway channel: a missing entity closes the channel it was asked on. */
    private static boolean exists(Connection connection, ChannelAction passive) throws IOException {
        Channel channel = connection.createChannel();
        try {
            passive.run(channel);
            closeQuietly(channel);
            return true;
        } catch (IOException e) {
            if (BrokerClose.of(e).map(BrokerClose::replyCode).orElse(0) == AMQP.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /** A declaration the broker refused (an existing entity with other settings, a plugin missing) is refused by the broker (BrokerRefusedException). */
    private static void guarded(String what, Declaration declaration) throws IOException {
        try {
            declaration.run();
        } catch (InvalidTopologyException e) {
            throw new BrokerRefusedException("broker refused to " + what + ": " + e.getMessage(), e.hint(), e);
        } catch (IOException | ShutdownSignalException e) {
            String reason = BrokerClose.of(e).map(BrokerClose::replyText).orElse(null);
            if (reason == null) {
                throw e;
            }
            throw new BrokerRefusedException("broker refused to " + what + ": " + reason,
                    "check the queue type, the queue arguments and that existing entities have the same settings", e);
        }
    }

    private static void quietly(Connection connection, ChannelAction action) {
        try {
            Channel channel = connection.createChannel();
            action.run(channel);
            closeQuietly(channel);
        } catch (IOException | RuntimeException e) {
            // best effort: a queue may already be gone (exclusive, auto-delete)
        }
    }

    private static void closeQuietly(Channel channel) {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (Exception e) {
            // closing is best effort
        }
    }
}
