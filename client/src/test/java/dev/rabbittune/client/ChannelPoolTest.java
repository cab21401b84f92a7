package dev.rabbittune.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import dev.rabbittune.testing.Broker;
import dev.rabbittune.testing.NeedsBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The channel pool against the real broker. */
@NeedsBroker
class ChannelPoolTest {

    private static ChannelPool pool(int connections, int channels, Duration borrowTimeout) {
        return ChannelPool.open(TestBroker.SETTINGS,
                new ChannelPool.PoolSettings(connections, channels, borrowTimeout, Duration.ofMinutes(5)),
                Broker.unique("test-pool"));
    }

    @Test
    void aReturnedChannelIsLentAgainInsteadOfOpeningANewOne() throws Exception {
        try (ChannelPool pool = pool(1, 4, Duration.ofSeconds(1))) {
            Channel first;
            try (ChannelPool.Lease lease = pool.borrow()) {
                first = lease.channel();
            }
            try (ChannelPool.Lease lease = pool.borrow()) {
                assertThat(lease.channel()).isSameAs(first);
                assertThat(pool.stats().inUse()).isEqualTo(1);
            }
            assertThat(pool.stats().created()).isEqualTo(1);
            assertThat(pool.stats().borrowed()).isEqualTo(2);
            assertThat(pool.isHealthy()).isTrue();
        }
    }

    /** A broker whose channel_max is below the pool's setting: the pool used to lend a null channel past it. */
    @Test
    void thePoolLendsNoMoreChannelsThanTheBrokersChannelMaxAllows() throws Exception {
        Broker.rabbitmqctl("eval", "application:set_env(rabbit, channel_max, 3).");
        try (ChannelPool pool = pool(1, 10, Duration.ofMillis(300))) {
            List<ChannelPool.Lease> leases = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                leases.add(pool.borrow());
            }
            assertThat(leases).allMatch(lease -> lease.channel() != null && lease.channel().isOpen());
            assertThatThrownBy(pool::borrow).isInstanceOf(TimeoutException.class).hasMessageContaining("3 in use");
            leases.remove(0).close();
            try (ChannelPool.Lease again = pool.borrow()) {
                assertThat(again.channel().isOpen()).isTrue();
                assertThat(pool.stats().inUse()).isEqualTo(3);
            }
            leases.forEach(ChannelPool.Lease::close);
            assertThat(pool.stats().created()).isEqualTo(3);
        } finally {
            Broker.rabbitmqctl("eval", "application:set_env(rabbit, channel_max, 2047).");
        }
    }

    @Test
    void statsAreBoundToMicrometer() throws Exception {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        try (ChannelPool pool = pool(1, 4, Duration.ofSeconds(1))) {
            ChannelPoolMetrics.bind(pool, "orders", registry);
            try (ChannelPool.Lease lease = pool.borrow()) {
                assertThat(registry.get("rabbittune.pool.channels.in.use").tag("pool", "orders").gauge().value())
                        .isEqualTo(1);
            }
            assertThat(registry.get("rabbittune.pool.borrows").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("rabbittune.pool.channels.idle").gauge().value()).isEqualTo(1);
        }
    }

    @Test
    void whenEveryChannelIsInUseBorrowWaitsThenTimesOut() throws Exception {
        try (ChannelPool pool = pool(1, 2, Duration.ofMillis(200))) {
            ChannelPool.Lease a = pool.borrow();
            ChannelPool.Lease b = pool.borrow();
            long start = System.nanoTime();
            assertThatThrownBy(pool::borrow).isInstanceOf(TimeoutException.class).hasMessageContaining("2 in use");
            assertThat((System.nanoTime() - start) / 1e6).isGreaterThanOrEqualTo(190);
            a.close();
            try (ChannelPool.Lease c = pool.borrow()) {
                assertThat(c.channel()).isSameAs(a.channel());
            }
            b.close();
            assertThat(pool.stats().waits()).isEqualTo(1);
        }
    }

    @Test
    void aChannelClosedByAnErrorIsDiscardedAndReplaced() throws Exception {
        try (ChannelPool pool = pool(1, 1, Duration.ofSeconds(1))) {
            try (ChannelPool.Lease lease = pool.borrow()) {
                assertThatThrownBy(() -> lease.channel().queueDeclarePassive(Broker.unique("missing")))
                        .hasStackTraceContaining("NOT_FOUND");
            }
            try (ChannelPool.Lease lease = pool.borrow()) {
                assertThat(lease.channel().isOpen()).isTrue();
            }
            assertThat(pool.stats().discarded()).isEqualTo(1);
            assertThat(pool.stats().created()).isEqualTo(2);
        }
    }

    @Test
    void aConnectionClosedByTheBrokerIsReplacedAndItsChannelsAreNotLentAgain() throws Exception {
        String name = Broker.unique("test-pool-cut");
        try (ChannelPool pool = ChannelPool.open(TestBroker.SETTINGS,
                new ChannelPool.PoolSettings(1, 4, Duration.ofSeconds(5), Duration.ofMinutes(5)), name)) {
            Channel before;
            try (ChannelPool.Lease lease = pool.borrow()) {
                before = lease.channel();
            }
            Broker.closeFromBroker(Broker.managementName(name + "-0"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !pool.isHealthy());
            try (ChannelPool.Lease lease = pool.borrow()) {
                assertThat(lease.channel()).isNotSameAs(before);
                assertThat(lease.channel().isOpen()).isTrue();
                lease.channel().basicPublish("", "no-such-queue-needed", null, new byte[1]);
            }
            assertThat(pool.isHealthy()).isTrue();
            assertThat(pool.stats().created()).isEqualTo(2);
        }
    }

    @Test
    void aChannelIsNeverLentToTwoThreadsAtOnce() throws Exception {
        try (ChannelPool pool = pool(2, 3, Duration.ofSeconds(10))) {
            Set<Channel> lent = ConcurrentHashMap.newKeySet();
            AtomicInteger overlaps = new AtomicInteger();
            ExecutorService threads = Executors.newFixedThreadPool(8);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        try (ChannelPool.Lease lease = pool.borrow()) {
                            if (!lent.add(lease.channel())) {
                                overlaps.incrementAndGet();
                            }
                            lease.channel().basicPublish("", "no-such-queue", null, new byte[1]);
                            lent.remove(lease.channel());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            threads.shutdown();
            assertThat(overlaps.get()).isZero();
            assertThat(pool.stats().created()).isLessThanOrEqualTo(6);
            assertThat(pool.stats().borrowed()).isEqualTo(1600);
        }
    }
}
