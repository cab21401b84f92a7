package dev.rabbittune.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code basic.consume} with a prefetch, acknowledging with {@code multiple=true} every N deliveries. All channel calls
 * happen on the channel's dispatch thread (deliveries, the final ack in {@code handleCancelOk}), so the channel is
 * never used by two threads at once.
 */
final class PushConsumer extends DefaultConsumer implements QueueConsumer {

    private final String queue;
    private final ConsumeSettings settings;
    private final DeliveryHandler handler;
    private final ConsumerFailures failures;
    private final DeliveryPacer pacer;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private long lastUnackedTag;
    private volatile long handled;
    private int unacked;
    private volatile boolean failed;

    private PushConsumer(Channel channel, String queue, ConsumeSettings settings, DeliveryHandler handler,
                         ConsumerFailures failures) {
        super(channel);
        this.queue = queue;
        this.settings = settings;
        this.handler = handler;
        this.failures = failures;
        this.pacer = new DeliveryPacer(settings.ratePerSecond(), settings.latencyMicros());
    }

    static PushConsumer start(Channel channel, String queue, ConsumeSettings settings, DeliveryHandler handler,
                              ConsumerFailures failures) throws IOException {
        PushConsumer consumer = new PushConsumer(channel, queue, settings, handler, failures);
        if (!settings.autoAck()) {
            channel.basicQos(settings.prefetch());
        }
        if (settings.globalPrefetch() > 0) {
            channel.basicQos(settings.globalPrefetch(), true);
        }
        if (settings.txSize() > 0) {
            channel.txSelect();
        }
        channel.basicConsume(queue, settings.autoAck(), settings.arguments(), consumer);
        return consumer;
    }

    @Override
    public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
            throws IOException {
        long received = System.nanoTime();
        if (reachedLimit()) {
            return; // past --cmessages: left unacknowledged, the broker requeues it when the channel closes
        }
        handled++;
        try {
            handler.handle(getChannel(), properties, body, received);
            if (!settings.autoAck()) {
                lastUnackedTag = envelope.getDeliveryTag();
                if (++unacked >= settings.multiAckEvery() || reachedLimit()) {
                    ackHandled();
                }
                if (settings.txSize() > 0 && handled % settings.txSize() == 0) {
                    ackHandled();
                    getChannel().txCommit(); // a blocking call: tx consumers run on a pool (ConsumeSettings.mayBlock)
                }
            }
        } catch (Exception e) {
            // a reply or an ack on a channel whose connection just failed: recovery redelivers what was not acked
            if (!(e instanceof com.rabbitmq.client.AlreadyClosedException || e instanceof IOException)
                    || !Recovery.willRecover(getChannel())) {
                fail(e);
            }
            return;
        }
        pacer.pace();
    }

    @Override
    public boolean reachedLimit() {
        return settings.messageLimit() > 0 && handled >= settings.messageLimit();
    }

    @Override
    public void handleCancelOk(String consumerTag) {
        try {
            ackHandled();
            if (settings.txSize() > 0 && getChannel().isOpen()) {
                getChannel().txCommit();
            }
        } catch (IOException e) {
            fail(e);
        } finally {
            stopped.countDown();
        }
    }

    @Override
    public void handleCancel(String consumerTag) {
        // the broker cancelled us: the queue was deleted or its leader moved
        stopped.countDown();
    }

    @Override
    public void handleShutdownSignal(String consumerTag, ShutdownSignalException sig) {
        if (sig.isHardError() && !sig.isInitiatedByApplication()
                && getChannel() instanceof com.rabbitmq.client.Recoverable) {
            return; // the connection failed and is being recovered: amqp-client consumes again on the new channel
        }
        if (!sig.isInitiatedByApplication()) {
            fail(sig);
        }
        stopped.countDown();
    }

    @Override
    public void stop(long timeoutMillis) throws InterruptedException {
        String tag = getConsumerTag();
        if (tag == null || !getChannel().isOpen()) {
            return;
        }
        try {
            getChannel().basicCancel(tag);
        } catch (IOException | RuntimeException e) {
            return; // the channel is already gone; nothing left to acknowledge
        }
        stopped.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private void ackHandled() throws IOException {
        if (unacked > 0 && getChannel().isOpen()) {
            QueueConsumer.settle(getChannel(), lastUnackedTag, settings);
            unacked = 0;
        }
    }

    private void fail(Exception e) {
        if (!failed) {
            failed = true;
            failures.failed(queue, e);
        }
    }
}
