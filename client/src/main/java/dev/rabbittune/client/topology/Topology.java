package dev.rabbittune.client.topology;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Declares validated queues, exchanges and bindings. Declaring is idempotent when the entity exists with the same
 * settings; when it exists with different ones the broker closes the channel with PRECONDITION_FAILED, which is
 * turned into one line naming the differing argument.
 */
public final class Topology {

    // e.g. "PRECONDITION_FAILED - inequivalent arg 'x-max-length' for queue 'q' in vhost '/': received the value
    // '10' of type 'signedint' but current is none"
    private static final Pattern INEQUIVALENT = Pattern.compile(
            "inequivalent arg '([^']+)' for (queue|exchange) '([^']*)' in vhost '[^']*': received (.+) but current is"
                    + " (.+)");

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

    /** Declares a durable exchange of {@code type} (direct, fanout, topic, headers, or a plugin's x- type). */
    public static void declareExchange(Channel channel, String name, String type, Map<String, Object> arguments)
            throws IOException {
        if (!type.matches("direct|fanout|topic|headers|x-[a-z0-9-]+")) {
            throw new InvalidTopologyException("exchange '" + name + "': unknown type '" + type + "'",
                    "direct, fanout, topic, headers, or a plugin type starting with x-");
        }
        try {
            channel.exchangeDeclare(name, type, true, false, arguments);
        } catch (IOException e) {
            throw explain(e);
        }
    }

    public static void bind(Channel channel, String queue, String exchange, String routingKey) throws IOException {
        try {
            channel.queueBind(queue, exchange, routingKey);
        } catch (IOException e) {
            throw explain(e);
        }
    }

    /** Turns the broker's channel-closing reason into an exception that says what to do. */
    static IOException explain(IOException e) {
        if (!(e.getCause() instanceof ShutdownSignalException signal)
                || !(signal.getReason() instanceof AMQP.Channel.Close close)) {
            return e;
        }
        String text = close.getReplyText();
        Matcher inequivalent = INEQUIVALENT.matcher(text);
        if (inequivalent.find()) {
            throw new InvalidTopologyException(inequivalent.group(2) + " '" + inequivalent.group(3)
                    + "' already exists with " + inequivalent.group(1) + " = " + inequivalent.group(5)
                    + ", this declaration asks for " + inequivalent.group(4),
                    "declare it as it is, delete and re-create it, or set the value through a policy");
        }
        throw new InvalidTopologyException("broker refused the declaration: " + text, "");
    }
}
