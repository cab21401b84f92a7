package dev.rabbittune.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which node's figures a queue gets when more than one node reports it (no broker: the choice alone). */
class PluginQueueReaderTest {

    private static final PluginQueueReader.Key ORDERS = new PluginQueueReader.Key("/", "orders");

    @Test
    void theLeadersFiguresWinOverTheOldLeadersLastOnes() {
        long[] current = {5, 5, 0, 1};
        long[] stale = {900, 900, 0, 1}; // written by the node that led it before a failover
        Map<String, Map<PluginQueueReader.Key, long[]>> byNode = Map.of("rabbit@a", Map.of(ORDERS, stale),
                "rabbit@b", Map.of(ORDERS, current));

        assertThat(PluginQueueReader.figuresOf(ORDERS, "rabbit@b", byNode)).isSameAs(current);
    }

    @Test
    void withoutTheLeadersReportTheLargestBacklogIsKeptAndAnUnreportedQueueHasNone() {
        long[] small = {1, 1, 0, 0};
        long[] large = {7, 7, 0, 0};
        Map<String, Map<PluginQueueReader.Key, long[]>> byNode = Map.of("rabbit@a", Map.of(ORDERS, small),
                "rabbit@b", Map.of(ORDERS, large));

        assertThat(PluginQueueReader.figuresOf(ORDERS, "rabbit@c", byNode)).isSameAs(large);
        assertThat(PluginQueueReader.figuresOf(new PluginQueueReader.Key("/", "other"), "rabbit@a", byNode)).isNull();
    }
}
