package dev.rabbittune.doctor.rebalance;

import dev.rabbittune.doctor.internal.versions.Release;
import dev.rabbittune.doctor.internal.versions.VersionFact;
import dev.rabbittune.doctor.snapshot.QueueFacts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Queue leaders per node now and after a rebalance, with the moves in between. Computed the way
 * {@code rabbitmq-queues rebalance} works (rabbit_amqqueue:rebalance): only replicated queues move (quorum queues;
 * mirrored classic queues), only to one of their own online members on a running node, until no node leads more
 * than {@code ceil(queues / running nodes)}. The broker takes the final decisions, so this is the expected result,
 * not a promise. Immutable.
 *
 * @param kind       which queues were considered
 * @param before     leaders of replicated queues per running node now (nodes with none included); queues with
 *                   a single replica cannot move and are not counted
 * @param after      leaders per running node after the moves
 * @param moves      leadership transfers, busiest node first
 * @param notMovable replicated queues of the kind that cannot move (leader or other replicas down; streams)
 */
public record RebalancePlan(QueueKind kind, Map<String, Integer> before, Map<String, Integer> after, List<Move> moves,
        int notMovable) {

    public RebalancePlan {
        before = java.util.Collections.unmodifiableMap(new TreeMap<>(before));
        after = java.util.Collections.unmodifiableMap(new TreeMap<>(after));
        moves = List.copyOf(moves);
    }

    /** One leadership transfer: the queue ({@link QueueFacts#subject()}) moves its leader from one node to another. */
    public record Move(String queue, String from, String to) {
    }

    /** What {@code rabbitmq-queues rebalance} is asked to move. */
    public enum QueueKind {
        ALL, QUORUM, CLASSIC, STREAM;

        /** The argument of {@code rabbitmq-queues rebalance}. */
        public String cliName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /**
         * Why {@code rabbitmq-queues rebalance} of {@code version} does not take this kind, or null when it does
         * (or the version is unknown). Its types, per rabbitmq_cli's rebalance_command.ex: all|classic|quorum up to
         * 3.11, all|classic|quorum|stream in 3.12 and 3.13, all|quorum|stream from 4.0 (mirroring removed).
         */
        public String refusal(String version) {
            if (takenIn(version)) {
                return null;
            }
            return this == CLASSIC
                    ? "RabbitMQ " + version + " has no replicated classic queues (mirroring was removed in 4.0): "
                            + "rebalance " + String.join(", ", takenBy(version))
                    : "rabbitmq-queues rebalance takes stream from 3.12 on; RabbitMQ " + version + " rebalances "
                            + String.join(", ", takenBy(version));
        }

        private boolean takenIn(String version) {
            Release release = Release.parse(version);
            return release == null || !(this == CLASSIC && VersionFact.CLASSIC_MIRRORING_REMOVED.holdsFor(release)
                    || this == STREAM && !VersionFact.REBALANCE_STREAMS.holdsFor(release));
        }

        /** The CLI names {@code rabbitmq-queues rebalance} of {@code version} takes (all four when unknown). */
        public static List<String> takenBy(String version) {
            return java.util.Arrays.stream(values()).filter(k -> k.takenIn(version)).map(QueueKind::cliName).toList();
        }

        boolean includes(QueueFacts q) {
            return switch (this) {
                case ALL -> true;
                case QUORUM -> q.isQuorum();
                case CLASSIC -> "classic".equals(q.type());
                case STREAM -> q.isStream();
            };
        }
    }

    /** True when the plan moves nothing. */
    public boolean balanced() {
        return moves.isEmpty();
    }

    /**
     * Plans a rebalance of {@code queues} over {@code runningNodes}.
     *
     * @throws IllegalArgumentException when no node runs
     */
    public static RebalancePlan of(List<QueueFacts> queues, List<String> runningNodes, QueueKind kind) {
        return of(queues, runningNodes, kind, null);
    }

    /**
     * Plans a rebalance by the CLI of {@code version}: streams move from 3.12 on (null: unknown, they stay).
     *
     * @throws IllegalArgumentException when no node runs
     */
    public static RebalancePlan of(List<QueueFacts> queues, List<String> runningNodes, QueueKind kind,
            String version) {
        Release release = Release.parse(version);
        boolean streamsMove = VersionFact.REBALANCE_STREAMS.holdsFor(release);
        if (runningNodes.isEmpty()) {
            throw new IllegalArgumentException("no running node to place queue leaders on");
        }
        Set<String> running = new LinkedHashSet<>(runningNodes);
        Map<String, Integer> counts = new TreeMap<>();
        running.forEach(n -> counts.put(n, 0));
        Map<QueueFacts, String> leaders = new HashMap<>();
        int notMovable = 0;
        for (QueueFacts q : queues) {
            if (q.isStream() && !streamsMove) {
                // before 3.12 rabbitmq-queues rebalance moves quorum and classic queue leaders only
                notMovable += kind == QueueKind.ALL ? 1 : 0;
                continue;
            }
            if (!kind.includes(q) || !replicated(q)) {
                continue;
            }
            if (!running.contains(q.node())) {
                notMovable++;
                continue;
            }
            counts.merge(q.node(), 1, Integer::sum);
            if (candidates(q, running).isEmpty()) {
                notMovable++;   // its other replicas are down: it stays where it is
            } else {
                leaders.put(q, q.node());
            }
        }
        Map<String, Integer> before = new TreeMap<>(counts);
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        int maxPerNode = (total + running.size() - 1) / running.size();
        List<Move> moves = new ArrayList<>();
        List<QueueFacts> ordered = leaders.keySet().stream()
                .sorted(Comparator.comparing(QueueFacts::vhost).thenComparing(QueueFacts::name)).toList();
        for (String node : busiestFirst(counts)) {
            for (QueueFacts q : ordered) {
                if (counts.get(node) <= maxPerNode) {
                    break;
                }
                if (!node.equals(leaders.get(q))) {
                    continue;
                }
                String target = candidates(q, running).stream().filter(c -> counts.get(c) < maxPerNode)
                        .min(Comparator.comparing((String c) -> counts.get(c)).thenComparing(c -> c)).orElse(null);
                if (target != null) {
                    leaders.put(q, target);
                    counts.merge(node, -1, Integer::sum);
                    counts.merge(target, 1, Integer::sum);
                    moves.add(new Move(q.subject(), node, target));
                }
            }
        }
        return new RebalancePlan(kind, before, counts, moves, notMovable);
    }

    private static List<String> busiestFirst(Map<String, Integer> counts) {
        return counts.keySet().stream().sorted(Comparator.comparing((String n) -> -counts.get(n))
                .thenComparing(n -> n)).toList();
    }

    private static boolean replicated(QueueFacts q) {
        return q.members().size() > 1 || !q.mirrorNodes().isEmpty();
    }

    /** The other running nodes holding an online replica of {@code q}, where its leadership can go. */
    private static List<String> candidates(QueueFacts q, Set<String> running) {
        List<String> replicas = q.isQuorum() || q.isStream() ? q.members() : q.mirrorNodes();
        return replicas.stream().filter(Objects::nonNull).filter(running::contains)
                .filter(m -> !m.equals(q.node()))
                .filter(m -> !q.isQuorum() || q.online().isEmpty() || q.online().contains(m)).toList();
    }
}
