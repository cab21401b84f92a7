package example.orders;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.rabbittune.client.ConnectionSettings;
import dev.rabbittune.client.Connections;
import dev.rabbittune.client.PublisherSettings;
import dev.rabbittune.client.ReliablePublisher;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The README's publishing example in an application of its own, checked by what the broker then holds. */
public class FrontDoor {

    static final String QUEUE = "orders-readme-example-" + System.nanoTime();
    static final AMQP.BasicProperties persistentJson = new AMQP.BasicProperties.Builder()
            .contentType("application/json").deliveryMode(2).build();
    static final byte[] body = "{\"id\":1}".getBytes();
    static Throwable failed;

    static void alert(Throwable failure) {
        failed = failure;
    }

    public static void main(String[] args) throws Exception {
        ConnectionSettings admin = ConnectionSettings.of(List.of("amqp://guest:guest@localhost"));
        try (Connection connection = new Connections(admin).open("readme-example-admin");
             Channel channel = connection.createChannel()) {
            channel.queueDeclare(QUEUE, true, false, false, null);
            try {
                publish();
                long ready = channel.queueDeclarePassive(QUEUE).getMessageCount();
                if (failed != null || ready != 1) {
                    throw new IllegalStateException("the example published " + ready + " message(s), failure: "
                            + failed);
                }
                System.out.println("readme example: 1 message confirmed and in " + QUEUE);
            } finally {
                channel.queueDelete(QUEUE);
            }
        }
    }

    static void publish() throws Exception {
        // from here to the end of the method: the README's example, with the local broker and this run's queue
        ConnectionSettings broker = ConnectionSettings.of(List.of("amqp://guest:guest@localhost")).withRecovery();
        try (ReliablePublisher publisher = ReliablePublisher.open(broker, "orders-api", PublisherSettings.defaults())) {
            publisher.publish("", QUEUE, persistentJson, body)      // completes on the broker's confirm
                     .whenComplete((ok, failure) -> { if (failure != null) alert(failure); });
            publisher.awaitConfirms(30, TimeUnit.SECONDS);
        }
    }
}
