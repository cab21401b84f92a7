package dev.rabbittune.bench;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Which messages of each producer arrived, by the sequence number in their body ({@link MessageStamp#writeId}):
 * a delivery of a number already seen is a duplicate (redelivered after a connection failure, or published again),
 * and at the end every number a producer sent that is not here is a message that never arrived. One bit per
 * message; consumers of one producer's messages may run on several threads, so each producer's set has its lock
 * (uncontended in the usual layout of one consumer per queue).
 */
final class Deliveries {

    private final AtomicReferenceArray<BitSet> seen;
    private final LongAdder unique = new LongAdder();
    private final LongAdder duplicates = new LongAdder();

    Deliveries(int producers) {
        this.seen = new AtomicReferenceArray<>(producers);
        for (int p = 0; p < producers; p++) {
            seen.set(p, new BitSet());
        }
    }

    /** Notes a delivery of message {@code seq} of {@code producer}; false when it had arrived before. */
    boolean arrived(int producer, long seq) {
        if (producer < 0 || producer >= seen.length() || seq < 0 || seq > Integer.MAX_VALUE) {
            return true; // not one of this run's identities: counted as received, never as a duplicate
        }
        BitSet set = seen.get(producer);
        boolean first;
        synchronized (set) {
            first = !set.get((int) seq);
            if (first) {
                set.set((int) seq);
            }
        }
        (first ? unique : duplicates).increment();
        return first;
    }

    long unique() {
        return unique.sum();
    }

    long duplicates() {
        return duplicates.sum();
    }

    /** Messages {@code 0 .. sent-1} of {@code producer} that never arrived. */
    long missing(int producer, long sent) {
        BitSet set = seen.get(producer);
        synchronized (set) {
            return sent - set.get(0, (int) Math.min(sent, Integer.MAX_VALUE)).cardinality();
        }
    }

    /** Of {@code ids} (sequence numbers of {@code producer}), how many never arrived. */
    long missingAmong(int producer, BitSet ids) {
        BitSet set = seen.get(producer);
        BitSet absent = (BitSet) ids.clone();
        synchronized (set) {
            absent.andNot(set);
        }
        return absent.cardinality();
    }
}
