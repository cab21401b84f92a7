package dev.rabbittune.bench;

import dev.rabbittune.core.BadInputException;

/**
 * How a consumer takes messages from a queue.
 *
 * @param prefetch          unacknowledged deliveries the broker may push ({@code basic.qos}); 0 = unlimited
 * @param multiAckEvery     acknowledge with {@code multiple=true} every this many deliveries; 1 = each one
 * @param autoAck           the broker forgets a message once sent (no acks; loses messages on consumer failure)
 * @param ratePerSecond     most deliveries handled per second; 0 = unlimited
 * @param polling           {@code basic.get} in a loop instead of {@code basic.consume} (comparison mode: slow)
 */
public record ConsumeSettings(int prefetch, int multiAckEvery, boolean autoAck, double ratePerSecond,
                              boolean polling) {

    public ConsumeSettings {
        if (prefetch < 0 || prefetch > 65535) {
            throw new BadInputException("prefetch must be between 0 and 65535, got " + prefetch);
        }
        if (multiAckEvery < 1) {
            throw new BadInputException("multi-ack-every must be >= 1, got " + multiAckEvery);
        }
        if (ratePerSecond < 0) {
            throw new BadInputException("consumer rate must be >= 0, got " + ratePerSecond);
        }
        if (!autoAck && !polling && prefetch > 0 && multiAckEvery > prefetch) {
            // the broker stops delivering at `prefetch` unacked messages, so an ack that waits for more never comes
            throw new BadInputException("multi-ack-every (" + multiAckEvery + ") exceeds prefetch (" + prefetch
                    + "): the consumer would stall", "use a prefetch at least as large as multi-ack-every", null);
        }
    }
}
