package dev.rabbittune.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import dev.rabbittune.core.BrokerRefusedException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The exchange, queues and bindings of one run. Names not given by the user are unique to the run
 * ({@code rabbittune-<runId>-...}) so that runs never collide; only what the run created is deleted afterwards.
 * Producer {@code p} routes to queue {@code p % queues}, consumer {@code c} consumes queue {@code c % queues}.
 */
final class Topology {

    /** Header a headers exchange matches on: each queue is bound with its own name. */
    static final String ROUTE_HEADER = "rt-queue";

    private final Workload workload;
    private final List<String> queues;
    private final String exchange;
    private final List<String> createdQueues = new ArrayList<>();
    private boolean createdExchange;

    private Topology(Workload workload, List<String> queues, String exchange) {
        this.workload = workload;
        this.queues = queues;
        this.exchange = exchange;
    }

    static Topology plan(Workload workload, String runId) {
        List<String> queues = new ArrayList<>(workload.queueNames());
        for (int i = queues.size(); i < workload.queueCount(); i++) {
            queues.add("rabbittune-" + runId + "-" + (i + 1));
        }
        String exchange = workload.exchange() != null ? workload.exchange()
                : "rabbittune-" + runId + "-" + workload.exchangeType().amqpName();
        return new Topology(workload, List.copyOf(queues), exchange);
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
    void declare(Channel admin, IntFunction<Channel> channelForQueue) throws IOException {
        Connection connection = admin.getConnection();
        if (!exists(connection, ch -> ch.exchangeDeclarePassive(exchange))) {
            guarded("declare exchange '" + exchange + "'", () -> admin.exchangeDeclare(exchange,
                    workload.exchangeType().amqpName(), true, false, null));
            createdExchange = true;
        }
        for (int i = 0; i < queues.size(); i++) {
            String queue = queues.get(i);
            Channel channel = workload.exclusive() ? channelForQueue.apply(i) : admin;
            if (!exists(connection, ch -> ch.queueDeclarePassive(queue))) {
                guarded("declare queue '" + queue + "'", () -> channel.queueDeclare(queue, !workload.exclusive(),
                        workload.exclusive(), workload.autoDelete(), queueArguments()));
                createdQueues.add(queue);
            }
            guarded("bind queue '" + queue + "' to '" + exchange + "'",
                    () -> channel.queueBind(queue, exchange, bindingKey(queue), bindingArguments(queue)));
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

    private Map<String, Object> queueArguments() {
        Map<String, Object> arguments = new HashMap<>(workload.queueArgs());
        arguments.putIfAbsent("x-queue-type", workload.queueType().argument());
        return arguments;
    }

    private String bindingKey(String queue) {
        return switch (workload.exchangeType()) {
            case FANOUT, HEADERS -> "";
            case DIRECT, TOPIC -> workload.bindingKey() != null ? workload.bindingKey() : queue;
        };
    }

    private Map<String, Object> bindingArguments(String queue) {
        if (workload.exchangeType() != Workload.ExchangeType.HEADERS) {
            return null;
        }
        return Map.of("x-match", "all", ROUTE_HEADER, queue);
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
            if (BrokerErrors.replyCode(e) == AMQP.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    private static void guarded(String what, Declaration declaration) throws IOException {
        try {
            declaration.run();
        } catch (IOException | ShutdownSignalException e) {
            String reason = BrokerErrors.replyText(e);
            if (reason == null) {
                throw e;
            }
            throw new BrokerRefusedException("broker refused to " + what + ": " + reason,
                    "check the queue type, --queue-arg values and that existing entities have the same settings", e);
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
