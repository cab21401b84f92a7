package dev.rabbittune.client;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Method;
import com.rabbitmq.client.ShutdownSignalException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The broker's own reason for closing a channel or a connection, read out of what amqp-client throws (the one place
 * this project reads it): a {@link ShutdownSignalException} anywhere in the cause chain whose reason is a
 * {@code channel.close} or {@code connection.close} the broker sent, e.g. 406 "PRECONDITION_FAILED - inequivalent
 * arg 'x-max-length' for queue 'q' in vhost '/': ..." or 320 "CONNECTION_FORCED - broker forced connection closure
 * with reason 'shutdown'".
 *
 * @param replyCode       the AMQP reply code (404 not found, 406 precondition failed, 320 connection forced ...)
 * @param replyText       the broker's text, its code's name first
 * @param connectionLevel the broker closed the whole connection (a hard error), not just a channel
 */
public record BrokerClose(int replyCode, String replyText, boolean connectionLevel) {

    // e.g. "PRECONDITION_FAILED - inequivalent arg 'x-max-length' for queue 'q' in vhost '/': received the value
    // '10' of type 'signedint' but current is none": rabbit_misc:equivalence_fail/4 in rabbitmq-server (v3.10.8,
    // deps/rabbit_common/src/rabbit_misc.erl), the name as rs/1 writes it ("queue 'q' in vhost '/'")
    private static final Pattern INEQUIVALENT = Pattern.compile(
            "inequivalent arg '([^']+)' for (queue|exchange) '([^']*)' in vhost '[^']*': received (.+) but current is"
                    + " (.+)");

    /**
     * A declaration refused because the queue or exchange exists with another value of one argument.
     *
     * @param kind "queue" or "exchange"
     * @param received what the declaration asked for, as the broker writes it ("the value '10' of type ...")
     * @param current  what the existing one has ("none", or a value as above)
     */
    public record InequivalentArgument(String argument, String kind, String name, String received, String current) {
    }

    /** The close the broker sent that caused {@code failure}; empty when the application closed, or no close did. */
    public static Optional<BrokerClose> of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException signal) {
                return signal.isInitiatedByApplication() ? Optional.empty() : of(signal.getReason());
            }
        }
        return Optional.empty();
    }

    /** What this close says about an inequivalent argument, when it is a refusal for one. */
    public Optional<InequivalentArgument> inequivalentArgument() {
        Matcher m = INEQUIVALENT.matcher(replyText == null ? "" : replyText);
        return m.find() ? Optional.of(new InequivalentArgument(m.group(1), m.group(2), m.group(3), m.group(4),
                m.group(5))) : Optional.empty();
    }

    private static Optional<BrokerClose> of(Method reason) {
        if (reason instanceof AMQP.Channel.Close close) {
            return Optional.of(new BrokerClose(close.getReplyCode(), close.getReplyText(), false));
        }
        if (reason instanceof AMQP.Connection.Close close) {
            return Optional.of(new BrokerClose(close.getReplyCode(), close.getReplyText(), true));
        }
        return Optional.empty();
    }
}
