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
    private BrokerFigures previous;

    Signals(MeterRegistry registry, Logger log) {
        this.registry = registry;
        this.log = log;
    }

    /** Canary latency in ms: 2 ms or half the baseline, whichever is more, is the smallest change said. */
    void canary(String node, double latencyMillis) {
        observe("canary_latency:" + node, AnomalyDetector.Settings.perSecond(2, 0.5), latencyMillis);
    }

    /** Rates and growths per second from two consecutive reads. */
    synchronized void broker(BrokerFigures figures) {
        BrokerFigures before = previous;
        previous = figures;
        if (before == null || figures.readAtMillis() <= before.readAtMillis()) {
            return;
        }
        double seconds = (figures.readAtMillis() - before.readAtMillis()) / 1000.0;
        // reads come every few seconds: two minutes of baseline are a couple of dozen samples
        AnomalyDetector.Settings rates = new AnomalyDetector.Settings(24, 3, 12, 5, 50, 0.5, 120);
        AnomalyDetector.Settings growth = new AnomalyDetector.Settings(24, 3, 12, 5, 20, 0.5, 120);
        observe("publish_rate", rates, (figures.published() - before.published()) / seconds);
        observe("deliver_rate", rates, (figures.delivered() - before.delivered()) / seconds);
        observe("backlog_growth", growth, (figures.messages() - before.messages()) / seconds);
        observe("unacked_growth", growth, (figures.unacked() - before.unacked()) / seconds);
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
