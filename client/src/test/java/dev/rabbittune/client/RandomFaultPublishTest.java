package dev.rabbittune.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import dev.rabbittune.testing.Broker;
import dev.rabbittune.testing.NeedsBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The publisher under faults at random points while several threads publish: the broker cuts its connection
 * ({@code rabbitmqctl close_connection} or the management API), raises a memory alarm, or cuts it during an alarm.
 * Every future must complete exactly once, nothing may fail (the alarms are shorter than the blocked timeout), and
 * every confirmed message must be in the queue. The faults and their moments come from a seed, printed first:
 * replay a failure with {@code -Dfaults.seed=N} (and {@code -Dfaults.count=N} for more faults).
 */
@ExtendWith(Broker.CleanUp.class)
@NeedsBroker
class RandomFaultPublishTest {

    private static final long SEED = Long.getLong("faults.seed", 20_261_201L);
    private static final int FAULTS = Integer.getInteger("faults.count", 5);
    private static final int PUBLISHERS = 4;
    private static final int MESSAGES_PER_SECOND = 1_500;

    private enum Fault { CUT_BY_RABBITMQCTL, CUT_BY_MANAGEMENT_API, MEMORY_ALARM, CUT_DURING_ALARM }

    private final Map<String, CompletableFuture<Void>> futures = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> completions = new ConcurrentHashMap<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicInteger recoveries = new AtomicInteger();
    // when the publisher's current connection was opened at the earliest (wall clock, as the management API's)
    private volatile long connectedSinceMillis;
    private volatile boolean stop;

    @Test
    @Timeout(120)
    void everyFutureCompletesOnceAndEveryConfirmedMessageIsInTheQueueThroughRandomFaults() throws Exception {
        System.out.printf("faults seed=%d count=%d (replay: -Dfaults.seed=%d)%n", SEED, FAULTS, SEED);
        Random random = new Random(SEED);
        String queue = Broker.queue("random-faults");
        String clientName = Broker.unique("random-faults-publisher");
        try (Connection admin = Broker.connect("random-faults-admin"); Channel channel = admin.createChannel();
             Connection connection = recoveringConnection(clientName)) {
            channel.queueDeclare(queue, false, false, false, null);
            ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
            Semaphore tokens = paced(pacer);
            List<Thread> publishers = new ArrayList<>();
            int cuts = 0;
            try (ReliablePublisher publisher = ReliablePublisher.on(connection, PublisherSettings.defaults()
                    .withWindow(64))) {
                for (int t = 0; t < PUBLISHERS; t++) {
                    publishers.add(startPublisher(publisher, queue, "p" + t, tokens));
                }
                for (int i = 0; i < FAULTS; i++) {
                    long before = published.get();
                    long after = 200 + random.nextInt(1_000);
                    await("publishing goes on").atMost(Duration.ofSeconds(30))
                            .until(() -> published.get() >= before + after);
                    Fault fault = Fault.values()[random.nextInt(Fault.values().length)];
                    System.out.printf("fault %d: %s after %d more messages%n", i + 1, fault, after);
                    cuts += inject(fault, clientName, random);
                    int recovered = cuts;
                    await("recovery after the cut").atMost(Duration.ofSeconds(30))
                            .until(() -> recoveries.get() >= recovered);
                }
                long before = published.get();
                await("publishing after the last fault").atMost(Duration.ofSeconds(30))
                        .until(() -> published.get() >= before + 500);
                stop = true;
                for (Thread thread : publishers) {
                    thread.join(TimeUnit.SECONDS.toMillis(40));
                }
                assertThat(publisher.awaitConfirms(30, TimeUnit.SECONDS)).isTrue();
                assertThat(publisher.unconfirmed()).as("every slot back, none twice").isZero();
                assertThat(publisher.contradictoryCompletions()).as("no future given a second, other outcome")
                        .isZero();
                await("OPEN again").atMost(Duration.ofSeconds(10))
                        .until(() -> publisher.state() == PublisherState.State.OPEN);
                System.out.printf("published=%d republished=%d recoveries=%d%n", published.get(),
                        publisher.republished(), recoveries.get());
            } finally {
                stop = true;
                pacer.shutdownNow();
                Broker.clearMemoryAlarm();
            }
            assertThat(publishers).noneMatch(Thread::isAlive);
            assertThat(recoveries.get()).as("recoveries").isEqualTo(cuts);
            assertEveryFutureCompletedOnceWithoutFailure();
            assertEveryConfirmedMessageIsIn(channel, queue);
        }
    }

    /** The publisher's connection, recovering a quarter of a second after a failure (not amqp-client's 5 s). */
    private Connection recoveringConnection(String name) throws Exception {
        ConnectionFactory factory = Broker.factory();
        factory.setAutomaticRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(250);
        connectedSinceMillis = System.currentTimeMillis() - 1_000; // the broker's clock rounds to the second
        Connection connection = factory.newConnection(name);
        ((Recoverable) connection).addRecoveryListener(new RecoveryListener() {
            @Override
            public void handleRecovery(Recoverable recoverable) {
                recoveries.incrementAndGet();
            }

            @Override
            public void handleRecoveryStarted(Recoverable recoverable) {
                connectedSinceMillis = System.currentTimeMillis() - 1_000;
            }
        });
        return connection;
    }

    /** Permits at {@link #MESSAGES_PER_SECOND}, at most a tenth of a second's worth saved up (while blocked). */
    private static Semaphore paced(ScheduledExecutorService pacer) {
        Semaphore tokens = new Semaphore(0);
        int perTick = MESSAGES_PER_SECOND / 100;
        pacer.scheduleAtFixedRate(() -> {
            if (tokens.availablePermits() < MESSAGES_PER_SECOND / 10) {
                tokens.release(perTick);
            }
        }, 10, 10, TimeUnit.MILLISECONDS);
        return tokens;
    }

    private Thread startPublisher(ReliablePublisher publisher, String queue, String prefix, Semaphore tokens) {
        Thread thread = new Thread(() -> {
            try {
                for (int i = 0; !stop; i++) {
                    if (!tokens.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                    String id = prefix + "-" + i;
                    AtomicInteger completed = new AtomicInteger();
                    completions.put(id, completed);
                    CompletableFuture<Void> future = publisher.publish("", queue,
                            new AMQP.BasicProperties.Builder().messageId(id).build(), id.getBytes());
                    future.whenComplete((ok, failure) -> completed.incrementAndGet());
                    futures.put(id, future);
                    published.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "random-faults-" + prefix);
        thread.start();
        return thread;
    }

    /** Injects {@code fault}; returns how many connection cuts it made. */
    private int inject(Fault fault, String clientName, Random random) {
        switch (fault) {
            case CUT_BY_RABBITMQCTL -> cutByRabbitmqctl(clientName);
            case CUT_BY_MANAGEMENT_API -> cutByManagementApi(clientName);
            case MEMORY_ALARM -> alarmFor(200 + random.nextInt(800));
            case CUT_DURING_ALARM -> {
                Broker.raiseMemoryAlarm();
                try {
                    cutByRabbitmqctl(clientName);
                } finally {
                    Broker.clearMemoryAlarm();
                }
            }
        }
        return fault == Fault.MEMORY_ALARM ? 0 : 1;
    }

    private static void alarmFor(long millis) {
        Broker.raiseMemoryAlarm();
        try {
            await("the alarm held").pollDelay(Duration.ofMillis(millis)).until(() -> true);
        } finally {
            Broker.clearMemoryAlarm();
        }
    }

    /** rabbitmqctl lists a connection at once (the management API after its next statistics round). */
    private void cutByRabbitmqctl(String clientName) {
        String pid = await("rabbitmqctl listing " + clientName).atMost(Duration.ofSeconds(30))
                .until(() -> pidOf(clientName), found -> found != null);
        Broker.rabbitmqctl("close_connection", pid, "rabbittune random fault test");
    }

    /**
     * The management API lists a recovered connection only after its next statistics round, and may still list the
     * one cut before: so it waits for one connected since the last recovery started.
     */
    private void cutByManagementApi(String clientName) {
        String name = await("the management API listing " + clientName).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250)).until(() -> currentManagementName(clientName), n -> n != null);
        Broker.closeFromBroker(name);
    }

    private String currentManagementName(String clientName) {
        String columns = "/api/connections?columns=name,user_provided_name,connected_at";
        for (var listed : Broker.API.get(columns).orElseThrow()) {
            if (clientName.equals(listed.path("user_provided_name").asText())
                    && listed.path("connected_at").asLong() >= connectedSinceMillis) {
                return listed.path("name").asText();
            }
        }
        return null;
    }

    private static String pidOf(String clientName) {
        for (String line : Broker.rabbitmqctl("list_connections", "pid", "client_properties").split("\n")) {
            if (line.contains(clientName)) {
                return line.split("\t")[0].trim();
            }
        }
        return null;
    }

    private void assertEveryFutureCompletedOnceWithoutFailure() {
        assertThat(futures.values()).as("every future completed").allMatch(CompletableFuture::isDone);
        Map<Integer, Long> timesCompleted = completions.values().stream()
                .collect(Collectors.groupingBy(AtomicInteger::get, Collectors.counting()));
        assertThat(timesCompleted).as("futures by how often their callback ran").containsOnlyKeys(1);
        Map<String, Long> failures = futures.values().stream().filter(CompletableFuture::isCompletedExceptionally)
                .map(f -> f.handle((ok, e) -> String.valueOf(e)).join())
                .collect(Collectors.groupingBy(e -> e, Collectors.counting()));
        assertThat(failures).as("failed futures by cause").isEmpty();
    }

    private void assertEveryConfirmedMessageIsIn(Channel channel, String queue) throws Exception {
        Set<String> confirmed = futures.entrySet().stream()
                .filter(e -> e.getValue().isDone() && !e.getValue().isCompletedExceptionally())
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        long inQueue = channel.queueDeclarePassive(queue).getMessageCount();
        System.out.printf("confirmed=%d in_queue=%d (duplicates are allowed: at-least-once)%n",
                confirmed.size(), inQueue);
        assertThat(inQueue).as("messages in the queue").isGreaterThanOrEqualTo(confirmed.size());
        Set<String> ids = ConcurrentHashMap.newKeySet();
        AtomicLong delivered = new AtomicLong();
        channel.basicQos(1_000);
        channel.basicConsume(queue, true, (tag, delivery) -> {
            ids.add(delivery.getProperties().getMessageId());
            delivered.incrementAndGet();
        }, tag -> { });
        await("the queue drained").atMost(Duration.ofSeconds(30)).until(() -> delivered.get() >= inQueue);
        assertThat(ids).as("ids in the queue").containsAll(confirmed);
    }
}
