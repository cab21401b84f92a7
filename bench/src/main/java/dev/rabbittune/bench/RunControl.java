package dev.rabbittune.bench;

/**
 * When a run ends besides its duration or message count, how it reports, how it shuts down, and how its clients map
 * to connections and bindings. Immutable.
 *
 * @param exitWhen                      end the run when consumers are idle or their queues empty ({@code --exit-when})
 * @param consumerMessages              each consumer stops after this many messages, and the run ends when all have
 *                                      ({@code --cmessages}); 0 = no limit
 * @param intervalSeconds               seconds between samples (console lines, JSON samples)
 * @param shutdownTimeoutSeconds        how long closing each connection may take at the end
 * @param skipBinding                   do not bind the queues to the exchange ({@code --skip-binding-queues})
 * @param producerChannelsPerConnection producers sharing one connection
 * @param consumerChannelsPerConnection consumers sharing one connection
 */
public record RunControl(ExitWhen exitWhen, long consumerMessages, int intervalSeconds, int shutdownTimeoutSeconds,
                         boolean skipBinding, int producerChannelsPerConnection, int consumerChannelsPerConnection) {

    /** PerfTest's {@code --exit-when}: a consumer is done after 1 s without a delivery (idle), or then if its queue is empty. */
    public enum ExitWhen { NEVER, EMPTY, IDLE }
}
