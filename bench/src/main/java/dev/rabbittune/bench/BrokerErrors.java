package dev.rabbittune.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Method;
import com.rabbitmq.client.ShutdownSignalException;

/** Reads the broker's own reason out of the exceptions amqp-client throws when a channel or connection closes. */
final class BrokerErrors {

    private BrokerErrors() {
    }

    /** The AMQP reply code of the close that caused {@code e}, or 0 when it was not a broker close. */
    static int replyCode(Throwable e) {
        Method reason = closeReason(e);
        if (reason instanceof AMQP.Channel.Close close) {
            return close.getReplyCode();
        }
        if (reason instanceof AMQP.Connection.Close close) {
            return close.getReplyCode();
        }
        return 0;
    }

    /** The broker's reply text (e.g. "PRECONDITION_FAILED - invalid arg 'x-max-length' ..."), or null. */
    static String replyText(Throwable e) {
        Method reason = closeReason(e);
        if (reason instanceof AMQP.Channel.Close close) {
            return close.getReplyText();
        }
        if (reason instanceof AMQP.Connection.Close close) {
            return close.getReplyText();
        }
        return null;
    }

    private static Method closeReason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException signal && !signal.isInitiatedByApplication()) {
                return signal.getReason();
            }
        }
        return null;
    }
}
