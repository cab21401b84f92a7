package dev.rabbittune.client;

/** The broker blocked publishing (memory or disk alarm) and the publisher's policy said not to wait (longer). */
public final class BrokerBlockedException extends PublishException {

    public BrokerBlockedException(String reason) {
        super("broker blocked publishing: " + reason);
    }
}
