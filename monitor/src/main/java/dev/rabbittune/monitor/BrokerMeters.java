package dev.rabbittune.monitor;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * The broker's figures as meters. Cluster-wide ones read the last good figures at each scrape; per-node and
 * per-queue ones are {@link MultiGauge}s whose rows are replaced after each read, so a deleted queue's series
 * goes away instead of staying at its last value.
 */
final class BrokerMeters {

    private final AtomicReference<BrokerFigures> last;
    /**
     * The broker's counts are sums over its nodes, and a node that restarts begins its own at 0 again: the exported
     * counters add only the increases, so Prometheus never mistakes such a drop for a reset of the whole count.
     */
    private final double[] totals = new double[3];
    private BrokerFigures counted;
    private final List<NodeGauge> nodeGauges;
    private final List<QueueGauge> queueGauges;

    private record NodeGauge(MultiGauge gauge, ToDoubleFunction<NodeFigures> value) {
    }

    private record QueueGauge(MultiGauge gauge, ToDoubleFunction<QueueFigures> value) {
    }

    BrokerMeters(MeterRegistry registry, AtomicReference<BrokerFigures> last) {
        this.last = last;
        counter(registry, "rabbittune.messages.published", "messages published (the broker's own count)", 0);
        counter(registry, "rabbittune.messages.delivered", "messages delivered or fetched", 1);
        counter(registry, "rabbittune.messages.unroutable", "messages returned or dropped as unroutable", 2);
        gauge(registry, "rabbittune.messages", "messages in all queues", BrokerFigures::messages);
        gauge(registry, "rabbittune.messages.unacked", "delivered, not yet acknowledged", BrokerFigures::unacked);
        gauge(registry, "rabbittune.connections", "open connections", BrokerFigures::connections);
        gauge(registry, "rabbittune.queues", "queues on the broker", BrokerFigures::queuesTotal);
        gauge(registry, "rabbittune.queue.series.omitted", "queues without their own series (beyond max-queue-series "
                + "or filtered out)", f -> f.queuesTotal() - f.queues().size());
        nodeGauges = List.of(
                node(registry, "rabbittune.node.running", null, n -> n.running() ? 1 : 0),
                node(registry, "rabbittune.node.memory.used", "bytes", NodeFigures::memUsedBytes),
                node(registry, "rabbittune.node.memory.limit", "bytes", NodeFigures::memLimitBytes),
                node(registry, "rabbittune.node.memory.alarm", null, n -> n.memAlarm() ? 1 : 0),
                node(registry, "rabbittune.node.disk.free", "bytes", NodeFigures::diskFreeBytes),
                node(registry, "rabbittune.node.disk.free.limit", "bytes", NodeFigures::diskFreeLimitBytes),
                node(registry, "rabbittune.node.disk.alarm", null, n -> n.diskAlarm() ? 1 : 0),
                node(registry, "rabbittune.node.fd.used", null, NodeFigures::fdUsed),
                node(registry, "rabbittune.node.fd.limit", null, NodeFigures::fdTotal));
        queueGauges = List.of(
                queue(registry, "rabbittune.queue.messages", QueueFigures::messages),
                queue(registry, "rabbittune.queue.messages.ready", QueueFigures::ready),
                queue(registry, "rabbittune.queue.messages.unacked", QueueFigures::unacked),
                queue(registry, "rabbittune.queue.consumers", QueueFigures::consumers));
    }

    /** Adds the counts' increases and replaces the per-node and per-queue rows with those of {@code figures}. */
    synchronized void update(BrokerFigures figures) {
        if (counted != null) {
            totals[0] += Math.max(0, figures.published() - counted.published());
            totals[1] += Math.max(0, figures.delivered() - counted.delivered());
            totals[2] += Math.max(0, figures.unroutable() - counted.unroutable());
        }
        counted = figures;
        for (NodeGauge g : nodeGauges) {
            g.gauge().register(figures.nodes().stream().filter(n -> n.running() || g.value()
                    .applyAsDouble(n) >= 0).map(n -> MultiGauge.Row.of(Tags.of("node", n.name()),
                    g.value().applyAsDouble(n))).toList(), true);
        }
        for (QueueGauge g : queueGauges) {
            g.gauge().register(figures.queues().stream().map(q -> MultiGauge.Row.of(Tags.of("vhost", q.vhost(),
                    "queue", q.name(), "type", q.type()), g.value().applyAsDouble(q))).toList(), true);
        }
    }

    private void counter(MeterRegistry registry, String name, String description, int index) {
        FunctionCounter.builder(name, this, meters -> meters.total(index)).description(description
                + ", increases since the exporter started").register(registry);
    }

    private synchronized double total(int index) {
        return totals[index];
    }

    private void gauge(MeterRegistry registry, String name, String description,
            ToDoubleFunction<BrokerFigures> value) {
        Gauge.builder(name, last, ref -> ref.get() == null ? Double.NaN : value.applyAsDouble(ref.get()))
                .description(description).register(registry);
    }

    private static NodeGauge node(MeterRegistry registry, String name, String unit,
            ToDoubleFunction<NodeFigures> value) {
        return new NodeGauge(MultiGauge.builder(name).baseUnit(unit).register(registry), value);
    }

    private static QueueGauge queue(MeterRegistry registry, String name, ToDoubleFunction<QueueFigures> value) {
        return new QueueGauge(MultiGauge.builder(name).register(registry), value);
    }
}
