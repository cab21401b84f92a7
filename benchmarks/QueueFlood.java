import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.util.Map;

/**
 * QueueFlood declare|delete PREFIX COUNT: classic, non-durable queues on the local broker, x-expires 10 min as a
 * safety net; one channel, so the broker sees one client. Run as a single-file program with the rabbittune jar
 * on the class path (benchmarks/doctor-scale, benchmarks/monitor-scale).
 */
public class QueueFlood {
    public static void main(String[] args) throws Exception {
        boolean declare = args[0].equals("declare");
        int count = Integer.parseInt(args[2]);
        long start = System.nanoTime();
        try (Connection c = new ConnectionFactory().newConnection("queue-flood"); Channel ch = c.createChannel()) {
            for (int i = 0; i < count; i++) {
                if (declare) {
                    ch.queueDeclare(args[1] + i, false, false, false, Map.of("x-expires", 600_000));
                } else {
                    ch.queueDeleteNoWait(args[1] + i, false, false);
                }
            }
            ch.basicQos(0);   // a synchronous round trip: every delete before it has been processed
        }
        System.out.printf("%sd %d queues in %.1f s%n", declare ? "declare" : "delete", count,
                (System.nanoTime() - start) / 1e9);
    }
}
