package dev.rabbittune.client;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Consumes a queue in batches: {@code basic.consume} with a prefetch (never {@code basic.get} polling), deliveries
 * grouped into batches of up to {@code maxBatch} or whatever arrived within {@code maxWait}, each batch handled on the
 * consumer's own thread and acknowledged with one multiple ack. When a batch fails, each of its messages is handled
 * alone: the good ones are acknowledged, the bad ones nacked to the dead-letter exchange (or requeued) by policy.
 *
 * <p>{@link #close} stops gracefully: it cancels the consumers, handles and acknowledges what was already delivered,
 * then closes the channels. After a connection recovery, deliveries from the old channel are dropped unacknowledged
 * (the broker redelivers them), since their delivery tags mean nothing on the new channel.
 */
public final class BatchConsumer implements AutoCloseable {

    private final List<Worker> workers = new ArrayList<>();
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();

    /** Counts so far: messages acknowledged, messages nacked after failing alone, batches handled. */
    public record Stats(long handled, long failed, long batches) {
    }

    private BatchConsumer() {
    }

    /** Starts {@code settings.concurrency()} consumers of {@code queue}, each on its own channel of connection. */
    public static BatchConsumer start(Connection connection, String queue, BatchSettings settings,
                                      BatchHandler handler) throws IOException {
        BatchConsumer consumer = new BatchConsumer();
        try {
            for (int i = 0; i < settings.concurrency(); i++) {
                Worker worker = consumer.new Worker(connection.createChannel(), queue, settings, handler, i);
                consumer.workers.add(worker);
                worker.start();
            }
        } catch (IOException | RuntimeException e) {
            // the workers already consuming must not go on with nobody holding a handle to stop them
            try {
                consumer.close(5, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            throw e;
        }
        return consumer;
    }

    public Stats stats() {
        return new Stats(handled.get(), failed.get(), batches.get());
    }

    @Override
    public void close() throws InterruptedException {
        close(30, TimeUnit.SECONDS);
    }

    /** Cancels, handles what already arrived, acknowledges it, and closes the channels, within {@code timeout}. */
    public void close(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (Worker worker : workers) {
            worker.cancel();
        }
        for (Worker worker : workers) {
            worker.finish(Math.max(1, deadline - System.nanoTime()));
        }
    }

    /** A delivery, the channel generation it came on, and when it arrived (a batch waits from its first arrival). */
    private record Received(Delivery delivery, int generation, long arrivedNanos) {
    }

    private final class Worker extends DefaultConsumer implements Runnable {

        private final String queue;
        private final BatchSettings settings;
        private final BatchHandler handler;
        private final BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        private final CountDownLatch cancelled = new CountDownLatch(1);
        private final AtomicInteger generation = new AtomicInteger();
        private final Thread thread;
        private volatile boolean running = true;
        // from basicConsume itself: getConsumerTag() is set only once consume-ok reaches the dispatch thread
        private volatile String consumerTag;

        Worker(Channel channel, String queue, BatchSettings settings, BatchHandler handler, int index) {
            super(channel);
            this.queue = queue;
            this.settings = settings;
            this.handler = handler;
            this.thread = new Thread(this, "rabbittune-batch-" + queue + "-" + index);
            this.thread.setDaemon(true);
        }

        void start() throws IOException {
            getChannel().basicQos(settings.prefetch());
            if (getChannel() instanceof Recoverable recoverable) {
                recoverable.addRecoveryListener(new RecoveryListener() {
                    @Override
                    public void handleRecovery(Recoverable r) {
                        generation.incrementAndGet();
                    }

                    @Override
                    public void handleRecoveryStarted(Recoverable r) {
                        generation.incrementAndGet();
                    }
                });
            }
            // consume first: if the broker refuses, no thread is left polling an inbox nothing fills
            consumerTag = getChannel().basicConsume(queue, false, this);
            thread.start();
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
            inbox.add(new Received(new Delivery(envelope.getDeliveryTag(), envelope.isRedeliver(),
                    envelope.getRoutingKey(), properties, body), generation.get(), System.nanoTime()));
        }

        @Override
        public void handleCancelOk(String tag) {
            cancelled.countDown();
        }

        @Override
        public void handleCancel(String tag) {
            cancelled.countDown(); // the queue was deleted
        }

        void cancel() {
            try {
                if (consumerTag != null && getChannel().isOpen()) {
                    getChannel().basicCancel(consumerTag);
                    return;
                }
            } catch (IOException | RuntimeException e) {
                // the channel is gone: nothing more will arrive
            }
            cancelled.countDown();
        }

        void finish(long timeoutNanos) throws InterruptedException {
            long deadline = System.nanoTime() + timeoutNanos;
            cancelled.await(timeoutNanos, TimeUnit.NANOSECONDS);
            running = false;
            if (thread.isAlive()) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            if (thread.isAlive()) {
                // out of time: stop handling; what is unacknowledged goes back to the queue when the channel closes
                inbox.clear();
                thread.interrupt();
            }
            try {
                if (getChannel().isOpen()) {
                    getChannel().close();
                }
            } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
                // closing is best effort; unacknowledged messages go back to the queue
            }
        }

        @Override
        public void run() {
            List<Received> batch = new ArrayList<>(settings.maxBatch());
            try {
                while (running || !inbox.isEmpty()) {
                    Received first = inbox.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    // from arrival: a message that waited while the previous batch was handled does not wait twice
                    long deadline = first.arrivedNanos() + settings.maxWait().toNanos();
                    while (batch.size() < settings.maxBatch()) {
                        Received next = inbox.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                        if (next == null) {
                            break;
                        }
                        batch.add(next);
                    }
                    process(batch);
                    batch.clear();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void process(List<Received> received) {
            int current = generation.get();
            List<Delivery> batch = new ArrayList<>(received.size());
            for (Received r : received) {
                if (r.generation() == current) {
                    batch.add(r.delivery()); // older ones came on a channel that no longer exists: redelivered
                }
            }
            if (batch.isEmpty()) {
                return;
            }
            batches.incrementAndGet();
            try {
                handler.handle(List.copyOf(batch));
                if (acked(batch.get(batch.size() - 1).deliveryTag(), true, current)) {
                    handled.addAndGet(batch.size()); // else redelivered, and counted when handled again
                }
            } catch (Exception | Error batchFailure) {
                rethrowIfFatal(batchFailure);
                batch.forEach(delivery -> processAlone(delivery, current));
            }
        }

        private void processAlone(Delivery delivery, int deliveredIn) {
            try {
                handler.handle(List.of(delivery));
                if (acked(delivery.deliveryTag(), false, deliveredIn)) {
                    handled.incrementAndGet();
                }
            } catch (Exception | Error e) {
                rethrowIfFatal(e);
                failed.incrementAndGet();
                try {
                    getChannel().basicNack(delivery.deliveryTag(), false,
                            settings.onFailure() == BatchSettings.FailurePolicy.REQUEUE);
                } catch (IOException | RuntimeException nackFailure) {
                    // the channel closed: the broker redelivers the message
                }
            }
        }

        /**
         * A handler's AssertionError or LinkageError fails its messages like an exception would; only the JVM's own
         * errors (out of memory, stack overflow) end the worker.
         */
        private static void rethrowIfFatal(Throwable failure) {
            if (failure instanceof VirtualMachineError fatal) {
                throw fatal;
            }
        }

        /**
         * False when the channel closed, or recovered meanwhile (a recovered channel ignores the tags of the one it
         * replaced, silently): the broker redelivers these messages; consumers must be idempotent.
         */
        private boolean acked(long tag, boolean multiple, int deliveredIn) {
            try {
                getChannel().basicAck(tag, multiple);
                return generation.get() == deliveredIn;
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
    }
}
