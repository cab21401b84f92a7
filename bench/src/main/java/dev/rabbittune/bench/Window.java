package dev.rabbittune.bench;

import java.util.List;

/**
 * The measured part of a run: everything after the warm-up samples. Rates are counted over it, so that JIT
 * compilation, connection set-up and the first fill of the queues do not lower (or raise) them.
 *
 * @param warmupSeconds where the warm-up ended (the end of its last sample); 0 without one
 */
record Window(double warmupSeconds, double publishSeconds, double totalSeconds, long warmupSent,
              long warmupConfirmed, long warmupReceived) {

    static Window of(List<Sample> samples, double publishSeconds, double totalSeconds) {
        double end = 0;
        long sent = 0;
        long confirmed = 0;
        long received = 0;
        for (Sample sample : samples) {
            if (sample.phase().equals("warmup")) {
                end = sample.elapsedSeconds();
                sent += sample.sent();
                confirmed += sample.confirmed();
                received += sample.received();
            }
        }
        return new Window(end, publishSeconds, totalSeconds, sent, confirmed, received);
    }

    /** Messages per second after the warm-up: over the publishing time, or over the whole run (receiving). */
    double rate(long total, long inWarmup, boolean publishing) {
        double seconds = (publishing ? publishSeconds : totalSeconds) - warmupSeconds;
        return seconds > 0 ? (total - inWarmup) / seconds : 0;
    }
}
