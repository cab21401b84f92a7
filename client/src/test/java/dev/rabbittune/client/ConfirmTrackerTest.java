package dev.rabbittune.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import dev.rabbittune.testing.ConfirmScenarios;
import java.lang.reflect.Proxy;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The tracker's bookkeeping, without a broker: confirms are matched by their channel and sequence number. */
class ConfirmTrackerTest {

    /** An identity only: the tracker compares channels and never calls them. */
    private static Channel channelNamed(String name) {
        return (Channel) Proxy.newProxyInstance(Channel.class.getClassLoader(), new Class<?>[] {Channel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "toString" -> name;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static OutgoingMessage message(String id) {
        return new OutgoingMessage("", "q", new AMQP.BasicProperties.Builder().messageId(id).build(), new byte[1]);
    }

    /** The scenarios the benchmark's ConfirmWindow replays too: both settle the same messages for the same confirms. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.rabbittune.testing.ConfirmScenarios#all")
    void settlesWhatTheSharedConfirmScenarioSays(ConfirmScenarios.Scenario scenario) {
        ConfirmTracker tracker = new ConfirmTracker(scenario.window(), new ReturnMatcher(), new ProgressSignal());
        Channel channel = channelNamed("channel");
        TreeMap<Long, OutgoingMessage> sent = new TreeMap<>();
        long seq = 0;
        for (ConfirmScenarios.Step step : scenario.steps()) {
            if (step instanceof ConfirmScenarios.Publish publish) {
                for (int i = 0; i < publish.count(); i++) {
                    seq++;
                    OutgoingMessage message = message("m-" + seq);
                    assertThat(tracker.tryTakeSlot()).as("a free slot for %d", seq).isTrue();
                    assertThat(tracker.sentAs(channel, seq, message)).isTrue();
                    sent.put(seq, message);
                }
            } else if (step instanceof ConfirmScenarios.Confirm confirm) {
                // no retries: a nack fails the message, as the benchmark reports it
                assertThat(tracker.settle(channel, confirm.seqNo(), confirm.multiple(), confirm.ack(), 0)).isEmpty();
            }
        }
        Set<Long> acked = new HashSet<>();
        Set<Long> nacked = new HashSet<>();
        sent.forEach((number, message) -> {
            if (message.future.isCompletedExceptionally()) {
                assertThat(message.future).failsWithin(java.time.Duration.ZERO).withThrowableThat()
                        .havingCause().isInstanceOf(NackedException.class);
                nacked.add(number);
            } else if (message.future.isDone()) {
                acked.add(number);
            }
        });
        assertThat(acked).as("acked").isEqualTo(scenario.acked());
        assertThat(nacked).as("nacked").isEqualTo(scenario.nacked());
        assertThat(tracker.outstanding()).isEqualTo(scenario.outstanding().size());
        List<OutgoingMessage> left = tracker.takeAll(); // what a recovery republishes once the channel went
        assertThat(left).as("left when the channel went")
                .containsExactlyElementsOf(scenario.outstanding().stream().sorted().map(sent::get).toList());
    }

    @Test
    void aLateConfirmOfAGivenUpChannelSettlesNothingTheNewChannelSentUnderTheSameNumbers() {
        ConfirmTracker tracker = new ConfirmTracker(8, new ReturnMatcher(), new ProgressSignal());
        Channel given = channelNamed("given-up");
        Channel fresh = channelNamed("fresh");
        OutgoingMessage one = message("m-1");
        OutgoingMessage two = message("m-2");
        assertThat(tracker.tryTakeSlot() && tracker.tryTakeSlot()).isTrue();
        assertThat(tracker.sentAs(fresh, 1, one)).isTrue();
        assertThat(tracker.sentAs(fresh, 2, two)).isTrue();

        tracker.settle(given, 2, true, true, 3); // a multiple ack from the old channel, up to its number 2

        assertThat(one.isDone() || two.isDone()).as("nothing of the new channel's settled").isFalse();
        assertThat(tracker.outstanding()).isEqualTo(2);
        tracker.settle(fresh, 2, true, true, 3);
        assertThat(one.future).isCompleted();
        assertThat(two.future).isCompleted();
        assertThat(tracker.outstanding()).isZero();
        assertThat(tracker.noneUnconfirmed()).isTrue();
    }

    @Test
    void whatARepublishTookAConfirmNoLongerSettles() {
        ConfirmTracker tracker = new ConfirmTracker(8, new ReturnMatcher(), new ProgressSignal());
        Channel channel = channelNamed("channel");
        OutgoingMessage one = message("m-1");
        tracker.tryTakeSlot();
        tracker.sentAs(channel, 1, one);

        assertThat(tracker.takeAll()).containsExactly(one);
        tracker.settle(channel, 1, true, true, 3);

        assertThat(one.isDone()).as("the republish owns it now; its next confirm finishes it").isFalse();
        assertThat(tracker.outstanding()).isEqualTo(1);
    }

    @Test
    void aSecondContradictingOutcomeIsCountedAndAReturnThenAckIsNot() {
        ConfirmTracker tracker = new ConfirmTracker(8, new ReturnMatcher(), new ProgressSignal());
        OutgoingMessage acked = message("m-1");
        OutgoingMessage returned = message("m-2");
        tracker.tryTakeSlot();
        tracker.tryTakeSlot();

        tracker.finish(acked, null);
        tracker.finish(acked, new PublishException("too late"));
        returned.future.completeExceptionally(new UnroutableException(312, "NO_ROUTE", "", "nowhere"));
        tracker.finish(returned, null); // the ack that follows a return

        assertThat(tracker.contradictions()).isEqualTo(1);
        assertThat(tracker.outstanding()).as("each slot released once").isZero();
    }
}
