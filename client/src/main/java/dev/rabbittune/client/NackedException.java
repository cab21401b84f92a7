package dev.rabbittune.client;

/** The broker nacked a message on every attempt (an internal error in the queue, e.g. a quorum queue without quorum). */
public final class NackedException extends PublishException {

    public NackedException(String messageId, int attempts) {
        super("broker nacked message " + messageId + " " + attempts + " time(s)");
    }
}
