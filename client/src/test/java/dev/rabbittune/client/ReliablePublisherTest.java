package dev.rabbittune.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.rabbittune.testing.Broker;
import dev.rabbittune.testing.NeedsBroker;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The lossless publisher against the real broker. */
@ExtendWith(Broker.CleanUp.class)
@NeedsBroker
class ReliablePublisherTest {

    private static final AMQP.BasicProperties PERSISTENT = new AMQP.BasicProperties.Builder().deliveryMode(2).build();

    @Test
    void everyFutureCompletesOnTheBrokersConfirmAndTheQueueHoldsEveryMessage() throws Exception {
        String queue = Broker.queue("pub-all");
        try (Connection admin = TestBroker.connect("test-admin"); Channel channel = admin.createChannel()) {
            channel.queueDeclare(queue, true, false, false, null);
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            try (ReliablePublisher publisher = ReliablePublisher.open(TestBroker.SETTINGS, "test-pub",
                    PublisherSettings.defaults().withWindow(64))) {
                for (int i = 0; i < 10_000; i++) {
                    futures.add(publisher.publish("", queue, PERSISTENT, ("m" + i).getBytes()));
                }
                assertThat(publisher.awaitConfirms(30, TimeUnit.SECONDS)).isTrue();
                assertThat(publisher.unconfirmed()).isZero();
            }
            assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
            assertThat(TestBroker.messagesReady(channel, queue)).isEqualTo(10_000);
            assertThat(channel.basicGet(queue, true).getProps().getMessageId()).isNotBlank();
            channel.queueDelete(queue);
        }
    }

    @Test
    void anUnroutableMandatoryMessageFailsItsFutureWithTheBrokersReason() throws Exception {
        try (ReliablePublisher publisher = ReliablePublisher.open(TestBroker.SETTINGS, "test-pub-unroutable",
                PublisherSettings.defaults())) {
            CompletableFuture<Void> future = publisher.publish("amq.direct", "no-such-binding", null, new byte[10]);
            assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(UnroutableException.class).hasMessageContaining("312 NO_ROUTE");
            assertThat(publisher.awaitConfirms(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // the bug this pins hangs
    void aChannelErrorFailsWhatWasInFlightWithTheBrokersReasonAndPublishingGoesOnOnANewChannel() throws Exception {
        String queue = Broker.queue("pub-channel-error");
        try (Connection admin = TestBroker.connect("test-admin"); Channel channel = admin.createChannel()) {
            channel.queueDeclare(queue, false, false, false, null);
            try (ReliablePublisher publisher = ReliablePublisher.open(TestBroker.SETTINGS, "test-pub-404",
                    PublisherSettings.defaults())) {
                CompletableFuture<Void> lost = publisher.publish("no-such-exchange", "k", null, new byte[10]);
                assertThatThrownBy(() -> lost.get(10, TimeUnit.SECONDS))
                        .cause().isInstanceOf(PublishException.class).hasMessageContaining("no exchange");
                CompletableFuture<Void> next = publisher.publish("", queue, null, new byte[10]);
                next.get(10, TimeUnit.SECONDS);
                assertThat(publisher.awaitConfirms(5, TimeUnit.SECONDS)).isTrue();
                assertThat(publisher.unconfirmed()).isZero();
            }
            assertThat(TestBroker.messagesReady(channel, queue)).isEqualTo(1);
            channel.queueDelete(queue);
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // the bug this pins hangs
    void aMessageIdTheCallerReusesNeitherLeaksAWindowSlotNorLosesAFuture() throws Exception {
        String queue = Broker.queue("pub-same-id");
        try (Connection admin = TestBroker.connect("test-admin"); Channel channel = admin.createChannel()) {
            channel.queueDeclare(queue, false, false, false, null);
            AMQP.BasicProperties sameId = new AMQP.BasicProperties.Builder().messageId("order-1").build();
            try (ReliablePublisher publisher = ReliablePublisher.open(TestBroker.SETTINGS, "test-pub-same-id",
                    PublisherSettings.defaults().withWindow(4))) {
                List<CompletableFuture<Void>> futures = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    futures.add(publisher.publish("", queue, sameId, new byte[10]));
                }
                CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
                assertThat(publisher.unconfirmed()).isZero();
            }
            assertThat(TestBroker.messagesReady(channel, queue)).isEqualTo(20);
            channel.queueDelete(queue);
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // the bug this pins hangs
    void publishingFromTheConnectionsThreadWithAFullWindowFailsInsteadOfDeadlockingTheConnection() throws Exception {
        String queue = Broker.queue("pub-io-thread");
        String trigger = Broker.queue("pub-io-thread-trigger");
        // consumer callbacks on the connection's reader thread: the thread that also reads the publisher's confirms
        try (Connection connection = new Connections(TestBroker.SETTINGS.withDispatch(Dispatch.onIoThread()))
                .open("test-pub-io-thread");
             Channel channel = connection.createChannel()) {
            channel.queueDeclare(queue, false, false, false, null);
            channel.queueDeclare(trigger, false, false, false, null);
            try (ReliablePublisher publisher = ReliablePublisher.on(connection,
                    PublisherSettings.defaults().withWindow(1))) {
                publisher.publish("", queue, null, new byte[10]).get(10, TimeUnit.SECONDS);
                CompletableFuture<Object> fromCallback = new CompletableFuture<>();
                channel.basicConsume(trigger, true, (tag, delivery) -> {
                    try {
                        // the first takes the one slot; its confirm cannot be read while this callback runs
                        publisher.publish("", queue, null, new byte[10]);
                        publisher.publish("", queue, null, new byte[10]);
                        fromCallback.complete("published twice");
                    } catch (Exception | Error e) {
                        fromCallback.complete(e);
                    }
                }, tag -> { });
                channel.basicPublish("", trigger, null, new byte[1]);
                assertThat(fromCallback.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                        .asString().contains("whenCompleteAsync");
                assertThat(publisher.awaitConfirms(10, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(TestBroker.messagesReady(channel, queue)).isEqualTo(2);
            channel.queueDelete(queue);
            channel.queueDelete(trigger);
        }
    }

    @Test
    void aConnectionClosedByTheBrokerLosesNoConfirmedMessageAndKeepsThePublishOrder() throws Exception {
        String queue = Broker.queue("pub-cut");
        String name = Broker.unique("test-pub-cut");
        try (Connection admin = TestBroker.connect("test-admin"); Channel channel = admin.createChannel()) {
            channel.queueDeclare(queue, true, false, false, null);
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            try (ReliablePublisher publisher = ReliablePublisher.open(TestBroker.SETTINGS, name,
                    PublisherSettings.defaults())) {
                String managementName = Broker.managementName(name);
                for (int i = 0; i < 20_000; i++) {
                    if (i == 5_000) {
                        Broker.closeFromBroker(managementName);
                    }
                    futures.add(publisher.publish("", queue, PERSISTENT,
                            ByteBuffer.allocate(100).putInt(i).array()));
                }
                assertThat(publisher.awaitConfirms(60, TimeUnit.SECONDS)).isTrue();
                assertThat(publisher.republished()).isPositive();
            }
            assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
            // at least once: every confirmed message is there, a few may be there twice
            long stored = TestBroker.messagesReady(channel, queue);
            assertThat(stored).isGreaterThanOrEqualTo(20_000).isLessThan(20_000 + 1_000);
            // in order: the stored prefix, then the unconfirmed republished, then what was held during recovery
            List<Integer> firstSeen = new ArrayList<>();
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            java.util.concurrent.CountDownLatch drained = new java.util.concurrent.CountDownLatch((int) stored);
            channel.basicQos(1000);
            channel.basicConsume(queue, true, (tag, delivery) -> {
                int index = ByteBuffer.wrap(delivery.getBody()).getInt();
                if (seen.add(index)) {
                    firstSeen.add(index);
                }
                drained.countDown();
            }, tag -> { });
            assertThat(drained.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(firstSeen).hasSize(20_000).isSorted();
            channel.queueDelete(queue);
        }
    }

    @Test
    void aMemoryAlarmBlocksPublishingAndItResumesWhenCleared() throws Exception {
        String queue = Broker.queue("pub-alarm");
        try (Connection admin = TestBroker.connect("test-admin"); Channel channel = admin.createChannel();
             ReliablePublisher publisher = ReliablePublisher.open(TestBroker.SETTINGS, "test-pub-alarm",
                     PublisherSettings.defaults())) {
            channel.queueDeclare(queue, true, false, false, null);
            CompletableFuture<Void> beforeAlarm = publisher.publish("", queue, PERSISTENT, new byte[10]);
            beforeAlarm.get(10, TimeUnit.SECONDS);
            CompletableFuture<Void> duringAlarm;
            try {
                Broker.raiseMemoryAlarm();
                duringAlarm = publisher.publish("", queue, PERSISTENT, new byte[10]);
                await().atMost(Duration.ofSeconds(20)).until(publisher::isBlocked);
                CompletableFuture<Void> blocked = duringAlarm;
                await("the publish staying unconfirmed under the alarm").during(Duration.ofSeconds(1))
                        .atMost(Duration.ofSeconds(3)).until(() -> !blocked.isDone());
            } finally {
                Broker.clearMemoryAlarm();
            }
            duringAlarm.get(20, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> !publisher.isBlocked());
            publisher.publish("", queue, PERSISTENT, new byte[10]).get(10, TimeUnit.SECONDS);
            assertThat(TestBroker.messagesReady(channel, queue)).isEqualTo(3);
            channel.queueDelete(queue);
        }
    }

    @Test
    void whileBlockedTheFailFastPolicyFailsInsteadOfWaiting() throws Exception {
        try (ReliablePublisher publisher = ReliablePublisher.open(TestBroker.SETTINGS, "test-pub-failfast",
                PublisherSettings.defaults().withBlockedPolicy(PublisherSettings.BlockedPolicy.FAIL,
                        Duration.ZERO))) {
            try {
                Broker.raiseMemoryAlarm();
                publisher.publish("amq.direct", "x", null, new byte[10]);
                await().atMost(Duration.ofSeconds(20)).until(publisher::isBlocked);
                CompletableFuture<Void> refused = publisher.publish("amq.direct", "x", null, new byte[10]);
                assertThat(refused).isCompletedExceptionally();
                assertThatThrownBy(refused::get).cause().isInstanceOf(BrokerBlockedException.class)
                        .hasMessageContaining("memory");
            } finally {
                Broker.clearMemoryAlarm();
            }
        }
    }

    /**
     * The broker stops reading a connection at its first publish after an alarm, and says connection.blocked only
     * then: a publish that found the window full of those unread messages waited until the alarm cleared, whatever
     * the policy said.
     */
    @ParameterizedTest
    @EnumSource(PublisherSettings.BlockedPolicy.class)
    void aPublishWaitingForTheWindowWhenTheBrokerBlocksFollowsTheBlockedPolicy(PublisherSettings.BlockedPolicy policy)
            throws Exception {
        String queue = Broker.queue("pub-alarm-window");
        try (Connection admin = TestBroker.connect("test-admin"); Channel channel = admin.createChannel();
             ReliablePublisher publisher = ReliablePublisher.open(TestBroker.SETTINGS, "test-pub-alarm-window",
                     PublisherSettings.defaults().withWindow(2).withBlockedPolicy(policy, Duration.ofSeconds(1)))) {
            channel.queueDeclare(queue, true, false, false, null);
            List<CompletableFuture<Void>> unread = new ArrayList<>();
            CompletableFuture<CompletableFuture<Void>> third;
            try {
                Broker.raiseMemoryAlarm();
                unread.add(publisher.publish("", queue, PERSISTENT, new byte[10]));
                unread.add(publisher.publish("", queue, PERSISTENT, new byte[10]));
                third = CompletableFuture.supplyAsync(() -> {
                    try {
                        return publisher.publish("", queue, PERSISTENT, new byte[10]);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                CompletableFuture<Void> refused = third.get(10, TimeUnit.SECONDS);
                assertThatThrownBy(() -> refused.get(1, TimeUnit.SECONDS)).cause()
                        .isInstanceOf(BrokerBlockedException.class).hasMessageContaining("memory")
                        .hasMessageContaining(policy == PublisherSettings.BlockedPolicy.WAIT
                                ? "still blocked after 1 s" : "memory");
            } finally {
                Broker.clearMemoryAlarm();
            }
            int stored = 0;
            for (CompletableFuture<Void> future : unread) {
                try {
                    future.get(20, TimeUnit.SECONDS);
                    stored++;
                } catch (ExecutionException e) {
                    // connection.blocked came before this publish: refused by the policy, never sent
                    assertThat(e.getCause()).isInstanceOf(BrokerBlockedException.class);
                }
            }
            assertThat(publisher.awaitConfirms(10, TimeUnit.SECONDS)).isTrue();
            assertThat(TestBroker.messagesReady(channel, queue)).isEqualTo(stored);
        }
    }

    /**
     * amqp-client takes the confirm sequence number before it encodes a publish: a message it then refuses used to
     * sit unsent forever while every later confirm settled the message before the one confirmed.
     */
    @Test
    void aMessageTheClientCannotEncodeFailsAtTheCallAndLaterConfirmsStillMatchTheirMessages() throws Exception {
        String queue = Broker.queue("pub-unencodable");
        try (Connection admin = TestBroker.connect("test-admin"); Channel channel = admin.createChannel();
             ReliablePublisher publisher = ReliablePublisher.open(TestBroker.SETTINGS, "test-pub-unencodable",
                     PublisherSettings.defaults().withWindow(8))) {
            channel.queueDeclare(queue, true, false, false, null);
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                futures.add(publisher.publish("", queue, PERSISTENT, ("m" + i).getBytes()));
            }
            AMQP.BasicProperties uuidHeader = PERSISTENT.builder()
                    .headers(java.util.Map.of("trace", java.util.UUID.randomUUID())).build();
            assertThatThrownBy(() -> publisher.publish("", queue, uuidHeader, new byte[1]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be encoded");
            assertThatThrownBy(() -> publisher.publish("", "q".repeat(256), PERSISTENT, new byte[1]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("routing key is 256 bytes");
            assertThatThrownBy(() -> publisher.publish(null, queue, PERSISTENT, new byte[1]))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("exchange");
            for (int i = 50; i < 100; i++) {
                futures.add(publisher.publish("", queue, PERSISTENT, ("m" + i).getBytes()));
            }
            assertThat(publisher.awaitConfirms(30, TimeUnit.SECONDS)).isTrue();
            assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
            assertThat(bodies(channel, queue)).isEqualTo(expectedBodies(100));
        }
    }

    /**
     * A publish amqp-client refuses on a channel that stays open, beyond what is checked beforehand: the publisher
     * gives the channel up (its confirms would be numbered one behind), publishing goes on on a new one, and what was
     * in flight is confirmed or published again, never lost.
     */
    @Test
    void aPublishRefusedWhileEncodingFailsAloneAndPublishingGoesOnOnANewChannel() throws Exception {
        String queue = Broker.queue("pub-encode-fails");
        try (Connection admin = TestBroker.connect("test-admin"); Channel channel = admin.createChannel();
             ReliablePublisher publisher = ReliablePublisher.open(TestBroker.SETTINGS, "test-pub-encode-fails",
                     PublisherSettings.defaults().withWindow(8))) {
            channel.queueDeclare(queue, true, false, false, null);
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                futures.add(publisher.publish("", queue, PERSISTENT, ("m" + i).getBytes()));
            }
            CompletableFuture<Void> refused = publisher.publish("", queue, new FailsToEncode(), new byte[1]);
            for (int i = 50; i < 100; i++) {
                futures.add(publisher.publish("", queue, PERSISTENT, ("m" + i).getBytes()));
            }
            assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(PublishException.class).hasMessageContaining("refused while encoding");
            assertThat(publisher.awaitConfirms(30, TimeUnit.SECONDS)).isTrue();
            assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
            List<String> bodies = bodies(channel, queue);
            assertThat(new java.util.TreeSet<>(bodies)).isEqualTo(new java.util.TreeSet<>(expectedBodies(100)));
            assertThat(bodies.size() - 100L).as("duplicates: only what was published again")
                    .isLessThanOrEqualTo(publisher.republished());
        }
    }

    @Test
    void anInterruptedPublishThrowsAndLeavesNoSlotTaken() throws Exception {
        try (ReliablePublisher publisher = ReliablePublisher.open(TestBroker.SETTINGS, "test-pub-interrupted",
                PublisherSettings.defaults().withWindow(1))) {
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> publisher.publish("amq.direct", "x", null, new byte[1]))
                    .isInstanceOf(InterruptedException.class);
            assertThat(Thread.interrupted()).isFalse();
            assertThat(publisher.unconfirmed()).isZero();
            assertThatThrownBy(() -> publisher.publish("amq.direct", "x", null, new byte[1]).get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOf(UnroutableException.class); // the one slot is free: the broker answers
            assertThat(publisher.awaitConfirms(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /**
     * The broker stops reading a publishing connection during an alarm, close-ok included: close() used to wait for
     * a publish stuck writing to that socket, and then for a close-ok that could not come, until the alarm cleared.
     */
    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void closeReturnsInTimeWhileAPublishIsStuckWritingToABlockedBroker() throws Exception {
        String queue = Broker.queue("pub-close-stuck");
        ReliablePublisher publisher = ReliablePublisher.open(TestBroker.SETTINGS, "test-pub-close-stuck",
                PublisherSettings.defaults());
        try (Connection admin = TestBroker.connect("test-admin"); Channel channel = admin.createChannel()) {
            channel.queueDeclare(queue, false, false, false, null);
            CompletableFuture<CompletableFuture<Void>> big = new CompletableFuture<>();
            Thread writer = new Thread(() -> {
                try {
                    // the first publish since the alarm: the broker reads its first frames, then stops reading
                    big.complete(publisher.publish("", queue, null, new byte[64 * 1024 * 1024]));
                } catch (Exception e) {
                    big.completeExceptionally(e);
                }
            });
            try {
                Broker.raiseMemoryAlarm();
                writer.start();
                await("the big publish stuck writing, holding the lock").during(Duration.ofSeconds(2))
                        .atMost(Duration.ofSeconds(5)).until(writer::isAlive);
                long started = System.nanoTime();
                publisher.close(1, TimeUnit.SECONDS);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            } finally {
                Broker.clearMemoryAlarm();
            }
            // once the write ends, the message is settled one way or the other: nothing waits for ever
            CompletableFuture<Void> settled = big.get(30, TimeUnit.SECONDS);
            try {
                settled.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(PublishException.class);
            }
        }
    }

    @Test
    void awaitConfirmsFromAFuturesCallbackDoesNotWaitForThatCallback() throws Exception {
        String queue = Broker.queue("pub-await-callback");
        try (Connection admin = TestBroker.connect("test-admin"); Channel channel = admin.createChannel();
             ReliablePublisher publisher = ReliablePublisher.open(TestBroker.SETTINGS, "test-pub-await-callback",
                     PublisherSettings.defaults())) {
            channel.queueDeclare(queue, false, false, false, null);
            CompletableFuture<Long> waitedMillis = new CompletableFuture<>();
            publisher.publish("", queue, null, new byte[1]).whenComplete((ok, failure) -> {
                long started = System.nanoTime();
                try {
                    assertThat(publisher.awaitConfirms(5, TimeUnit.SECONDS)).isTrue();
                    waitedMillis.complete(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                } catch (InterruptedException | AssertionError e) {
                    waitedMillis.completeExceptionally(e);
                }
            });
            assertThat(waitedMillis.get(10, TimeUnit.SECONDS)).isLessThan(1_000);
        }
    }

    /** One message published to two destinations under one message-id: each future gets its own outcome. */
    @Test
    void messagesSharingAMessageIdEachGetTheirOwnReturnAndConfirm() throws Exception {
        String queue = Broker.queue("pub-same-id-two-ways");
        try (Connection admin = TestBroker.connect("test-admin"); Channel channel = admin.createChannel();
             ReliablePublisher publisher = ReliablePublisher.open(TestBroker.SETTINGS, "test-pub-same-id-two-ways",
                     PublisherSettings.defaults())) {
            channel.queueDeclare(queue, false, false, false, null);
            // headers that come back from the wire as other types (LongString, a new byte[], a List)
            AMQP.BasicProperties sameId = new AMQP.BasicProperties.Builder().messageId("order-42")
                    .headers(java.util.Map.of("blob", new byte[] {1, 2}, "tags", new Object[] {"a", 1},
                            "tenant", "eu"))
                    .build();
            CompletableFuture<Void> unroutable = publisher.publish("amq.direct", "nobody-binds-this", sameId,
                    new byte[1]);
            CompletableFuture<Void> routed = publisher.publish("", queue, sameId, new byte[1]);
            routed.get(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> unroutable.get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(UnroutableException.class);
            // the other way round: the first is confirmed before the second comes back
            CompletableFuture<Void> routedFirst = publisher.publish("", queue, sameId, new byte[1]);
            CompletableFuture<Void> unroutableSecond = publisher.publish("amq.direct", "nobody-binds-this", sameId,
                    new byte[1]);
            routedFirst.get(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> unroutableSecond.get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(UnroutableException.class);
            assertThat(publisher.awaitConfirms(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /**
     * Publishers sharing a connection share its reader thread: a callback of one's future publishing to another
     * whose window is full used to wait there for a confirm only that thread could read, and the connection hung.
     */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aCallbackOfOnePublisherPublishingToAnotherOnTheSameConnectionNeverHangsIt() throws Exception {
        String queue = Broker.queue("pub-shared-reader");
        try (Connection connection = new Connections(TestBroker.SETTINGS.withRecovery()).open("test-pub-shared");
             Channel channel = connection.createChannel()) {
            channel.queueDeclare(queue, false, false, false, null);
            ReliablePublisher first = ReliablePublisher.on(connection, PublisherSettings.defaults());
            ReliablePublisher second = ReliablePublisher.on(connection, PublisherSettings.defaults().withWindow(1));
            CompletableFuture<Object> fromCallback = new CompletableFuture<>();
            first.publish("", queue, null, new byte[1]).whenComplete((ok, failure) -> {
                try {
                    // second's one slot holds a message whose confirm is queued behind this callback
                    fromCallback.complete(second.publish("", queue, null, new byte[1]));
                } catch (Exception | Error e) {
                    fromCallback.complete(e);
                }
            });
            second.publish("", queue, null, new byte[1]);
            Object outcome = fromCallback.get(10, TimeUnit.SECONDS);
            if (outcome instanceof Throwable thrown) {
                assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessageContaining("whenCompleteAsync");
            }
            assertThat(second.awaitConfirms(10, TimeUnit.SECONDS)).isTrue();
            first.close();
            second.close();
        }
    }

    @Test
    void closeOnAnInterruptedThreadStillClosesAndKeepsTheInterrupt() throws Exception {
        String name = Broker.unique("test-pub-close-interrupted");
        ReliablePublisher publisher = ReliablePublisher.open(TestBroker.SETTINGS, name, PublisherSettings.defaults());
        publisher.publish("amq.fanout", "", null, new byte[1]);
        Broker.managementName(name); // listed while open
        Thread.currentThread().interrupt();
        publisher.close();
        assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> !Broker.API.get(
                "/api/connections?columns=user_provided_name").orElseThrow().toString().contains(name));
    }

    /** Properties the publisher's checks let through and amqp-client then fails to encode, as none foresaw. */
    private static final class FailsToEncode extends AMQP.BasicProperties {
        FailsToEncode() {
            super(null, null, java.util.Map.of("k", "v"), 2, null, null, null, null, "bad-one", null, null, null,
                    null, null);
        }

        @Override
        public void writePropertiesTo(com.rabbitmq.client.impl.ContentHeaderPropertyWriter writer) {
            throw new IllegalStateException("refused while encoding");
        }
    }

    private static List<String> bodies(Channel channel, String queue) throws java.io.IOException {
        List<String> bodies = new ArrayList<>();
        for (com.rabbitmq.client.GetResponse got; (got = channel.basicGet(queue, true)) != null; ) {
            bodies.add(new String(got.getBody()));
        }
        return bodies;
    }

    private static List<String> expectedBodies(int count) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            bodies.add("m" + i);
        }
        return bodies;
    }
}
