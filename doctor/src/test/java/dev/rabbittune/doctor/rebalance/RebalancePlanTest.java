package dev.rabbittune.doctor.rebalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rabbittune.doctor.rebalance.RebalancePlan.QueueKind;
import dev.rabbittune.doctor.snapshot.QueueFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Planning a leader rebalance: what moves where, and what cannot move. */
class RebalancePlanTest {

    private static final List<String> NODES = List.of("rabbit@a", "rabbit@b", "rabbit@c");

    private static QueueFacts quorum(String name, String leader, List<String> members, List<String> online) {
        return new QueueFacts("/", name, "quorum", leader, true, false, false, "running", Map.of(), null, Map.of(),
                0, 0, 0, 0, null, 0, members, online, List.of());
    }

    private static QueueFacts quorum(String name, String leader) {
        return quorum(name, leader, NODES, NODES);
    }

    private static QueueFacts classic(String name, String node, List<String> mirrors) {
        return new QueueFacts("/", name, "classic", node, true, false, false, "running", Map.of(), null, Map.of(),
                0, 0, 0, 0, null, 0, List.of(), List.of(), mirrors);
    }

    @Test
    void nineLeadersOnOneNodeEndThreePerNode() {
        List<QueueFacts> queues = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            queues.add(quorum("q" + i, "rabbit@a"));
        }

        RebalancePlan plan = RebalancePlan.of(queues, NODES, QueueKind.QUORUM);

        assertThat(plan.before()).containsExactly(Map.entry("rabbit@a", 9), Map.entry("rabbit@b", 0),
                Map.entry("rabbit@c", 0));
        assertThat(plan.after()).containsOnly(Map.entry("rabbit@a", 3), Map.entry("rabbit@b", 3),
                Map.entry("rabbit@c", 3));
        assertThat(plan.moves()).hasSize(6).allSatisfy(m -> assertThat(m.from()).isEqualTo("rabbit@a"));
        assertThat(plan.balanced()).isFalse();
    }

    @Test
    void aBalancedClusterPlansNoMove() {
        RebalancePlan plan = RebalancePlan.of(List.of(quorum("q1", "rabbit@a"), quorum("q2", "rabbit@b"),
                quorum("q3", "rabbit@c"), quorum("q4", "rabbit@a")), NODES, QueueKind.ALL);

        assertThat(plan.balanced()).isTrue();
        assertThat(plan.after()).isEqualTo(plan.before());
    }

    @Test
    void leadershipMovesOnlyToAnOnlineMemberOfTheQueue() {
        // members a and b only, b offline: the queue cannot move although c leads nothing
        List<QueueFacts> queues = List.of(
                quorum("stuck1", "rabbit@a", List.of("rabbit@a", "rabbit@b"), List.of("rabbit@a")),
                quorum("stuck2", "rabbit@a", List.of("rabbit@a", "rabbit@b"), List.of("rabbit@a")),
                quorum("free", "rabbit@a", List.of("rabbit@a", "rabbit@c"), List.of("rabbit@a", "rabbit@c")));

        RebalancePlan plan = RebalancePlan.of(queues, NODES, QueueKind.QUORUM);

        assertThat(plan.moves()).containsExactly(new RebalancePlan.Move("free", "rabbit@a", "rabbit@c"));
        assertThat(plan.notMovable()).isEqualTo(2);
    }

    @Test
    void singleReplicaQueuesAndStreamsAreNotMovedAndNodesThatAreDownGetNothing() {
        List<QueueFacts> queues = List.of(quorum("q1", "rabbit@a"), quorum("q2", "rabbit@a"),
                quorum("single", "rabbit@a", List.of("rabbit@a"), List.of("rabbit@a")),
                classic("plain", "rabbit@a", List.of()),
                new QueueFacts("/", "s", "stream", "rabbit@a", true, false, false, "running", Map.of(), null,
                        Map.of(), 0, 0, 0, 0, null, 0, NODES, NODES, List.of()));

        RebalancePlan plan = RebalancePlan.of(queues, List.of("rabbit@a", "rabbit@b"), QueueKind.ALL);

        assertThat(plan.before()).containsOnlyKeys("rabbit@a", "rabbit@b").containsEntry("rabbit@a", 2);
        assertThat(plan.after()).containsEntry("rabbit@a", 1).containsEntry("rabbit@b", 1);
        assertThat(plan.notMovable()).isEqualTo(1);   // the stream
    }

    @Test
    void mirroredClassicQueuesMoveToAMirrorAndTypeFiltersApply() {
        List<QueueFacts> queues = List.of(classic("m1", "rabbit@a", List.of("rabbit@b")),
                classic("m2", "rabbit@a", List.of("rabbit@b")), quorum("q1", "rabbit@a"), quorum("q2", "rabbit@a"));

        assertThat(RebalancePlan.of(queues, NODES, QueueKind.CLASSIC).moves())
                .containsExactly(new RebalancePlan.Move("m1", "rabbit@a", "rabbit@b"));
        assertThat(RebalancePlan.of(queues, NODES, QueueKind.QUORUM).moves()).hasSize(1)
                .allSatisfy(m -> assertThat(m.queue()).startsWith("q"));
        assertThat(RebalancePlan.of(queues, NODES, QueueKind.ALL).after().values()).allSatisfy(n ->
                assertThat(n).isLessThanOrEqualTo(2));
    }

    @Test
    void noRunningNodeIsAnError() {
        assertThatThrownBy(() -> RebalancePlan.of(List.of(), List.of(), QueueKind.ALL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no running node");
    }

    private static QueueFacts stream(String name, String leader) {
        return new QueueFacts("/", name, "stream", leader, true, false, false, "running", Map.of(), null, Map.of(),
                0, 0, 0, 0, null, 0, NODES, NODES, List.of());
    }

    @Test
    void streamsMoveFrom312AndStayBefore() {
        List<QueueFacts> queues = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            queues.add(stream("s" + i, "rabbit@a"));
        }
        assertThat(RebalancePlan.of(queues, NODES, QueueKind.ALL, "3.13.7").moves()).hasSize(4);
        RebalancePlan before = RebalancePlan.of(queues, NODES, QueueKind.ALL, "3.11.28");
        assertThat(before.moves()).isEmpty();
        assertThat(before.notMovable()).isEqualTo(6);
    }

    @Test
    void theKindsAreThoseTheBrokersCliTakes() {
        assertThat(QueueKind.CLASSIC.refusal("4.0.9")).contains("mirroring was removed in 4.0");
        assertThat(QueueKind.CLASSIC.refusal("3.13.7")).isNull();
        assertThat(QueueKind.STREAM.refusal("3.11.28")).contains("from 3.12");
        assertThat(QueueKind.STREAM.refusal("4.3.5")).isNull();
        assertThat(QueueKind.QUORUM.refusal("4.3.5")).isNull();
        assertThat(QueueKind.ALL.refusal(null)).isNull();
    }
}
