package dev.rabbittune.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Lower bounds of the age of messages that never arrived, from the per-second send counts. */
class ShortfallTest {

    private static Sample sentIn(double endSeconds, long sent) {
        return new Sample(endSeconds, "run", sent, 0, 0, 0, 0, sent, 0, 0, Percentiles.NONE, Percentiles.NONE, 0, 0,
                "", "");
    }

    @Test
    void theUndeliveredAreTheLastSentEachAsOldAsTheEndOfItsSecond() {
        LatencyStats latency = new LatencyStats();
        new Shortfall(150, 0, 0, 0).recordUndeliveredAges(latency,
                List.of(sentIn(1, 100), sentIn(2, 100), sentIn(3, 100)), 10);
        latency.takeInterval(false);
        Percentiles p = latency.measured();
        assertThat(p.count()).isEqualTo(150);
        // 100 from the last second (7 s old at the end), 50 from the one before (8 s)
        assertThat(p.minMs()).isBetween(6990.0, 7010.0);
        assertThat(p.maxMs()).isBetween(7990.0, 8010.0);
    }

    @Test
    void nothingUndeliveredRecordsNothing() {
        LatencyStats latency = new LatencyStats();
        Shortfall.NONE.recordUndeliveredAges(latency, List.of(sentIn(1, 100)), 5);
        latency.takeInterval(false);
        assertThat(latency.measured().count()).isZero();
    }

    @Test
    void duplicatesAndMissingMessagesAreToldApartByIdentity() {
        Deliveries deliveries = new Deliveries(2);
        assertThat(deliveries.arrived(0, 0)).isTrue();
        assertThat(deliveries.arrived(0, 1)).isTrue();
        assertThat(deliveries.arrived(0, 1)).isFalse();
        assertThat(deliveries.arrived(1, 5)).isTrue();
        assertThat(deliveries.unique()).isEqualTo(3);
        assertThat(deliveries.duplicates()).isEqualTo(1);
        assertThat(deliveries.missing(0, 4)).isEqualTo(2); // 2 and 3 never arrived
        java.util.BitSet unconfirmed = new java.util.BitSet();
        unconfirmed.set(3);
        assertThat(deliveries.missingAmong(0, unconfirmed)).isEqualTo(1);
    }

    @Test
    void theMachinesBusyShareComesFromProcStat() {
        MachineCpu.Reading before = MachineCpu.parse("cpu  100 0 100 700 100 0 0 0 0 0");
        MachineCpu.Reading after = MachineCpu.parse("cpu  400 0 200 800 100 0 0 0 0 0");
        assertThat(after.percentSince(before)).isEqualTo(80.0); // 400 busy of 500
        assertThat(after.percentSince(new MachineCpu.Reading(0, 0))).isEqualTo(-1);
    }

    @Test
    void bodiesCarryTheirIdentity() {
        byte[] body = new byte[Workload.ID_BYTES];
        MessageStamp.writeId(body, 7, 5_000_000_000L);
        assertThat(MessageStamp.producer(body)).isEqualTo(7);
        assertThat(MessageStamp.seq(body)).isEqualTo(5_000_000_000L);
        assertThat(MessageStamp.producer(new byte[Workload.ID_BYTES - 1])).isEqualTo(-1);
        long id = Producer.id(7, 42);
        assertThat(Producer.producerOf(id)).isEqualTo(7);
        assertThat(Producer.seqOf(id)).isEqualTo(42);
    }
}
