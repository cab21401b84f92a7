package dev.rabbittune.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rabbittune.core.BrokerRefusedException;
import dev.rabbittune.core.ManagementApi;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The broker's queues with their type and leader, without statistics ({@code disable_stats=true}), for the
 * plugin source: names are what the plugin's figures are matched to. Listing 10,000 queues takes the management
 * plugin 0.3-0.5 s (benchmarks/monitor-scale), so after the first listing it is refreshed on its own thread, every
 * {@link #REFRESH_MILLIS} and when the set of running nodes changes, and a read never waits for it.
 */
final class QueueListing implements AutoCloseable {

    /** {@code node} for classic queues, {@code leader} for quorum ones, even without statistics (measured on 3.10.8). */
    static final String PATH = "/api/queues?disable_stats=true&columns=name,vhost,type,node,leader";
    /** Types and leaders change seldom: a new queue gets its own series within this. */
    static final long REFRESH_MILLIS = 60_000;

    private final ManagementApi api;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "rabbittune-queue-listing");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Map<PluginQueueReader.Key, PluginQueueReader.Listed> queues;
    private volatile long readAtMillis;
    private volatile Set<String> listedWithRunning = Set.of();
    private volatile RuntimeException lastFailure;

    QueueListing(ManagementApi api) {
        this.api = api;
    }

    /**
     * The latest listing; the first call lists synchronously, later ones start a refresh in the background when
     * one is due ({@code running}: the running nodes now).
     *
     * @throws dev.rabbittune.core.RabbitTuneException when the first listing fails
     */
    Map<PluginQueueReader.Key, PluginQueueReader.Listed> current(Set<String> running) {
        if (queues == null) {
            refresh(running);
            return queues;
        }
        boolean due = System.currentTimeMillis() - readAtMillis >= REFRESH_MILLIS || !running.equals(listedWithRunning);
        if (due && refreshing.compareAndSet(false, true)) {
            thread.execute(() -> {
                try {
                    refresh(running);
                    lastFailure = null;
                } catch (RuntimeException e) {
                    lastFailure = e; // the previous listing stays; the next read tries again
                    readAtMillis = System.currentTimeMillis() - REFRESH_MILLIS + 5_000;
                } finally {
                    refreshing.set(false);
                }
            });
        }
        return queues;
    }

    /** Why the last background refresh failed, or null. */
    RuntimeException lastFailure() {
        return lastFailure;
    }

    private void refresh(Set<String> running) {
        Map<PluginQueueReader.Key, PluginQueueReader.Listed> listed = new HashMap<>();
        JsonNode all = api.get(PATH).orElseThrow(() -> new BrokerRefusedException("management API has no " + PATH,
                "", null));
        for (JsonNode q : all) {
            listed.put(new PluginQueueReader.Key(q.path("vhost").asText(), q.path("name").asText()),
                    new PluginQueueReader.Listed(q.path("type").asText("classic"),
                            q.path("leader").asText(q.path("node").asText(""))));
        }
        queues = Map.copyOf(listed);
        readAtMillis = System.currentTimeMillis();
        listedWithRunning = Set.copyOf(running);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
