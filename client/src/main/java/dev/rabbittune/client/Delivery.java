package dev.rabbittune.client;

import com.rabbitmq.client.AMQP;

/** One message a {@link BatchConsumer} received. {@code redelivered}: it may have been handled before. */
public record Delivery(long deliveryTag, boolean redelivered, String routingKey, AMQP.BasicProperties properties,
                      byte[] body) {
}
