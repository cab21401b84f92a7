package dev.rabbittune.client;

import java.util.List;

/**
 * Handles a batch of deliveries. Returning normally acknowledges the whole batch (one multiple ack); throwing makes
 * the consumer retry each message of the batch on its own, so that one bad message does not fail the others.
 */
@FunctionalInterface
public interface BatchHandler {

    void handle(List<Delivery> batch) throws Exception;
}
