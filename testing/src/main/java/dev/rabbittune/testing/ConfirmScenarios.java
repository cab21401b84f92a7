package dev.rabbittune.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;

/**
 * What publisher confirms mean, once, for both trackers of them: the library's {@code ConfirmTracker} (futures,
 * retries, republishing) and the benchmark's allocation-free {@code ConfirmWindow} (one thread, latency stamps). They
 * are two implementations on purpose, since the benchmark must not allocate per message, so their tests replay these
 * scenarios and the two cannot drift apart on which message a confirm settles.
 *
 * <p>The rules, from the AMQP 0-9-1 confirm extension as RabbitMQ implements it
 * (https://www.rabbitmq.com/docs/confirms#publisher-confirms): a channel numbers its publishes from 1; a
 * {@code basic.ack} or {@code basic.nack} with {@code multiple} settles every outstanding number up to and including
 * its own; without it, just its own; a number is settled at most once, so a repeated or overlapping confirm settles
 * nothing twice; a confirm for a number not outstanding does nothing; and when the channel goes, whatever is still
 * outstanding was neither confirmed nor refused.
 */
public final class ConfirmScenarios {

    private ConfirmScenarios() {
    }

    /** What happens on the channel, in order: publishes, or a confirm. */
    public sealed interface Step permits Publish, Confirm {
    }

    /** The next {@code count} publishes (numbered on from the last). */
    public record Publish(int count) implements Step {
    }

    /** One {@code basic.ack} ({@code ack}) or {@code basic.nack} for {@code seqNo}. */
    public record Confirm(long seqNo, boolean multiple, boolean ack) implements Step {
    }

    /**
     * {@code steps} in a window of {@code window} (never more publishes outstanding than that); afterwards each
     * number 1..{@code published} is in exactly one of {@code acked}, {@code nacked} or {@code outstanding} (what the
     * channel's loss then reports as unconfirmed).
     */
    public record Scenario(String name, int window, List<Step> steps, int published, Set<Long> acked,
                           Set<Long> nacked, Set<Long> outstanding) {
        @Override
        public String toString() {
            return name;
        }
    }

    public static List<Scenario> all() {
        return List.of(
                scenario("single acks in order", 8, 3, List.of(ack(1), ack(2), ack(3)), range(1, 3), Set.of()),
                scenario("a multiple ack settles up to its number", 8, 5, List.of(ackUpTo(3)), range(1, 3), Set.of()),
                scenario("single acks out of order, then a multiple over them", 4, 4,
                        List.of(ack(2), ack(4), ackUpTo(4)), range(1, 4), Set.of()),
                scenario("a nack among acks", 8, 4, List.of(ack(1), nack(2), ack(3)), Set.of(1L, 3L), Set.of(2L)),
                scenario("a multiple nack", 8, 5, List.of(ack(1), nackUpTo(4)), Set.of(1L), range(2, 4)),
                scenario("the same confirm twice", 8, 2, List.of(ack(1), ack(1), nack(1)), Set.of(1L), Set.of()),
                scenario("a multiple ack after a multiple nack", 8, 6, List.of(nackUpTo(2), ackUpTo(5)), range(3, 5),
                        range(1, 2)),
                scenario("a confirm beyond the last publish", 8, 3, List.of(ack(7), ackUpTo(9)), range(1, 3),
                        Set.of()),
                scenario("nothing confirmed: the channel's loss leaves all", 8, 3, List.of(), Set.of(), Set.of()),
                scenario("a full window, half confirmed", 4, 4, List.of(ackUpTo(2)), range(1, 2), Set.of()),
                wrappingAround());
    }

    /**
     * Ten times the window's size through a window of 4, so the numbers go round any ring of slots several times:
     * in rounds of 4, confirmed by one multiple ack, singles out of order, or a nack; the last round left half open.
     */
    private static Scenario wrappingAround() {
        List<Step> steps = new ArrayList<>();
        Set<Long> nacked = new TreeSet<>();
        long next = 1;
        for (int round = 0; round < 10; round++, next += 4) {
            steps.add(new Publish(4));
            switch (round % 3) {
                case 0 -> steps.add(ackUpTo(next + 3));
                case 1 -> steps.addAll(List.of(ack(next + 2), ack(next), ack(next + 3), ack(next + 1)));
                default -> {
                    steps.addAll(List.of(nack(next + 1), ackUpTo(next + 3)));
                    nacked.add(next + 1);
                }
            }
        }
        steps.addAll(List.of(new Publish(4), ack(next + 1), ack(next + 3)));
        Set<Long> acked = new TreeSet<>(range(1, next + 3));
        acked.removeAll(nacked);
        acked.removeAll(Set.of(next, next + 2));
        return new Scenario("ten windows' worth through one window, round and round", 4, steps, (int) next + 3,
                Set.copyOf(acked), Set.copyOf(nacked), Set.of(next, next + 2));
    }

    private static Scenario scenario(String name, int window, int published, List<Confirm> confirms, Set<Long> acked,
                                     Set<Long> nacked) {
        Set<Long> outstanding = new TreeSet<>(range(1, published));
        outstanding.removeAll(acked);
        outstanding.removeAll(nacked);
        List<Step> steps = new ArrayList<>();
        steps.add(new Publish(published));
        steps.addAll(confirms);
        return new Scenario(name, window, List.copyOf(steps), published, acked, nacked, Set.copyOf(outstanding));
    }

    private static Confirm ack(long seqNo) {
        return new Confirm(seqNo, false, true);
    }

    private static Confirm nack(long seqNo) {
        return new Confirm(seqNo, false, false);
    }

    private static Confirm ackUpTo(long seqNo) {
        return new Confirm(seqNo, true, true);
    }

    private static Confirm nackUpTo(long seqNo) {
        return new Confirm(seqNo, true, false);
    }

    private static Set<Long> range(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}
