package dev.rabbittune.client.topology;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import dev.rabbittune.client.BrokerClose;
import dev.rabbittune.core.ManagementApi;
import java.io.IOException;
import java.util.Optional;

/**
 * Declares validated queues, exchanges, bindings and policies. Declaring is idempotent when the entity exists with
 * the same settings; when it exists with different ones the broker closes the channel with PRECONDITION_FAILED, which
 * is turned into one line naming the differing argument.
 */
public final class Topology {

    private Topology() {
    }

    /** Declares {@code queue} (already validated by its builder) on {@code channel}. */
    public static void declare(Channel channel, QueueSpec queue) throws IOException {
        try {
            channel.queueDeclare(queue.name(), queue.durable(), queue.exclusive(), queue.autoDelete(),
                    queue.declareArguments());
        } catch (IOException e) {
            throw explain(e);
        }
    }

    /** Declares {@code exchange} (checked by its builder) on {@code channel}. */
    public static void declare(Channel channel, ExchangeSpec exchange) throws IOException {
        try {
            channel.exchangeDeclare(exchange.name(), exchange.type(), exchange.durable(), exchange.autoDelete(),
                    exchange.internal(), exchange.arguments());
        } catch (IOException e) {
            throw explain(e);
        }
    }

    /** Declares {@code binding} (checked by its builder) on {@code channel}. */
    public static void declare(Channel channel, BindingSpec binding) throws IOException {
        try {
            if (binding.toExchange()) {
                channel.exchangeBind(binding.destination(), binding.source(), binding.routingKey(),
                        binding.arguments());
            } else {
                channel.queueBind(binding.destination(), binding.source(), binding.routingKey(), binding.arguments());
            }
        } catch (IOException e) {
            throw explain(e);
        }
    }

    /**
     * Sets {@code policy} (checked by its builder) in {@code vhost} through the management API; AMQP cannot set
     * policies. Setting it again with other values replaces it.
     *
     * @throws dev.rabbittune.core.BrokerRefusedException with the broker's reason when it refuses the policy
     */
    public static void declare(ManagementApi api, String vhost, PolicySpec policy) {
        api.put("/api/policies/" + ManagementApi.segment(vhost) + "/" + ManagementApi.segment(policy.name()),
                policy.body());
    }

    /** Turns the broker's channel-closing reason into an exception that says what to do. */
    static IOException explain(IOException e) {
        Optional<BrokerClose> close = BrokerClose.of(e).filter(c -> !c.connectionLevel());
        if (close.isEmpty()) {
            return e;
        }
        Optional<BrokerClose.InequivalentArgument> inequivalent = close.get().inequivalentArgument();
        if (inequivalent.isPresent()) {
            BrokerClose.InequivalentArgument arg = inequivalent.get();
            throw new InvalidTopologyException(arg.kind() + " '" + arg.name() + "' already exists with "
                    + arg.argument() + " = " + arg.current() + ", this declaration asks for " + arg.received(),
                    "declare it as it is, delete and re-create it, or set the value through a policy");
        }
        throw new InvalidTopologyException("broker refused the declaration: " + close.get().replyText(), "");
    }
}
