package dev.rabbittune.monitor;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Feeds each signal's {@link AnomalyDetector}: canary latency per node (one sample per canary interval), and from
 * each broker read the publish and deliver rates and the growth of the backlog and of the unacknowledged count.
 * Each signal is exported as {@code rabbittune_anomaly{signal=...}} (1 while unusual); each change is one log line
 * with its evidence.
 */
final class Signals {

    private final MeterRegistry registry;
    private final Logger log;
    private final Map<String, AnomalyDetector> detectors = new ConcurrentHashMap<>();
    /**
     * The management API's own refresh interval by default (collect_statistics_interval 5000 ms: deps/rabbit/Makefile
     * and priv/schema/rabbit.schema at v3.10.8): rates are taken over at least this.
     */
    static final long WINDOW_MILLIS = 5_000;

    private final java.util.LinkedList<BrokerFigures> recent = new java.util.LinkedList<>();

    private final AnomalyDetector.Settings latencySettings;
    private final AnomalyDetector.Settings rateSettings;
    private final AnomalyDetector.Settings growthSettings;

    /**
     * @param canaryInterval one latency sample per canary this often
     * @param readInterval   one broker sample per read (each a rate over the last {@link #WINDOW_MILLIS} or more)
     * @param warmup         how long each signal is watched before anything is said
     */
    Signals(MeterRegistry registry, Logger log, java.time.Duration canaryInterval, java.time.Duration readInterval,
            java.time.Duration warmup) {
        this.registry = registry;
        this.log = log;
        // the detectors' spans are of time (two minutes of baseline, ...), their sample counts follow the intervals
        this.latencySettings = AnomalyDetector.Settings.every(canaryInterval.isZero() ? java.time.Duration.ofSeconds(1)
                : canaryInterval, warmup, 2, 0.5).risesOnly();
        this.rateSettings = AnomalyDetector.Settings.every(readInterval, warmup, 50, 0.5);
        this.growthSettings = AnomalyDetector.Settings.every(readInterval, warmup, 20, 0.5).risesOnly();
    }

    /**
     * Canary latency in ms, one sample per delivery (NaN, when nothing arrived, is skipped): 2 ms or half the
     * baseline, whichever is more, is the smallest rise said; a fall is no anomaly.
     */
    void canary(String node, double latencyMillis) {
        observe("canary_latency:" + node, latencySettings, latencyMillis);
    }

    /**
     * Rates and growths per second over the last {@link #WINDOW_MILLIS} or more: the management API refreshes its
     * figures every 5 s (collect_statistics_interval), so the difference of two reads a second apart is mostly 0
     * and then a jump; over 5 s it is the rate.
     */
    synchronized void broker(BrokerFigures figures) {
        if (!recent.isEmpty() && (figures.published() < recent.getLast().published()
                || figures.delivered() < recent.getLast().delivered())) {
            recent.clear(); // a node restarted and its counts began again: no rate across that
        }
        recent.addLast(figures);
        while (recent.size() > 2 && figures.readAtMillis() - recent.get(1).readAtMillis() >= WINDOW_MILLIS) {
            recent.removeFirst();
        }
        BrokerFigures before = recent.getFirst();
        if (figures.readAtMillis() - before.readAtMillis() < WINDOW_MILLIS) {
            return;
        }
        double seconds = (figures.readAtMillis() - before.readAtMillis()) / 1000.0;
        observe("publish_rate", rateSettings, (figures.published() - before.published()) / seconds);
        observe("deliver_rate", rateSettings, (figures.delivered() - before.delivered()) / seconds);
        observe("backlog_growth", growthSettings, (figures.messages() - before.messages()) / seconds);
        observe("unacked_growth", growthSettings, (figures.unacked() - before.unacked()) / seconds);
    }

    /** A read failed: the next rate starts from the next good read, not across the outage. */
    synchronized void gap() {
        recent.clear();
    }

    private void observe(String signal, AnomalyDetector.Settings settings, double value) {
        AnomalyDetector detector = detectors.computeIfAbsent(signal, name -> {
            AnomalyDetector created = new AnomalyDetector(name, settings);
            Gauge.builder("rabbittune.anomaly", created, d -> d.unusual() ? 1 : 0).tag("signal", name)
                    .description("1 while the signal is unusual against its own recent past").register(registry);
            return created;
        });
        synchronized (detector) {
            detector.observe(value).ifPresent(verdict -> log.warn(verdict.logLine()));
        }
    }
}
