package dev.rabbittune.doctor.internal.versions;

import java.util.List;
import java.util.Set;

/**
 * The {@code x-} queue arguments each queue type reads, per RabbitMQ release. Built from three places in
 * {@code rabbitmq-server} at v3.10.25, v3.12.14, v3.13.7, v4.0.9, v4.2.9 and v4.3.5: the arguments
 * {@code rabbit_amqqueue:declare_args/0} validates, each type's {@code capabilities()} {@code queue_arguments}
 * ({@code rabbit_classic_queue.erl}, {@code rabbit_quorum_queue.erl}, {@code rabbit_stream_queue.erl}), and the
 * arguments read elsewhere ({@code x-consumer-timeout} by {@code rabbit_queue_type_util:args_policy_lookup} since
 * 3.12, {@code x-quorum-target-group-size} by {@code rabbit_quorum_queue_periodic_membership_reconciliation} since
 * 3.13). The broker refuses, at declaration, an argument another type knows but this type does not
 * ({@code rabbit_amqqueue.erl@v4.3.5:903-913}); an argument no type knows is accepted and ignored.
 */
public final class QueueArguments {

    private static final Set<String> C = Set.of("classic");
    private static final Set<String> Q = Set.of("quorum");
    private static final Set<String> S = Set.of("stream");
    private static final Set<String> CQ = Set.of("classic", "quorum");
    private static final Set<String> QS = Set.of("quorum", "stream");
    private static final Set<String> CQS = Set.of("classic", "quorum", "stream");

    /** An argument read by {@code types} from {@code since} up to, not including, {@code until} (null: still). */
    private record Row(String argument, Set<String> types, Release since, Release until) {
    }

    /** The base rows hold from before 3.10 on (the oldest tag read); null: no lower bound. */
    private static final Release ALWAYS = null;
    /** Classic queue versions and at-least-once dead-lettering came with 3.10.0 (absent at v3.9.29). */
    private static final Release V3_10 = new Release(3, 10, 0);

    private static final List<Row> ROWS = List.of(
            row("x-expires", CQ), row("x-message-ttl", CQ), row("x-dead-letter-exchange", CQ),
            row("x-dead-letter-routing-key", CQ), new Row("x-dead-letter-strategy", Q, V3_10, null),
            row("x-max-length", CQ),
            row("x-max-length-bytes", CQS), row("x-overflow", CQ), row("x-single-active-consumer", CQ),
            row("x-queue-type", CQS), row("x-max-priority", C), row("x-queue-mode", C),
            new Row("x-queue-version", C, V3_10, null),
            row("x-queue-master-locator", C), row("x-quorum-initial-group-size", Q), row("x-delivery-limit", Q),
            // quorum queues accept and ignore these since 3.10 (VersionFact.QUORUM_IGNORES_IN_MEMORY_LIMITS)
            row("x-max-in-memory-length", Q), row("x-max-in-memory-bytes", Q),
            row("x-queue-leader-locator", QS), new Row("x-queue-leader-locator", C, new Release(4, 0, 0), null),
            row("x-max-age", S), row("x-stream-max-segment-size-bytes", S), row("x-initial-cluster-size", S),
            new Row("x-stream-filter-size-bytes", S, new Release(3, 13, 0), null),
            new Row("x-quorum-target-group-size", Q, new Release(3, 13, 0), null),
            new Row("x-consumer-timeout", CQS, new Release(3, 12, 0), new Release(4, 3, 0)),
            new Row("x-consumer-timeout", Q, new Release(4, 3, 0), null),
            new Row("x-consumer-disconnected-timeout", Q, new Release(4, 3, 0), null),
            new Row("x-delayed-retry-type", Q, new Release(4, 3, 0), null),
            new Row("x-delayed-retry-min", Q, new Release(4, 3, 0), null),
            new Row("x-delayed-retry-max", Q, new Release(4, 3, 0), null));

    private QueueArguments() {
    }

    private static Row row(String argument, Set<String> types) {
        return new Row(argument, types, ALWAYS, null);
    }

    private static boolean applies(Row row, Release release) {
        // unknown release: take every row, so nothing is called unknown for want of a version
        return release == null || (row.since == null || release.compareTo(row.since) >= 0)
                && (row.until == null || release.compareTo(row.until) < 0);
    }

    /** True when some queue type of {@code release} reads {@code argument}. */
    public static boolean knownToAnyType(String argument, Release release) {
        return ROWS.stream().anyMatch(r -> r.argument.equals(argument) && applies(r, release));
    }

    /** True when a queue of {@code type} on {@code release} reads {@code argument}. */
    public static boolean knownTo(String type, String argument, Release release) {
        return ROWS.stream().anyMatch(r -> r.argument.equals(argument) && r.types.contains(type) && applies(r, release));
    }
}
