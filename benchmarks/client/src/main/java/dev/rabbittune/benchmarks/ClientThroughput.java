package dev.rabbittune.benchmarks;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import dev.rabbittune.client.BatchConsumer;
import dev.rabbittune.client.BatchSettings;
import dev.rabbittune.client.ConnectionSettings;
import dev.rabbittune.client.Connections;
import dev.rabbittune.client.PublisherSettings;
import dev.rabbittune.client.ReliablePublisher;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The library's publisher or batch consumer, flat out for a number of seconds, printing {@code rate=N} (msg/s).
 * Usage: publish QUEUE SECONDS SIZE WINDOW | consume QUEUE SECONDS PREFETCH BATCH
 */
public final class ClientThroughput {

    public static void main(String[] args) throws Exception {
        // the library as shipped (blocking I/O); -Dio=nio tries the NIO frame handler; -Duri=amqp://host:port
        ConnectionSettings base = ConnectionSettings.of(List.of(System.getProperty("uri", "amqp://localhost")));
        ConnectionSettings settings = new ConnectionSettings(base.uris(), base.heartbeatSeconds(),
                "nio".equals(System.getProperty("io")), true);
        String queue = args[1];
        long seconds = Long.parseLong(args[2]);
        if (args[0].equals("publish")) {
            publish(settings, queue, seconds, Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        } else {
            consume(settings, queue, seconds, Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        }
    }

    private static void publish(ConnectionSettings settings, String queue, long seconds, int size, int window)
            throws Exception {
        try (Connection connection = new Connections(settings).open("client-throughput-setup")) {
            connection.createChannel().queueDeclare(queue, true, false, false, null); // as PerfTest declares its own
        }
        AMQP.BasicProperties persistent = new AMQP.BasicProperties.Builder().deliveryMode(2).build();
        byte[] body = new byte[size];
        long sent = 0;
        try (ReliablePublisher publisher = ReliablePublisher.open(settings, "client-throughput-publisher",
                PublisherSettings.defaults().withWindow(window))) {
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end) {
                publisher.publish("", queue, persistent, body);
                sent++;
            }
            if (!publisher.awaitConfirms(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("messages left unconfirmed");
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.out.printf("rate=%.0f sent=%d%n", sent / elapsed, sent);
        }
    }

    private static void consume(ConnectionSettings settings, String queue, long seconds, int prefetch, int batch)
            throws Exception {
        AtomicLong received = new AtomicLong();
        try (Connection connection = new Connections(settings).open("client-throughput-consumer")) {
            long start = System.nanoTime();
            BatchConsumer consumer = BatchConsumer.start(connection, queue,
                    new BatchSettings(prefetch, batch, Duration.ofMillis(20), 1,
                            BatchSettings.FailurePolicy.REQUEUE),
                    messages -> received.addAndGet(messages.size()));
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            long count = received.get();
            double elapsed = (System.nanoTime() - start) / 1e9;
            consumer.close();
            System.out.printf("rate=%.0f received=%d%n", count / elapsed, count);
        }
    }
}
