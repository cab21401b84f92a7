package dev.rabbittune.bench.tune;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock the test moves by hand, so that a sweep's budget is tested without waiting for it. */
final class StepClock extends Clock {

    private final AtomicLong nowMillis = new AtomicLong();

    void advanceSeconds(long seconds) {
        nowMillis.addAndGet(seconds * 1000);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(nowMillis.get());
    }
}
