package dev.rabbittune.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The routing key of each of a producer's messages: always the same, or with PerfTest's {@code --random-routing-key}
 * a random UUID per message, drawn from {@code cacheSize} pregenerated ones when {@code --routing-key-cache-size}
 * is set (generating a UUID per message costs client CPU). Used by one thread at a time.
 */
final class RoutingKeys {

    private final String fixed;
    private final List<String> cache;

    private RoutingKeys(String fixed, List<String> cache) {
        this.fixed = fixed;
        this.cache = cache;
    }

    static RoutingKeys fixed(String key) {
        return new RoutingKeys(key, null);
    }

    static RoutingKeys random(int cacheSize) {
        List<String> cache = new ArrayList<>(cacheSize);
        for (int i = 0; i < cacheSize; i++) {
            cache.add(UUID.randomUUID().toString());
        }
        return new RoutingKeys(null, cache);
    }

    String next(SplittableRandom random) {
        if (fixed != null) {
            return fixed;
        }
        if (!cache.isEmpty()) {
            return cache.get(random.nextInt(cache.size()));
        }
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }
}
