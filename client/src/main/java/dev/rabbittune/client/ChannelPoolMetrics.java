package dev.rabbittune.client;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.TimeUnit;

/**
 * Publishes a {@link ChannelPool}'s {@link ChannelPool.Stats} as Micrometer meters ({@code rabbittune.pool.*},
 * tagged with the pool's name). Micrometer is an optional dependency: only callers of this class need it.
 */
public final class ChannelPoolMetrics {

    private ChannelPoolMetrics() {
    }

    public static void bind(ChannelPool pool, String name, MeterRegistry registry) {
        Tags tags = Tags.of("pool", name);
        FunctionCounter.builder("rabbittune.pool.channels.created", pool, p -> p.stats().created())
                .tags(tags).description("channels opened by the pool").register(registry);
        FunctionCounter.builder("rabbittune.pool.borrows", pool, p -> p.stats().borrowed())
                .tags(tags).description("channels lent").register(registry);
        FunctionCounter.builder("rabbittune.pool.waits", pool, p -> p.stats().waits())
                .tags(tags).description("borrows that had to wait for a free channel").register(registry);
        FunctionCounter.builder("rabbittune.pool.wait.seconds", pool,
                        p -> p.stats().waitTime().toNanos() / (double) TimeUnit.SECONDS.toNanos(1))
                .tags(tags).description("time spent waiting for a free channel").register(registry);
        FunctionCounter.builder("rabbittune.pool.channels.discarded", pool, p -> p.stats().discarded())
                .tags(tags).description("channels closed by errors and replaced").register(registry);
        Gauge.builder("rabbittune.pool.channels.in.use", pool, p -> p.stats().inUse())
                .tags(tags).description("channels lent right now").register(registry);
        Gauge.builder("rabbittune.pool.channels.idle", pool, p -> p.stats().idle())
                .tags(tags).description("open channels waiting in the pool").register(registry);
    }
}
