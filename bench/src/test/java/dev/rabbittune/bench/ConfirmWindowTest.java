package dev.rabbittune.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import dev.rabbittune.testing.ConfirmScenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConfirmWindowTest {

    private static final class Recorded implements PublishEvents {
        final List<Long> confirmed = new ArrayList<>();
        final List<Long> nacked = new ArrayList<>();

        @Override
        public void confirmed(long latencyNanos) {
            confirmed.add(latencyNanos);
        }

        @Override
        public void nacked(long latencyNanos, long id) {
            nacked.add(latencyNanos);
        }
    }

    /** The scenarios the library's ConfirmTracker replays too: both settle the same messages for the same confirms. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.rabbittune.testing.ConfirmScenarios#all")
    void settlesWhatTheSharedConfirmScenarioSays(ConfirmScenarios.Scenario scenario) throws Exception {
        ConfirmWindow window = new ConfirmWindow(scenario.window());
        // lists, not sets: a message settled twice would show twice
        List<Long> acked = new ArrayList<>();
        List<Long> nacked = new ArrayList<>();
        List<Long> unconfirmed = new ArrayList<>();
        PublishEvents events = new PublishEvents() {
            // the stamp is the sequence number, so a latency of 1000 - stamp names the message
            @Override
            public void confirmed(long latencyNanos) {
                acked.add(1000 - latencyNanos);
            }

            @Override
            public void nacked(long latencyNanos, long id) {
                nacked.add(id);
            }

            @Override
            public void unconfirmed(long id) {
                unconfirmed.add(id);
            }
        };
        long seq = 0;
        for (ConfirmScenarios.Step step : scenario.steps()) {
            if (step instanceof ConfirmScenarios.Publish publish) {
                for (int i = 0; i < publish.count(); i++) {
                    seq++;
                    assertThat(window.outstanding()).as("a free slot for %d", seq).isLessThan(scenario.window());
                    window.acquire(seq, seq, seq, () -> { });
                }
            } else if (step instanceof ConfirmScenarios.Confirm confirm) {
                window.settle(confirm.seqNo(), confirm.multiple(), confirm.ack(), 1000, events);
            }
        }
        assertThat(acked).as("acked").doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(scenario.acked());
        assertThat(nacked).as("nacked").doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(scenario.nacked());
        assertThat(window.outstanding()).isEqualTo(scenario.outstanding().size());
        window.abandonAll(events, new java.io.IOException("channel gone"));
        assertThat(unconfirmed).as("left when the channel went").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(scenario.outstanding());
    }

    @Test
    void aMultipleConfirmSettlesEverythingUpToItsSequenceNumberWithEachStamp() throws Exception {
        ConfirmWindow window = new ConfirmWindow(8);
        Recorded events = new Recorded();
        for (long seq = 1; seq <= 5; seq++) {
            window.acquire(seq, seq * 100);
        }
        window.settle(3, true, true, 1000, events);
        assertThat(events.confirmed).containsExactly(900L, 800L, 700L);
        assertThat(window.outstanding()).isEqualTo(2);
        window.settle(5, false, false, 1000, events);
        window.settle(4, false, true, 1000, events);
        assertThat(events.nacked).containsExactly(500L);
        assertThat(events.confirmed).hasSize(4);
        assertThat(window.awaitEmpty(10)).isTrue();
    }

    @Test
    void aMultipleConfirmAfterOutOfOrderSinglesCountsEachPublishOnce() throws Exception {
        ConfirmWindow window = new ConfirmWindow(4);
        Recorded events = new Recorded();
        for (long seq = 1; seq <= 4; seq++) {
            window.acquire(seq, 0);
        }
        window.settle(2, false, true, 1, events);
        window.settle(4, false, true, 1, events);
        window.settle(4, true, true, 1, events);
        assertThat(events.confirmed).hasSize(4);
        assertThat(window.outstanding()).isZero();
    }

    @Test
    void aFullWindowBlocksThePublisherUntilAConfirmFreesASlot() throws Exception {
        ConfirmWindow window = new ConfirmWindow(2);
        Recorded events = new Recorded();
        window.acquire(1, 0);
        window.acquire(2, 0);
        CompletableFuture<Void> third = CompletableFuture.runAsync(() -> {
            try {
                window.acquire(3, 0);
            } catch (InterruptedException | java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2)).until(() -> !third.isDone());
        window.settle(1, false, true, 1, events);
        third.get(5, TimeUnit.SECONDS);
        assertThat(window.outstanding()).isEqualTo(2);
        assertThat(window.awaitEmpty(50)).isFalse();
    }

    @Test
    void anAbandonedPublishFreesItsSlotWithoutAnEvent() throws Exception {
        ConfirmWindow window = new ConfirmWindow(1);
        Recorded events = new Recorded();
        window.acquire(1, 0);
        window.abandon(1);
        assertThat(window.outstanding()).isZero();
        window.acquire(2, 0);
        window.settle(2, true, true, 5, events);
        assertThat(events.confirmed).containsExactly(5L);
    }

    @Test
    void manyPublishesThroughASmallWindowAllSettleExactlyOnce() throws Exception {
        ConfirmWindow window = new ConfirmWindow(3);
        Recorded events = new Recorded();
        for (long seq = 1; seq <= 10_000; seq++) {
            window.acquire(seq, seq);
            if (seq % 3 == 0) {
                window.settle(seq, true, true, seq, events);
            }
        }
        window.settle(10_000, true, true, 0, events);
        assertThat(events.confirmed).hasSize(10_000);
    }

    @Test
    void abandoningTheWindowReportsEachOutstandingMessageAndWakesAWaitingPublisher() throws Exception {
        ConfirmWindow window = new ConfirmWindow(2);
        List<Long> unconfirmed = new ArrayList<>();
        PublishEvents events = new PublishEvents() {
            @Override
            public void unconfirmed(long id) {
                unconfirmed.add(id);
            }
        };
        window.acquire(1, 0, 101, () -> { });
        window.acquire(2, 0, 102, () -> { });
        CompletableFuture<Boolean> third = CompletableFuture.supplyAsync(() -> {
            try {
                window.acquire(3, 0, 103, () -> { });
                return false;
            } catch (ConfirmWindow.ChannelGoneException e) {
                return true;
            } catch (InterruptedException | java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2)).until(() -> !third.isDone());
        window.abandonAll(events, null);
        assertThat(third.get(5, TimeUnit.SECONDS)).as("the waiting publish is refused, not recorded").isTrue();
        assertThat(unconfirmed).containsExactlyInAnyOrder(101L, 102L);
        assertThat(window.outstanding()).isZero();
        assertThat(window.awaitEmpty(10)).isTrue();
    }

    @Test
    void aFullWindowThatRefillsInBatchesResumesOnlyWhenAQuarterIsFreeAndThenPublishesThatManyWithoutWaiting()
            throws Exception {
        ConfirmWindow window = new ConfirmWindow(8, ConfirmWindow.quarterOf(8));
        for (long seqNo = 1; seqNo <= 8; seqNo++) {
            window.acquire(seqNo, 0);
        }
        CompletableFuture<Long> ninth = CompletableFuture.supplyAsync(() -> acquireQuietly(window, 9));
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2)).until(() -> !ninth.isDone());
        window.settle(1, false, true, 1, PublishEvents.NONE);
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2)).until(() -> !ninth.isDone());
        window.settle(2, false, true, 1, PublishEvents.NONE);
        assertThat(ninth.get(5, TimeUnit.SECONDS)).as("waited").isPositive();
        assertThat(window.acquire(10, 0)).as("the second freed slot is there at once").isZero();
        assertThat(window.outstanding()).isEqualTo(8);
    }

    @Test
    void aWindowNeverRefillsInBatchesLargerThanItselfNorSmallerThanOne() {
        assertThat(ConfirmWindow.quarterOf(1)).isEqualTo(1);
        assertThat(ConfirmWindow.quarterOf(7)).isEqualTo(1);
        assertThat(ConfirmWindow.quarterOf(128)).isEqualTo(32);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ConfirmWindow(4, 5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static long acquireQuietly(ConfirmWindow window, long seqNo) {
        try {
            return window.acquire(seqNo, 0);
        } catch (InterruptedException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aPublishThatWaitedForASlotSaysHowLong() throws Exception {
        ConfirmWindow window = new ConfirmWindow(1);
        assertThat(window.acquire(1, 0)).as("a free slot costs no clock read").isZero();
        CompletableFuture.runAsync(() -> window.settle(1, false, true, 1, PublishEvents.NONE),
                CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
        assertThat(window.acquire(2, 0)).isGreaterThan(40_000_000L);
    }
}
