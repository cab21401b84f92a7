package dev.rabbittune.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code basic.get} in a loop on a thread of its own. This is the pattern the benchmark compares against: each message
 * costs a round trip, so it is one to two orders of magnitude slower than {@link PushConsumer}. Never use it for
 * real consumption.
 */
final class PollingConsumer implements QueueConsumer, Runnable {

    private static final long EMPTY_QUEUE_BACKOFF_NANOS = 1_000_000;

    private final Channel channel;
    private final String queue;
    private final ConsumeSettings settings;
    private final DeliveryHandler handler;
    private final ConsumerFailures failures;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long handled;

    private PollingConsumer(Channel channel, String queue, ConsumeSettings settings, DeliveryHandler handler,
                            ConsumerFailures failures) {
        this.channel = channel;
        this.queue = queue;
        this.settings = settings;
        this.handler = handler;
        this.failures = failures;
        this.thread = new Thread(this, "rabbittune-poll-" + queue);
        this.thread.setDaemon(true);
    }

    static PollingConsumer start(Channel channel, String queue, ConsumeSettings settings, DeliveryHandler handler,
                                 ConsumerFailures failures) {
        PollingConsumer consumer = new PollingConsumer(channel, queue, settings, handler, failures);
        consumer.thread.start();
        return consumer;
    }

    @Override
    public void run() {
        DeliveryPacer pacer = new DeliveryPacer(settings.ratePerSecond(), settings.latencyMicros());
        long lastTag = 0;
        int unacked = 0;
        try {
            if (settings.txSize() > 0) {
                channel.txSelect();
            }
            while (running && !reachedLimit()) {
                if (settings.pollingIntervalMillis() > 0) {
                    LockSupport.parkNanos(settings.pollingIntervalMillis() * 1_000_000L);
                }
                GetResponse response;
                try {
                    response = channel.basicGet(queue, settings.autoAck());
                } catch (IOException | com.rabbitmq.client.AlreadyClosedException e) {
                    if (!Recovery.willRecover(channel, e)) {
                        throw e;
                    }
                    Recovery.await(channel, () -> running);
                    unacked = 0; // acks of the old channel's tags mean nothing on the recovered one
                    continue;
                }
                if (response == null) {
                    LockSupport.parkNanos(EMPTY_QUEUE_BACKOFF_NANOS);
                    continue;
                }
                handler.handle(channel, response.getProps(), response.getBody(), System.nanoTime());
                handled++;
                if (!settings.autoAck()) {
                    lastTag = response.getEnvelope().getDeliveryTag();
                    if (++unacked >= settings.multiAckEvery() || reachedLimit()) {
                        unacked = 0;
                        try {
                            QueueConsumer.settle(channel, lastTag, settings);
                        } catch (IOException | com.rabbitmq.client.AlreadyClosedException e) {
                            if (!Recovery.willRecover(channel, e)) {
                                throw e;
                            }
                            Recovery.await(channel, () -> running); // the unacked are redelivered
                        }
                    }
                    if (settings.txSize() > 0 && handled % settings.txSize() == 0) {
                        channel.txCommit();
                    }
                }
                pacer.pace();
            }
            if (unacked > 0) {
                QueueConsumer.settle(channel, lastTag, settings);
            }
            if (settings.txSize() > 0) {
                channel.txCommit();
            }
        } catch (Exception e) {
            if (running) {
                failures.failed(queue, e);
            }
        }
    }

    @Override
    public boolean reachedLimit() {
        return settings.messageLimit() > 0 && handled >= settings.messageLimit();
    }

    @Override
    public void stop(long timeoutMillis) throws InterruptedException {
        running = false;
        thread.join(timeoutMillis);
    }

}
