package dev.rabbittune.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rabbittune.client.ConnectionSettings;
import dev.rabbittune.client.Dispatch;
import org.junit.jupiter.api.Test;

/** Which I/O and dispatch each side of a run gets, without a broker. */
class ConnectionPlanTest {

    private static final ConnectionSettings BLOCKING = ConnectionSettings.localhost();

    @Test
    void benchConsumersRunOnTheReaderThreadUnlessTheirCallbackCanBlock() {
        assertThat(ConnectionPlan.consumerDispatch(TestRuns.workload("consumers: 4\n"), BLOCKING))
                .isEqualTo(Dispatch.onIoThread());
        // a consumer rate limit sleeps in the callback; RPC servers publish replies; NIO has one thread for all
        assertThat(ConnectionPlan.consumerDispatch(TestRuns.workload("consumers: 4\nconsumer-rate: 10\n"),
                BLOCKING).kind()).isEqualTo(Dispatch.Kind.SHARED_POOL);
        assertThat(ConnectionPlan.consumerDispatch(TestRuns.workload("rpc: true\n"), BLOCKING).kind())
                .isEqualTo(Dispatch.Kind.SHARED_POOL);
        ConnectionSettings nio = new ConnectionSettings(BLOCKING.uris(), 60, true, false);
        assertThat(ConnectionPlan.consumerDispatch(TestRuns.workload("consumers: 4\n"), nio).kind())
                .isEqualTo(Dispatch.Kind.SHARED_POOL);
    }

    @Test
    void autoCoalescesTheWritesOfFlatOutProducersAndKeepsEveryoneElseOnTheBlockingHandler() {
        Workload flatOut = TestRuns.workload("producers: 2\nconfirm: 64\n");
        Workload paced = TestRuns.workload("producers: 2\nrate: 10\nconfirm: 64\n");
        // without confirms nothing makes the publisher flush before the broker stops reading (an alarm): NIO
        Workload unconfirmed = TestRuns.workload("producers: 2\n");
        assertThat(ConnectionPlan.coalescesWrites(unconfirmed, IoMode.AUTO)).isFalse();
        assertThat(ConnectionPlan.producers(unconfirmed, BLOCKING, IoMode.AUTO).nio()).isTrue();
        Workload transactions = TestRuns.workload("producers: 2\nproducer-tx-size: 10\n");
        assertThat(ConnectionPlan.coalescesWrites(flatOut, IoMode.AUTO)).isTrue();
        assertThat(ConnectionPlan.producers(flatOut, BLOCKING, IoMode.AUTO).nio()).isFalse();
        // a commit waits for its reply: held writes would never go out
        assertThat(ConnectionPlan.coalescesWrites(transactions, IoMode.AUTO)).isFalse();
        assertThat(ConnectionPlan.producers(transactions, BLOCKING, IoMode.AUTO).nio()).isTrue();
        assertThat(ConnectionPlan.coalescesWrites(paced, IoMode.AUTO)).isFalse();
        assertThat(ConnectionPlan.coalescesWrites(flatOut, IoMode.NIO)).isFalse();
        assertThat(ConnectionPlan.producers(flatOut, BLOCKING, IoMode.NIO).nio()).isTrue();
        assertThat(ConnectionPlan.producers(paced, BLOCKING, IoMode.AUTO).nio()).isFalse();
        assertThat(ConnectionPlan.consumers(flatOut, BLOCKING, IoMode.AUTO).nio()).isFalse();
        assertThat(ConnectionPlan.producers(flatOut, BLOCKING, IoMode.BLOCKING).nio()).isFalse();
        assertThat(ConnectionPlan.consumers(paced, BLOCKING, IoMode.NIO).nio()).isTrue();
    }
}
