package dev.rabbittune.client.topology;

import java.util.Locale;

/** The queue types of RabbitMQ 3.8+ ({@code x-queue-type}). "lazy" is not one: it was a classic queue mode. */
public enum QueueType {
    CLASSIC, QUORUM, STREAM;

    public String argument() {
        return name().toLowerCase(Locale.ROOT);
    }
}
