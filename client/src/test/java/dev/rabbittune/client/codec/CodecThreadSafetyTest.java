package dev.rabbittune.client.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CodecThreadSafetyTest {

    private static final int THREADS = 16;
    private static final int ROUND_TRIPS_PER_THREAD = 300;

    @Test
    void sharedCodecsRoundTripCorrectlyFromManyThreadsAtOnce() throws Exception {
        List<Codec> codecs = CodecRoundTripTest.CODECS.stream().map(Codecs::named).toList();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Callable<Integer>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int seed = t;
                workers.add(() -> roundTrips(codecs, seed));
            }
            for (Future<Integer> done : pool.invokeAll(workers)) {
                assertThat(done.get()).isEqualTo(ROUND_TRIPS_PER_THREAD);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static int roundTrips(List<Codec> codecs, int seed) {
        int matching = 0;
        for (int i = 0; i < ROUND_TRIPS_PER_THREAD; i++) {
            Codec codec = codecs.get((seed + i) % codecs.size());
            // Sizes differ per call so that pooled contexts see varying inputs.
            byte[] body = TestPayloads.json(100 + (seed * 7919 + i * 104_729) % 20_000, seed * 1000L + i);
            if (java.util.Arrays.equals(codec.decode(codec.encode(body)), body)) {
                matching++;
            }
        }
        return matching;
    }
}
