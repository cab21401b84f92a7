package dev.rabbittune.bench.tune;

import dev.rabbittune.bench.Engine;
import dev.rabbittune.bench.IoMode;
import dev.rabbittune.bench.Result;
import dev.rabbittune.bench.RunListener;
import dev.rabbittune.bench.Workload;
import dev.rabbittune.bench.WorkloadSpec;
import dev.rabbittune.client.ConnectionSettings;
import dev.rabbittune.core.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a point on the real broker with the bench engine: the base workload, the point's settings on top, then the
 * run's duration and warm-up. The run's own warm-up is left out of its figures, so each repetition is measured
 * after its connections and JIT have settled.
 */
public final class EngineRunner implements Sweep.PointRunner {

    private final List<WorkloadSpec> base;
    private final ConnectionSettings connection;
    private final IoMode io;
    private final int durationSeconds;
    private final int warmupSeconds;
    private volatile Engine current;
    private volatile boolean stopping;

    public EngineRunner(List<WorkloadSpec> base, ConnectionSettings connection, IoMode io, int durationSeconds,
            int warmupSeconds) {
        this.base = List.copyOf(base);
        this.connection = connection;
        this.io = io;
        this.durationSeconds = durationSeconds;
        this.warmupSeconds = warmupSeconds;
    }

    /** The workload a point runs (also validates the plan before the first run: a bad combination is bad input). */
    public Workload workload(Map<String, Object> settings) {
        Map<String, Object> layer = new LinkedHashMap<>();
        settings.forEach((axis, value) -> {
            if (!axis.equals(Axis.RATE)) {
                layer.put(Axis.KNOBS.get(axis), value);
            }
        });
        layer.put("duration", durationSeconds);
        layer.put("warmup", warmupSeconds);
        layer.put("messages", 0L); // runs are bounded by time, so repetitions are comparable
        List<WorkloadSpec> layers = new ArrayList<>(base);
        layers.add(Json.mapper().convertValue(layer, WorkloadSpec.class));
        Object rate = settings.get(Axis.RATE);
        if (rate != null) {
            // a rate curve's step: the total rate shared by the point's producers, on a fixed schedule so a stall
            // shows as latency from the intended send time, not as a slower publisher
            int producers = Math.max(1, Workload.resolve(layers).producers());
            double total = ((Number) rate).doubleValue();
            Map<String, Object> paced = new LinkedHashMap<>();
            paced.put("rate", total / producers);
            paced.put("fixed-rate", total > 0);
            layers.add(Json.mapper().convertValue(paced, WorkloadSpec.class));
        }
        return Workload.resolve(layers);
    }

    @Override
    public Measurement run(Map<String, Object> settings) throws InterruptedException {
        Engine engine = new Engine(workload(settings), connection, io, RunListener.NONE, false);
        current = engine;
        Result result;
        try {
            // set current first: a Ctrl-C between the check and the run still reaches this engine
            if (stopping) {
                throw new InterruptedException("stopped");
            }
            result = engine.run();
        } catch (dev.rabbittune.core.RabbitTuneException e) {
            // the broker unreachable or refusing the topology: the sweep keeps what ran and reports this
            throw new Sweep.RunFailedException(e.getMessage(), e.hint(), e.kind());
        } finally {
            current = null;
        }
        if (result.failure() != null) {
            throw new Sweep.RunFailedException(result.failure().message(), result.failure().hint(),
                    result.failure().kind());
        }
        if (result.interrupted() || stopping) {
            throw new InterruptedException("stopped"); // a run cut short measures nothing comparable
        }
        // what the pipeline sustained: with consumers, the delivered rate (a queue absorbs a publisher faster than
        // its consumers only until the backlog is a problem), the published rate otherwise
        double throughput = result.workload().consumers() > 0 ? result.rates().received() : result.rates().sent();
        return new Measurement(throughput, result.latency().p99Ms(), result.drained(), result.warnings(),
                result.rates().target(), result.rates().sent());
    }

    /** Ctrl-C: the run in progress ends early (and is not counted), no other starts. */
    public void requestStop() {
        stopping = true;
        Engine engine = current;
        if (engine != null) {
            engine.requestStop();
        }
    }
}
