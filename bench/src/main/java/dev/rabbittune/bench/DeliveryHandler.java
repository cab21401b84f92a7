package dev.rabbittune.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;

/**
 * Receives each delivery of a consumer. Called on the consumer's dispatch thread, one delivery at a time per channel;
 * it may publish on {@code channel} (for example a reply) since no other thread publishes on a consumer's channel.
 */
@FunctionalInterface
interface DeliveryHandler {

    void handle(Channel channel, AMQP.BasicProperties properties, byte[] body, long receivedNanos) throws Exception;
}
