package dev.rabbittune.bench;

import com.rabbitmq.client.Channel;
import java.io.IOException;

/**
 * A consumer of one queue on one channel: pushed deliveries ({@code basic.consume} with prefetch and multiple acks) or,
 * in comparison mode, {@code basic.get} polling. {@link #stop} cancels, acknowledges what was handled and returns.
 */
interface QueueConsumer {

    /** Starts consuming {@code queue} on {@code channel} as {@code settings} say, passing each delivery to handler. */
    static QueueConsumer start(Channel channel, String queue, ConsumeSettings settings, DeliveryHandler handler,
                               ConsumerFailures failures) throws IOException {
        return settings.polling()
                ? PollingConsumer.start(channel, queue, settings, handler, failures)
                : PushConsumer.start(channel, queue, settings, handler, failures);
    }

    /**
     * Settles every delivery up to {@code deliveryTag} ({@code multiple=true}): acknowledged, or with
     * {@link ConsumeSettings#nack()} rejected, requeued or not as the settings say.
     */
    static void settle(Channel channel, long deliveryTag, ConsumeSettings settings) throws IOException {
        if (settings.nack()) {
            channel.basicNack(deliveryTag, true, settings.requeue());
        } else {
            channel.basicAck(deliveryTag, true);
        }
    }

    /** True once the consumer has handled its {@link ConsumeSettings#messageLimit()} deliveries. */
    boolean reachedLimit();

    /** Stops taking messages, acknowledges every handled one, and waits up to {@code timeoutMillis} for that. */
    void stop(long timeoutMillis) throws InterruptedException;

    /** Receives a consumer's failure (a handler exception, a channel closed under it); called at most once. */
    @FunctionalInterface
    interface ConsumerFailures {
        void failed(String queue, Exception cause);
    }
}
