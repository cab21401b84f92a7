package dev.rabbittune.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs rate-limited producers on a few threads instead of one thread each: every thread owns a share of the
 * producers and a queue of their next due times, sleeping until the earliest. A thousand producers at 10 msg/s
 * cost a few threads and reach 10,000 msg/s, where a thread per producer sleeping in its own rate limiter loses
 * time to wake-ups and context switches (PerfTest issues #287, #289).
 *
 * <p>In fixed-rate mode each message is stamped with the time it was <em>due</em> and missed slots are caught up,
 * so a stall shows as latency instead of silently lowering the rate (coordinated omission). Otherwise the stamp is
 * the actual send time and a producer that falls more than a second behind resets its schedule. Slots still due when
 * publishing stops (a stall at the end of the run) are counted as {@link #missed}, not dropped.
 */
final class PacedProducers {

    private static final long MAX_CATCH_UP_NANOS = 1_000_000_000L;

    /** Slots due less than this before publishing stopped count as being sent, not as missed. */
    private static final long IN_FLIGHT_NANOS = 10_000_000L;

    /**
     * Messages due within this much of now are sent in the same wake-up: a thread driving thousands of messages per
     * second would otherwise park and wake (two syscalls and a timer) for every one of them.
     */
    private static final long SLACK_NANOS = 500_000L;

    private final List<Thread> threads = new ArrayList<>();

    /**
     * A producer not sent to because its connection is down or blocked is looked at again this much later; its
     * slot stays due, so in fixed-rate mode the wait shows in its latency or, at the end, as missed.
     */
    private static final long RETRY_NANOS = 50_000_000L;

    /**
     * A producer's place in its thread's schedule: {@code due}, when its next message is due, and {@code wakeAt}, when
     * to look at it next (later than due only while its connection is down or blocked). Changed by the thread that
     * owns it, only while it is out of the queue.
     */
    private static final class Slot {
        final Producer producer;
        final long firstDue;
        long due;
        long wakeAt;

        Slot(Producer producer, long firstDue) {
            this.producer = producer;
            this.firstDue = firstDue;
            this.due = firstDue;
            this.wakeAt = firstDue;
        }

        void dueAt(long nanos) {
            due = nanos;
            wakeAt = nanos;
        }
    }

    private final List<Slot> slots = new ArrayList<>();
    private final long intervalNanos;

    PacedProducers(List<Producer> producers, int threadCount, double ratePerProducer, boolean fixedRate,
                   ProducerPacing pacing, ProducerLoops.Control control) {
        int count = Math.min(threadCount, Math.max(1, producers.size()));
        SplittableRandom random = new SplittableRandom(42);
        long start = System.nanoTime();
        Rate rate = new Rate(ratePerProducer, pacing.variableRate(), start);
        this.intervalNanos = Math.max(1, rate.intervalNanos(start));
        // spread first sends over one interval (or the random start delay) so producers do not fire in lockstep
        long spreadNanos = pacing.randomStartDelaySeconds() > 0 ? pacing.randomStartDelaySeconds() * 1_000_000_000L
                : intervalNanos;
        for (int t = 0; t < count; t++) {
            PriorityQueue<Slot> schedule = new PriorityQueue<>((a, b) -> Long.compare(a.wakeAt, b.wakeAt));
            for (int p = t; p < producers.size(); p += count) {
                long first = start + random.nextLong(spreadNanos);
                Slot slot = new Slot(producers.get(p), first);
                schedule.add(slot);
                slots.add(slot);
            }
            Thread thread = new Thread(() -> run(schedule, rate, fixedRate, control),
                    "rabbittune-pacer-" + t);
            thread.setDaemon(true);
            threads.add(thread);
        }
    }

    List<Thread> threads() {
        return threads;
    }

    /**
     * The per-producer rate at a given time: fixed, or PerfTest's {@code --variable-rate} steps, where a rate of 0
     * pauses publishing until the next step.
     */
    private record Rate(double fixed, VariableValues variable, long start) {

        private static final long PAUSE_CHECK_NANOS = 100_000_000L;

        long intervalNanos(long now) {
            double perSecond = variable == null ? fixed : variable.valueAt(now - start);
            return perSecond <= 0 ? -1 : Math.max(1, Math.round(1e9 / perSecond));
        }

        /** When the next message is due after one due at {@code due} and sent at {@code now}. */
        long next(long due, long now) {
            long interval = intervalNanos(now);
            return interval < 0 ? now + PAUSE_CHECK_NANOS : due + interval;
        }
    }

    private static void run(PriorityQueue<Slot> schedule, Rate rate, boolean fixedRate,
                            ProducerLoops.Control control) {
        Slot next = null;
        try {
            while (control.publishing() && !schedule.isEmpty()) {
                next = schedule.poll();
                long due = next.due;
                long wakeAt = next.wakeAt;
                long now = System.nanoTime();
                if (wakeAt - now > SLACK_NANOS) {
                    // sleep until it is due, not until it enters the slack: on waking, everything due within the
                    // slack goes out together, so a fast schedule costs one wake-up per SLACK, not per message
                    while (wakeAt > now && control.publishing()) {
                        LockSupport.parkNanos(Math.min(wakeAt - now, 50_000_000L));
                        now = System.nanoTime();
                    }
                }
                if (!control.publishing()) {
                    return;
                }
                // a message sent up to SLACK early carries its real send time; a late one in fixed-rate mode the
                // time it was due
                if (rate.intervalNanos(now) < 0) {
                    next.dueAt(rate.next(due, now)); // a step at rate 0: publishing pauses
                    schedule.add(next);
                    next = null;
                    continue;
                }
                long sentBefore = next.producer.published();
                // no waiting here for a recovery or an unblocking: the thread's other producers, on other connections
                // or on the same one, are due too
                if (!next.producer.publishOne(fixedRate ? Math.min(due, now) : now, control::publishing, false)) {
                    next = null;
                    continue; // sent its message count: leaves the schedule
                }
                if (next.producer.published() == sentBefore) {
                    next.wakeAt = now + RETRY_NANOS; // not sent (connection down or blocked): the same slot, later
                    schedule.add(next);
                    next = null;
                    continue;
                }
                long nextDue = rate.next(due, now);
                if (!fixedRate && now - nextDue > MAX_CATCH_UP_NANOS) {
                    nextDue = now + Math.max(0, rate.intervalNanos(now));
                }
                next.dueAt(nextDue);
                schedule.add(next);
                next = null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            control.failed(e);
        }
    }

    /**
     * Fixed rate: the slots that fell due by {@code stopNanos} and were not sent, each given to {@code ages} with its
     * age at {@code stopNanos}. A fixed-rate producer sends its slots in order and never skips one, so the unsent
     * ones are the last ones due; this reads no state of the pacing threads but each producer's count, and so also
     * works while a thread is stuck writing to a broker that stopped reading.
     */
    long missed(long stopNanos, java.util.function.LongConsumer ages) {
        long missed = 0;
        // a slot that fell due in the last moment before the stop was being sent, not missed: a healthy run at
        // thousands of msg/s always has one or two such slots, and they are no stall
        long cutoff = stopNanos - IN_FLIGHT_NANOS;
        for (Slot slot : slots) {
            long first = slot.firstDue;
            if (cutoff < first) {
                continue;
            }
            long due = (cutoff - first) / intervalNanos + 1;
            if (slot.producer.limit() > 0) {
                due = Math.min(due, slot.producer.limit());
            }
            for (long k = slot.producer.published(); k < due; k++) {
                ages.accept(stopNanos - (first + k * intervalNanos));
                missed++;
            }
        }
        return missed;
    }
}
