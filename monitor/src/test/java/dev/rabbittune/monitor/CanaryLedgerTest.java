package dev.rabbittune.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The canary's accounting of each message: in time, timed out, late, lost (times in ms, as nanos). */
class CanaryLedgerTest {

    private static final long MS = 1_000_000;
    /** timeout 500 ms, TTL 5 s: lost after 5.5 s */
    private final CanaryLedger ledger = new CanaryLedger(500 * MS, 5_000 * MS);
    private final AtomicInteger late = new AtomicInteger();

    @Test
    void aMessageInTimeHasItsLatencyAndIsNeverCountedAgain() {
        ledger.sent(1, 0);
        ledger.confirmed(1);

        assertThat(ledger.delivered(1, 7 * MS, late::incrementAndGet)).hasValue(7 * MS);
        assertThat(ledger.delivered(1, 8 * MS, late::incrementAndGet)).as("a duplicate").isEmpty();
        assertThat(ledger.expire(10_000 * MS)).isEqualTo(new CanaryLedger.Expired(0, 0));
        assertThat(late).hasValue(0);
    }

    @Test
    void aMessagePastTheTimeoutIsOneTimeoutAndLateWhenItArrivesBeforeItsTtl() {
        ledger.sent(1, 0);
        ledger.confirmed(1);

        assertThat(ledger.expire(499 * MS)).isEqualTo(new CanaryLedger.Expired(0, 0));
        assertThat(ledger.expire(501 * MS)).isEqualTo(new CanaryLedger.Expired(1, 0));
        assertThat(ledger.expire(600 * MS)).as("once").isEqualTo(new CanaryLedger.Expired(0, 0));
        assertThat(ledger.delivered(1, 2_000 * MS, late::incrementAndGet)).isEmpty();
        assertThat(late).hasValue(1);
        assertThat(ledger.expire(10_000 * MS)).as("late is not lost").isEqualTo(new CanaryLedger.Expired(0, 0));
    }

    @Test
    void aConfirmedMessageNotDeliveredWithinItsTtlAndGraceIsLost() {
        ledger.sent(1, 0);
        ledger.sent(2, 0);
        ledger.confirmed(1);
        ledger.expire(600 * MS);
        // a confirm that comes after the timeout still makes the broker responsible
        ledger.confirmed(2);

        assertThat(ledger.expire(5_499 * MS)).as("within the grace").isEqualTo(new CanaryLedger.Expired(0, 0));
        assertThat(ledger.expire(5_501 * MS)).isEqualTo(new CanaryLedger.Expired(0, 2));
        assertThat(ledger.delivered(1, 6_000 * MS, late::incrementAndGet)).isEmpty();
        assertThat(late).as("too late to count").hasValue(0);
    }

    @Test
    void aMessageNeverConfirmedIsATimeoutButNotALoss() {
        ledger.sent(1, 0);

        assertThat(ledger.expire(600 * MS)).isEqualTo(new CanaryLedger.Expired(1, 0));
        assertThat(ledger.expire(6_000 * MS)).isEqualTo(new CanaryLedger.Expired(0, 0));
    }

    @Test
    void messagesInFlightWhenThisSideDroppedTheConnectionAreNotCountedLost() {
        ledger.sent(1, 0);
        ledger.confirmed(1);
        ledger.connectionDropped();
        ledger.sent(2, 100 * MS);
        ledger.confirmed(2);

        assertThat(ledger.expire(600 * MS)).isEqualTo(new CanaryLedger.Expired(1, 0));
        assertThat(ledger.expire(10_000 * MS)).as("only the one sent after").isEqualTo(new CanaryLedger.Expired(1, 1));
    }
}
