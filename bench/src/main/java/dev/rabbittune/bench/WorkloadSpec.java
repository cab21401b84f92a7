package dev.rabbittune.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * A workload as written by a user: every field optional ({@code null} = not said). Workload files (YAML), presets and
 * command-line options each give one {@code WorkloadSpec}; {@link Workload#resolve} layers them and applies defaults.
 * Keys are the long option names of {@code rabbittune bench} in kebab case ({@code multi-ack-every: 50}).
 */
@JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkloadSpec(
        String label,
        Integer producers,
        Integer consumers,
        String queue,
        Integer queues,
        String queuePattern,
        Integer queuePatternFrom,
        Integer queuePatternTo,
        String queueType,
        Map<String, Object> queueArgs,
        Boolean exclusive,
        Boolean autoDelete,
        String exchange,
        String exchangeType,
        String routingKey,
        String bindingKey,
        Integer size,
        String sizeMix,
        Double rate,
        Boolean fixedRate,
        Integer duration,
        Long messages,
        Integer confirm,
        Integer producerTxSize,
        Boolean persistent,
        Boolean mandatory,
        Integer prefetch,
        Integer multiAckEvery,
        Boolean autoAck,
        Boolean polling,
        Double consumerRate,
        Boolean rpc,
        Integer channelsPerConnection,
        Integer pacingThreads,
        Integer drainTimeout,
        Integer warmup,
        Boolean stopOnFailure,
        // PerfTest's options (PerfTest --help; docs/bench.md "PerfTest compatibility"), keys = their long names
        Integer consumerLatency,
        List<String> variableLatency,
        List<String> variableRate,
        List<String> variableSize,
        Double publishingInterval,
        Integer producerRandomStartDelay,
        Boolean useMillis,
        String body,
        String bodyContentType,
        Boolean jsonBody,
        Integer bodyCount,
        Integer bodyFieldCount,
        Map<String, Object> messageProperties,
        Boolean randomRoutingKey,
        Integer routingKeyCacheSize,
        Boolean skipBindingQueues,
        Long cmessages,
        Integer ctxsize,
        Map<String, Object> consumerArgs,
        String exitWhen,
        Integer interval,
        Integer shutdownTimeout,
        Integer producerChannelCount,
        Integer consumerChannelCount,
        Integer globalQos,
        Integer pollingInterval,
        Boolean slowStart,
        Integer consumerStartDelay,
        Boolean nack,
        Boolean requeue) {

    /** A spec of rabbittune's own keys only (none of PerfTest's). */
    public WorkloadSpec(String label, Integer producers, Integer consumers, String queue, Integer queues,
                        String queuePattern, Integer queuePatternFrom, Integer queuePatternTo, String queueType,
                        Map<String, Object> queueArgs, Boolean exclusive, Boolean autoDelete, String exchange,
                        String exchangeType, String routingKey, String bindingKey, Integer size, String sizeMix,
                        Double rate, Boolean fixedRate, Integer duration, Long messages, Integer confirm,
                        Integer producerTxSize, Boolean persistent, Boolean mandatory, Integer prefetch,
                        Integer multiAckEvery, Boolean autoAck, Boolean polling, Double consumerRate, Boolean rpc,
                        Integer channelsPerConnection, Integer pacingThreads, Integer drainTimeout,
                        Integer warmup, Boolean stopOnFailure) {
        this(label, producers, consumers, queue, queues, queuePattern, queuePatternFrom, queuePatternTo, queueType,
                queueArgs, exclusive, autoDelete, exchange, exchangeType, routingKey, bindingKey, size, sizeMix, rate,
                fixedRate, duration, messages, confirm, producerTxSize, persistent, mandatory, prefetch,
                multiAckEvery, autoAck, polling, consumerRate, rpc, channelsPerConnection, pacingThreads,
                drainTimeout, warmup, stopOnFailure, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** A spec that says nothing. */
    public static WorkloadSpec empty() {
        return new WorkloadSpec(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }
}
